// Catalog texts are English l10n keys: an entry is translated when it is shown, so a display language chosen
// after the catalog was built still applies. Custom entries pass through unchanged unless a bundle knows them.
import { t } from '../l10n';
import type { CatalogEntry } from './types';

export function localizeEntry(entry: CatalogEntry): CatalogEntry {
  return { ...entry, title: t(entry.title), cause: t(entry.cause), solution: t(entry.solution) };
}
