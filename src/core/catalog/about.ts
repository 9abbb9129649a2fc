// Whether a document is about OpenAI, for the places that judge one line inside a bigger text (the hover, the
// terminal links, the explain command, the debug-output watcher).
import type { Catalog } from './catalog';
import { mentionsOpenAI } from './evidence';
import { explainText } from './matcher';

/** The matcher looks for OpenAI-only error texts this far into a document (the name search goes further). */
const errorTextScanLimit = 262_144;

/**
 * A document is about OpenAI when it names OpenAI (evidence.ts) or holds an error text that needs no context
 * to count: an OpenAI-only code such as `server_is_overloaded`, a message such as "You exceeded your current
 * quota".
 */
export function isAboutOpenAI(text: string, catalog: Catalog): boolean {
  return mentionsOpenAI(text) || explainText(text, catalog, { mentionsOpenAI: false, maxMatches: 1, maxChars: errorTextScanLimit }).length > 0;
}
