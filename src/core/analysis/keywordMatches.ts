// Patterns that start with a keyword (after `^[ \t]*` in a multiline pattern, or after `\b`) found from their
// keywords. V8 cannot skip ahead in such a pattern: it tries it at every character of the text, which on the
// index's 34 MB corpus cost more than a tenth of a second per pattern. A keyword search with indexOf jumps to
// the few places a match can start, and the pattern (made sticky) is tried there only.

/** The characters after which a multiline `^` matches (ECMAScript's line terminators). */
function isLineTerminator(code: number): boolean {
  return code === 10 || code === 13 || code === 0x2028 || code === 0x2029;
}

const stickyCopies = new WeakMap<RegExp, RegExp>();

function stickyCopy(pattern: RegExp): RegExp {
  let sticky = stickyCopies.get(pattern);
  if (!sticky) {
    sticky = new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}y`);
    stickyCopies.set(pattern, sticky);
  }
  return sticky;
}

function isWordCharacter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/** Where a match may start for a keyword found at `found`, or -1: the line's start when only blanks precede it. */
function lineStart(text: string, found: number): number {
  let start = found;
  while (start > 0 && (text.charCodeAt(start - 1) === 32 || text.charCodeAt(start - 1) === 9)) start--;
  return start > 0 && !isLineTerminator(text.charCodeAt(start - 1)) ? -1 : start;
}

/** Where a match may start for a keyword found at `found`, or -1: there, when `\b` holds before it. */
function wordStart(text: string, found: number): number {
  return found > 0 && isWordCharacter(text.charCodeAt(found - 1)) ? -1 : found;
}

/**
 * The matches `pattern` (multiline, `^[ \t]*` and then one of `keywords` in every alternative) finds in `text`
 * from `from`, in order and without overlap, exactly as a global search from there would; only those that start
 * before `end`.
 */
export function lineStartMatches(text: string, pattern: RegExp, keywords: readonly string[], from = 0, end = text.length): Generator<RegExpExecArray> {
  return anchoredMatches(text, pattern, keywords, lineStart, from, end);
}

/** lineStartMatches for a pattern whose every alternative starts with `\b` and one of `keywords`. */
export function wordStartMatches(text: string, pattern: RegExp, keywords: readonly string[]): Generator<RegExpExecArray> {
  return anchoredMatches(text, pattern, keywords, wordStart, 0, text.length);
}

function* anchoredMatches(text: string, pattern: RegExp, keywords: readonly string[], startOf: (text: string, found: number) => number, from: number, end: number): Generator<RegExpExecArray> {
  const sticky = stickyCopy(pattern);
  const next = keywords.map((keyword) => text.indexOf(keyword, from));
  for (;;) {
    let which = -1;
    for (let index = 0; index < next.length; index++) if (next[index] !== -1 && (which === -1 || next[index] < next[which])) which = index;
    if (which === -1) return;
    const found = next[which];
    next[which] = text.indexOf(keywords[which], found + 1);
    const start = startOf(text, found);
    if (start === -1 || start < from || start >= end) {
      // A later start lies after this keyword (no keyword sits in the blanks before one), so past `end` none is left.
      if (found >= end) return;
      continue;
    }
    sticky.lastIndex = start;
    const match = sticky.exec(text);
    if (!match) continue;
    yield match;
    from = Math.max(sticky.lastIndex, start + 1);
  }
}

/** Whether `pattern` (as for lineStartMatches) matches anywhere in `text`. */
export function hasLineStartMatch(text: string, pattern: RegExp, keywords: readonly string[]): boolean {
  return !lineStartMatches(text, pattern, keywords).next().done;
}
