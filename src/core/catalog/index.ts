// The catalog's public face, used by the hover, the CLI, the health check and the quick fixes.
// Entries handed out here are translated into the active display language; the matcher and the renderers
// take the catalog's English entries and translate when they write.
import { builtinCatalog, type Catalog } from './catalog';
import { isAboutOpenAI as aboutOpenAI } from './about';
import { mentionsOpenAI } from './evidence';
import { localizeEntry } from './localize';
import { explainText as matchText, type CatalogMatch, type ExplainOptions } from './matcher';
import type { CatalogEntry } from './types';

export type { CatalogEntry } from './types';
export type { Catalog, CatalogEntryPatch } from './catalog';
export { builtinCatalog, createCatalog, overlayCatalog } from './catalog';
export type { CatalogMatch, ExplainOptions, MentionKind } from './matcher';
export { mentionsOpenAI };
export { renderEntryMarkdown, renderEntryText, renderEntryHtml, healthCheckCommand, type RenderOptions } from './render';
export { renderExplanationPage, type ExplanationPageOptions } from './explanationPage';
export { OutputWatcher } from './outputWatcher';
export { localizeEntry } from './localize';
export { parseCatalogFile, loadCatalogFiles, formatProblem, type CatalogProblem, type CatalogFileText } from './customCatalog';

let active: Catalog | undefined;

/** The catalog in use: the built-in one unless custom files were loaded (see useCatalog). */
export function activeCatalog(): Catalog {
  return active ?? builtinCatalog();
}

/** Makes a catalog (built-in plus custom files) the one every lookup and match uses. */
export function useCatalog(catalog: Catalog | undefined): void {
  active = catalog;
}

/** The entry with this id, translated; undefined for an unknown id. */
export function getCatalogEntry(id: string): CatalogEntry | undefined {
  const entry = activeCatalog().get(id);
  return entry && localizeEntry(entry);
}

/** Every entry, translated, in catalog order. */
export function catalogEntries(): readonly CatalogEntry[] {
  return activeCatalog().entries.map(localizeEntry);
}

/** Whether a document is about OpenAI (about.ts), judged with the catalog in use. */
export function isAboutOpenAI(text: string, catalog: Catalog = activeCatalog()): boolean {
  return aboutOpenAI(text, catalog);
}

/** Every OpenAI error mention in `text`, best first (see matcher.ts for the ranking). */
export function explainText(text: string, catalog: Catalog = activeCatalog(), options: ExplainOptions = {}): CatalogMatch[] {
  return matchText(text, catalog, options);
}
