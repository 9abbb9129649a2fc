// One description of an entry, written out three times: as Markdown for the hover, as plain text for the CLI,
// and as HTML for the editor's explanation panel. All read the same sections in the same order, so the
// terminal says exactly what the editor shows.
import { escapeHtml } from '../htmlPage';
import { t } from '../l10n';
import { localizeEntry } from './localize';
import type { CatalogEntry, SdkFlavourName } from './types';

export const healthCheckCommand = 'openaiErrorGuard.checkHealth';

export interface RenderOptions {
  /**
   * What the text showed, when rendering a match: the badges then show only these (a bare 429 must not be
   * labelled with one particular code). Without it the entry's own first status and code are shown.
   */
  seen?: { status?: number; code?: string };
  /** Markdown and HTML: add the command link that runs the health check (needs a trusted MarkdownString, or a webview that allows the command). */
  commandLinks?: boolean;
}

const sdkLabels: Record<SdkFlavourName, string> = {
  'openai-python-v1': 'Python',
  'openai-python-v0': 'Python 0.x',
  'openai-node-v4': 'Node',
  'openai-node-v3': 'Node v3',
};

interface EntryDescription {
  title: string;
  badges: string[];
  meaning: string;
  action: string;
  retry: string;
  exceptions: Array<[label: string, className: string]>;
  docsUrl?: string;
  healthCheck: boolean;
}

function describe(entry: CatalogEntry, options: RenderOptions): EntryDescription {
  const localized = localizeEntry(entry);
  const status = options.seen ? options.seen.status : entry.status?.[0];
  const code = options.seen ? options.seen.code : entry.codes?.[0];
  return {
    title: localized.title,
    badges: [status === undefined ? undefined : String(status), code].filter((badge): badge is string => Boolean(badge)),
    meaning: localized.cause,
    action: localized.solution,
    retry: retryAdvice(entry),
    exceptions: (Object.keys(sdkLabels) as SdkFlavourName[]).flatMap((flavour) => {
      const className = entry.exceptions?.[flavour];
      return className ? [[sdkLabels[flavour], className] as [string, string]] : [];
    }),
    docsUrl: entry.docsUrl && /^https:\/\/[^\s()<>]+$/.test(entry.docsUrl) ? entry.docsUrl : undefined,
    healthCheck: Boolean(entry.healthCheckHelps),
  };
}

function retryAdvice(entry: CatalogEntry): string {
  if (entry.retryAdvice) return t(entry.retryAdvice);
  if (entry.retryable && entry.sdkRetries) return t('Yes, with backoff. The SDK (Python 1.x+, Node v4+) already retried it twice before raising it.');
  if (entry.retryable) return t('Yes, with backoff.');
  if (entry.sdkRetries) return t('No, it will fail again. The SDK still retries it twice before raising it, which only delays the error.');
  return t('No, fix the cause first.');
}

export function renderEntryMarkdown(entry: CatalogEntry, options: RenderOptions = {}): string {
  const d = describe(entry, options);
  const badges = d.badges.map((badge) => ` \`${codeSpan(badge)}\``).join('');
  const lines = [
    `**${escapeMarkdown(d.title)}**${badges}`,
    '',
    escapeMarkdown(d.meaning),
    '',
    `**${t('What to do:')}** ${escapeMarkdown(d.action)}`,
    '',
    `**${t('Retry:')}** ${escapeMarkdown(d.retry)}`,
  ];
  if (d.exceptions.length > 0) {
    lines.push('', `**${t('Raised as:')}** ` + d.exceptions.map(([label, name]) => `${label} ${classMarkdown(name)}`).join(' · '));
  }
  const links: string[] = [];
  if (d.docsUrl) links.push(`[${t('Documentation')}](${d.docsUrl})`);
  if (d.healthCheck && options.commandLinks) links.push(`[${t('Check API key and connection')}](command:${healthCheckCommand})`);
  if (links.length > 0) lines.push('', links.join(' · '));
  return lines.join('\n');
}

export function renderEntryText(entry: CatalogEntry, options: RenderOptions = {}): string {
  const d = describe(entry, options);
  const lines = [
    d.badges.length > 0 ? `${d.title} (${d.badges.join(' ')})` : d.title,
    `  ${d.meaning}`,
    `  ${t('What to do:')} ${d.action}`,
    `  ${t('Retry:')} ${d.retry}`,
  ];
  if (d.exceptions.length > 0) lines.push(`  ${t('Raised as:')} ` + d.exceptions.map(([label, name]) => `${label} ${classText(name)}`).join(', '));
  if (d.docsUrl) lines.push(`  ${t('Documentation')}: ${d.docsUrl}`);
  if (d.healthCheck) lines.push(`  ${t('Diagnose with:')} openai-error-guard doctor`);
  return lines.join('\n');
}

/** The same sections as HTML, for a webview; every text is escaped, the only links are docs and the health check. */
export function renderEntryHtml(entry: CatalogEntry, options: RenderOptions = {}): string {
  const d = describe(entry, options);
  const badges = d.badges.map((badge) => ` <code>${escapeHtml(badge)}</code>`).join('');
  const parts = [
    `<h2>${escapeHtml(d.title)}${badges}</h2>`,
    `<p>${escapeHtml(d.meaning)}</p>`,
    `<p><strong>${escapeHtml(t('What to do:'))}</strong> ${escapeHtml(d.action)}</p>`,
    `<p><strong>${escapeHtml(t('Retry:'))}</strong> ${escapeHtml(d.retry)}</p>`,
  ];
  if (d.exceptions.length > 0) {
    parts.push(`<p><strong>${escapeHtml(t('Raised as:'))}</strong> ` + d.exceptions.map(([label, name]) => `${escapeHtml(label)} <code>${escapeHtml(classText(name))}</code>`).join(' · ') + '</p>');
  }
  const links: string[] = [];
  if (d.docsUrl) links.push(`<a href="${escapeHtml(d.docsUrl)}">${escapeHtml(t('Documentation'))}</a>`);
  if (d.healthCheck && options.commandLinks) links.push(`<a href="command:${healthCheckCommand}">${escapeHtml(t('Check API key and connection'))}</a>`);
  if (links.length > 0) parts.push(`<p>${links.join(' · ')}</p>`);
  return parts.join('\n');
}


/** Custom catalogs supply text too: nothing in it may turn into a link, an image or HTML. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]()<>|~#&!]/g, '\\$&');
}

function classText(written: string): string {
  const noted = /^(\S+) \((.+)\)$/.exec(written);
  return noted ? `${noted[1]} (${t(noted[2])})` : written;
}

/** "openai.OpenAIError (when the client is created)": the class in a code span, the note as text. */
function classMarkdown(written: string): string {
  const noted = /^(\S+) \((.+)\)$/.exec(written);
  return noted ? `\`${codeSpan(noted[1])}\` (${escapeMarkdown(t(noted[2]))})` : `\`${codeSpan(written)}\``;
}

function codeSpan(text: string): string {
  return text.replace(/`/g, "'");
}
