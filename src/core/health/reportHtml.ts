// The report as an HTML page for the editor's webview. Every value is escaped (server messages end up here),
// and the page loads nothing but its stylesheet, under a policy that allows nothing else.
import { escapeHtml, htmlPage } from '../htmlPage';
import { t } from '../l10n';
import { describeVerdict, stepLabel, warningText } from './report';
import type { HealthResult } from './types';

export interface ReportPageOptions {
  /** The webview's cspSource, the only origin styles may come from. */
  cspSource: string;
  /** URI of media/report.css as the webview sees it. */
  styleUri: string;
  /** A command: URI that runs the check again (the webview allows only that command). */
  rerunUri: string;
  /** When the check ran, already formatted for display. */
  checkedAt: string;
}

export function renderReportHtml(result: HealthResult, options: ReportPageOptions): string {
  const verdict = describeVerdict(result);
  const rows = result.steps.map((step) => `
      <tr class="${step.ok ? 'ok' : 'failed'}">
        <td class="mark">${step.ok ? '✓' : '✗'}</td>
        <td>${escapeHtml(stepLabel(step.name))}</td>
        <td class="ms">${step.ms} ms</td>
        <td>${escapeHtml(step.detail ?? '')}</td>
      </tr>`).join('');
  const facts: Array<[string, string | undefined]> = [
    [t('Base URL'), result.baseUrl + (result.azure ? ' (Azure OpenAI)' : '')],
    [t('Proxy'), result.proxy],
    [t('API key'), result.key ? `${result.key.masked} (${result.key.source})` : undefined],
    [t('Model:'), result.model ? `${result.model.name} (${result.model.available ? t('available') : t('not available')})` : undefined],
    [t('Request id:'), result.requestId],
    [t('Rate limits:'), result.rateLimits ? Object.entries(result.rateLimits).map(([name, value]) => `${name}=${value}`).join(', ') : undefined],
    [t('Checked at'), options.checkedAt],
  ];
  return htmlPage({
    cspSource: options.cspSource,
    styleUri: options.styleUri,
    title: t('OpenAI health check'),
    body: `  <section class="verdict ${result.ok ? 'ok' : 'failed'}" data-verdict="${escapeHtml(result.verdict)}">
    <h1>${result.ok ? '✓' : '✗'} ${escapeHtml(verdict.title)}${result.ok ? '' : ` <code>${escapeHtml(result.verdict)}</code>`}</h1>
    ${result.detail ? `<p class="detail">${escapeHtml(result.detail)}</p>` : ''}
    ${verdict.cause ? `<p><strong>${escapeHtml(t('Cause:'))}</strong> ${escapeHtml(verdict.cause)}</p>` : ''}
    ${verdict.solution ? `<p><strong>${escapeHtml(t('Fix:'))}</strong> ${escapeHtml(verdict.solution)}</p>` : ''}
  </section>
  ${result.warnings.map((warning) => `<p class="warning">${escapeHtml(warningText(warning))}</p>`).join('\n  ')}
  <table class="steps">
    <thead><tr><th></th><th>${escapeHtml(t('Step'))}</th><th>${escapeHtml(t('Time'))}</th><th>${escapeHtml(t('Details'))}</th></tr></thead>
    <tbody>${rows}
    </tbody>
  </table>
  <dl class="facts">
    ${facts.filter(([, value]) => value).map(([name, value]) => `<dt>${escapeHtml(name.replace(/:$/, ''))}</dt><dd>${escapeHtml(value ?? '')}</dd>`).join('\n    ')}
  </dl>
  <p><a href="${escapeHtml(options.rerunUri)}">${escapeHtml(t('Check again'))}</a></p>`,
  });
}

