// A catalog is the built-in entries, possibly overlaid by a team's own files. It is immutable: loading new
// files builds a new catalog, so a match result never sees entries change under it.
import type { CatalogEntry } from './types';
import { builtinEntries, builtinStatusFallback } from './builtin';

export interface Catalog {
  readonly entries: readonly CatalogEntry[];
  /** The entry id a bare HTTP status stands for. */
  readonly statusFallback: Readonly<Record<number, string>>;
  get(id: string): CatalogEntry | undefined;
}

/** Fields a custom file may set for an existing id; a new id must bring title, cause and solution too. */
export type CatalogEntryPatch = Partial<CatalogEntry> & { id: string };

export function createCatalog(entries: readonly CatalogEntry[], statusFallback: Readonly<Record<number, string>>): Catalog {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  return { entries, statusFallback, get: (id) => byId.get(id) };
}

let builtin: Catalog | undefined;

export function builtinCatalog(): Catalog {
  builtin ??= createCatalog(builtinEntries, builtinStatusFallback);
  return builtin;
}

/**
 * Applies patches in order: a known id gets the given fields replaced (arrays too, so a team can narrow
 * `messages`), an unknown id is added after the built-in entries. Patches for new ids must be complete
 * (the custom catalog parser checks that before they get here).
 */
export function overlayCatalog(base: Catalog, patches: readonly CatalogEntryPatch[]): Catalog {
  if (patches.length === 0) return base;
  const entries = [...base.entries];
  const indexById = new Map(entries.map((entry, index) => [entry.id, index]));
  for (const patch of patches) {
    const index = indexById.get(patch.id);
    if (index === undefined) {
      indexById.set(patch.id, entries.length);
      entries.push(patch as CatalogEntry);
    } else {
      entries[index] = { ...entries[index], ...patch };
    }
  }
  return createCatalog(entries, base.statusFallback);
}
