// Line-anchored patterns (`^[ \t]*import\b`, multiline) found from their keywords. V8 cannot skip ahead in such
// a pattern: it tries it at every character of the text, which on the index's 34 MB corpus cost more than a
// tenth of a second per pattern. A keyword search with indexOf jumps to the few places a match can start.

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

/**
 * The matches `pattern` (multiline, `^[ \t]*` and then one of `keywords` in every alternative) finds in `text`
 * from `from`, in order and without overlap, exactly as a global search from there would; only those that start
 * before `end`.
 */
export function* lineStartMatches(text: string, pattern: RegExp, keywords: readonly string[], from = 0, end = text.length): Generator<RegExpExecArray> {
  const sticky = stickyCopy(pattern);
  const next = keywords.map((keyword) => text.indexOf(keyword, from));
  for (;;) {
    let which = -1;
    for (let index = 0; index < next.length; index++) if (next[index] !== -1 && (which === -1 || next[index] < next[which])) which = index;
    if (which === -1) return;
    const found = next[which];
    next[which] = text.indexOf(keywords[which], found + 1);
    let lineStart = found;
    while (lineStart > 0 && (text.charCodeAt(lineStart - 1) === 32 || text.charCodeAt(lineStart - 1) === 9)) lineStart--;
    if (lineStart >= end) return;
    if (lineStart < from || (lineStart > 0 && !isLineTerminator(text.charCodeAt(lineStart - 1)))) continue;
    sticky.lastIndex = lineStart;
    const match = sticky.exec(text);
    if (!match) continue;
    yield match;
    from = Math.max(sticky.lastIndex, lineStart + 1);
  }
}

/** Whether `pattern` (as for lineStartMatches) matches anywhere in `text`. */
export function hasLineStartMatch(text: string, pattern: RegExp, keywords: readonly string[]): boolean {
  return !lineStartMatches(text, pattern, keywords).next().done;
}
