// The quick fixes' public face (pure, no vscode): the fixes offered for one finding, fix-all, and applying edits.
import type { Finding, SourceLanguage, TextEdit } from '../types';
import { t } from '../l10n';
import type { FixAction, FixKind, FixOptions } from './options';
import { parseWith, type SyntaxNode } from './syntax';
import { pythonWrapEdits } from './python/wrap';
import { pythonAddHandlersEdits } from './python/addHandlers';
import { pythonReorderEdits } from './python/reorder';
import { jsWrapEdits } from './js/wrap';
import { jsAddHandlersEdits } from './js/addHandlers';
import { jsReorderEdits } from './js/reorder';
import { ignoreFileEdit, ignoreLineEdit } from './ignore';
import { fixAllWith, type FixAllResult } from './fixAll';
import { analyzeText } from '../analysis';

export type { FixAction, FixKind, FixOptions, HandlerStyle } from './options';
export { handlerStyles } from './options';
export { applyEdits } from './text';
export type { FixAllResult } from './fixAll';

/** The fixes for one finding: the real fix first (preferred), then "ignore" for this line and for the file. */
export async function fixesForFinding(text: string, language: SourceLanguage, finding: Finding, options: FixOptions): Promise<FixAction[]> {
  const actions: FixAction[] = [];
  const realFix = await repairFor(text, language, finding, options);
  if (realFix) actions.push(realFix);
  actions.push(
    { title: t('Ignore {0} on this line', finding.rule), kind: 'ignoreLine', rule: finding.rule, isPreferred: false, edits: [ignoreLineEdit(text, language, finding)] },
    { title: t('Ignore {0} in this file', finding.rule), kind: 'ignoreFile', rule: finding.rule, isPreferred: false, edits: [ignoreFileEdit(text, language, finding)] },
  );
  return actions;
}

/** The real fix for each rule: wrap an unhandled call, add what a partial handling lacks, reorder a dead handler. */
async function repairFor(text: string, language: SourceLanguage, finding: Finding, options: FixOptions): Promise<FixAction | undefined> {
  const python = language === 'python';
  const [kind, title, build] = ((): [FixKind, string, (root: SyntaxNode) => TextEdit[] | undefined] => {
    switch (finding.rule) {
      case 'unhandled-call':
        return ['wrap', t('Wrap with OpenAI error handlers'),
          (root) => (python ? pythonWrapEdits(text, root, finding, options) : jsWrapEdits(text, root, finding, options, language))];
      case 'partial-handling':
        return ['addHandlers', t('Add the missing OpenAI error handlers'),
          (root) => (python ? pythonAddHandlersEdits(text, root, finding, options) : jsAddHandlersEdits(text, root, finding, options, language))];
      case 'unreachable-handler':
        return ['reorderHandlers', t('Move this handler before the one that shadows it'),
          (root) => (python ? pythonReorderEdits(text, root, finding) : jsReorderEdits(text, root, finding))];
    }
  })();
  const edits = await parseWith(language, text, build);
  return edits ? { title, kind, rule: finding.rule, isPreferred: true, edits } : undefined;
}

/**
 * Applies the preferred fix of every finding in the text, re-analysing after each one so fixes never work
 * from stale positions or overlap; reports what is left (findings without an automatic fix).
 */
export function fixAll(text: string, language: SourceLanguage, options: FixOptions, isCancelled?: () => boolean): Promise<FixAllResult> {
  return fixAllWith(
    (current) => analyzeText(current, language, { extraClientNames: options.extraClientNames ? [...options.extraClientNames] : undefined }),
    async (current, _language, finding) => (await fixesForFinding(current, language, finding, options)).find((action) => action.isPreferred),
    text,
    language,
    options,
    isCancelled,
  );
}
