// The plain-text report of a check: one line per step with ✓/✗ and its time, then the verdict with the
// catalog's cause and fix. `doctor` prints it; the extension writes it to its output channel.
import { getCatalogEntry } from '../catalog';
import { t } from '../l10n';
import type { HealthResult, HealthStepName, HealthWarning } from './types';

export function stepLabel(name: HealthStepName): string {
  switch (name) {
    case 'key': return t('API key');
    case 'dns': return t('DNS lookup');
    case 'tcp': return t('TCP connect');
    case 'proxy': return t('Proxy tunnel');
    case 'tls': return t('TLS handshake');
    case 'models': return t('List models');
    case 'model': return t('Model access');
  }
}

export function warningText(warning: HealthWarning): string {
  switch (warning) {
    case 'insecure-base-url': return t('The base URL uses plain HTTP to another computer: the API key travels unencrypted.');
    case 'insecure-proxy': return t('The request goes in plain HTTP through a proxy on another computer: the proxy would see the API key.');
    case 'tls-checks-disabled': return t('Certificate checks are switched off (NODE_TLS_REJECT_UNAUTHORIZED=0): programs using this environment accept any server posing as the API. This check verifies certificates anyway.');
  }
}

export interface VerdictText {
  title: string;
  cause?: string;
  solution?: string;
}

/** The verdict in words: the catalog entry's title, cause and fix (or just the id for an unknown one). */
export function describeVerdict(result: HealthResult): VerdictText {
  if (result.ok) return { title: t('Healthy: the key works and the API answers.') };
  const entry = getCatalogEntry(result.verdict);
  return entry ? { title: entry.title, cause: entry.cause, solution: entry.solution } : { title: result.verdict };
}

/** The notification after a failed check: the title, the check's detail and the fix, each closed as a sentence
 * so they cannot run together ("…provided: sk-abc***wxyz Create a new key…"). */
export function verdictMessage(result: HealthResult): string {
  const verdict = describeVerdict(result);
  return [verdict.title, result.detail, verdict.solution]
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part))
    .map((part) => (/[.!?。]$/.test(part) ? part : `${part}.`))
    .join(' ');
}

/** The status bar's words for a result: the short human title (the catalog id is for the tooltip). */
export function verdictStatus(result: HealthResult): { label: string; tooltip: string } {
  const verdict = describeVerdict(result);
  const total = result.steps.reduce((sum, step) => sum + step.ms, 0);
  if (result.ok) return { label: '', tooltip: `${verdict.title} (${total} ms)` };
  return { label: verdict.title, tooltip: `${verdict.title} — ${result.verdict} (${total} ms)` };
}

export function formatHealthReport(result: HealthResult): string {
  const labels = result.steps.map((step) => stepLabel(step.name));
  const width = Math.max(0, ...labels.map((label) => label.length));
  const lines = [t('OpenAI health check: {0}', result.baseUrl)];
  if (result.proxy) lines.push(t('Proxy: {0}', result.proxy));
  for (const warning of result.warnings) lines.push(`! ${warningText(warning)}`);
  result.steps.forEach((step, index) => {
    const time = `${step.ms} ms`.padStart(8);
    lines.push(`${step.ok ? '✓' : '✗'} ${labels[index].padEnd(width)} ${time}${step.detail ? `  ${step.detail}` : ''}`);
  });
  lines.push('');
  const verdict = describeVerdict(result);
  lines.push(result.ok ? `✓ ${verdict.title}` : `✗ ${t('Verdict: {0} ({1})', verdict.title, result.verdict)}`);
  if (result.detail) lines.push(`  ${result.detail}`);
  if (verdict.cause) lines.push(`  ${t('Cause:')} ${verdict.cause}`);
  if (verdict.solution) lines.push(`  ${t('Fix:')} ${verdict.solution}`);
  if (result.model) lines.push(`  ${t('Model:')} ${result.model.name} (${result.model.available ? t('available') : t('not available')})`);
  if (result.requestId) lines.push(`  ${t('Request id:')} ${result.requestId}`);
  if (result.rateLimits) lines.push(`  ${t('Rate limits:')} ${Object.entries(result.rateLimits).map(([name, value]) => `${name}=${value}`).join(', ')}`);
  return lines.join('\n') + '\n';
}
