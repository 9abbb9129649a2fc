// Where each rule is documented (the README anchors) and its one-line description, shared by diagnostics
// (the code link) and the SARIF output (the rule metadata).
import { t } from '../l10n';
import type { RuleId } from '../types';

const readme = 'https://github.com/openai-error-guard/openai-error-guard';

export function ruleDocumentationUri(rule: RuleId): string {
  return `${readme}#rule-${rule}`;
}

export function ruleDescription(rule: RuleId): string {
  switch (rule) {
    case 'unhandled-call': return t('An OpenAI SDK call that no error handling protects.');
    case 'partial-handling': return t('Error handlers around an OpenAI call that let some OpenAI errors escape.');
    case 'unreachable-handler': return t('An exception handler that can never run because an earlier one catches its superclass.');
  }
}
