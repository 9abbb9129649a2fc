// The explanation panel's page: the text that was explained, then one section per explanation found in it,
// best first (the same order as `explain`). The page runs no script and loads only its stylesheet; its only
// command link runs the health check.
import { t } from '../l10n';
import { maskKeys, type CatalogMatch } from './matcher';
import { escapeHtml, htmlPage } from '../htmlPage';
import { renderEntryHtml } from './render';

export interface ExplanationPageOptions {
  /** The webview's cspSource, the only origin styles may come from. */
  cspSource: string;
  /** URI of the stylesheet as the webview sees it. */
  styleUri: string;
  /** Where the text came from, e.g. "Terminal: bash" or "Selection in app.log" (empty: not shown). */
  source: string;
}

/** Longer texts are shortened in the page: the matches carry what matters. */
const maxQuotedLength = 2000;

export function renderExplanationPage(text: string, matches: readonly CatalogMatch[], options: ExplanationPageOptions): string {
  const quoted = maskKeys(text.length > maxQuotedLength ? `${text.slice(0, maxQuotedLength)}…` : text);
  const seen = new Set<string>();
  const sections = matches.filter((match) => !seen.has(match.id) && seen.add(match.id)).map((match) => `
  <section class="explanation" data-id="${escapeHtml(match.id)}">
    <p class="where">${escapeHtml(t('At {0}:', `${match.start.line + 1}:${match.start.character + 1}`))} <code>${escapeHtml(match.text)}</code></p>
    ${renderEntryHtml(match.entry, { seen: match, commandLinks: true })}
  </section>`).join('');
  return htmlPage({
    cspSource: options.cspSource,
    styleUri: options.styleUri,
    title: t('OpenAI error explained'),
    body: `  <h1>${escapeHtml(t('OpenAI error explained'))}</h1>
  ${options.source ? `<p class="source">${escapeHtml(options.source)}</p>` : ''}
  <pre class="quoted">${escapeHtml(quoted)}</pre>${sections}`,
  });
}
