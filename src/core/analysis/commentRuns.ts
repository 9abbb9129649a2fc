// tree-sitter-python's external scanner slows down quadratically on long runs of consecutive comment-only lines
// (1,000 lines: 0.5 s; 4,000: over 4 s; 8,000: over 40 s), while blank lines cost nothing. Such runs are
// commented-out code or generated banners; their text can hold no call and no statement. Before a bulk parse,
// their lines are turned into spaces of the same length, so offsets, lines and columns stay exactly the same.
// The last lines of a run stay as written: a suppression comment there can still apply to the code below.

/** Runs shorter than this are left alone: they parse in linear time in practice. */
export const longCommentRun = 64;
/** Lines at the end of a run kept as written (`# openai-error-guard: ignore-next-line` must still work). */
const keptAtEnd = 2;
/** Suppression comments (`# openai-error-guard: ignore-file`) are kept wherever they are. */
const suppressionWord = 'openai-error-guard';

/** Whether a line (start..end, without its line break) holds only a `#` comment. */
function isCommentLine(text: string, start: number, end: number): boolean {
  let index = start;
  while (index < end && (text.charCodeAt(index) === 32 || text.charCodeAt(index) === 9)) index++;
  return index < end && text.charCodeAt(index) === 35;
}

/** Python text with the comment lines of long runs blanked (the same string when there is none). */
export function blankLongCommentRuns(text: string): string {
  const runs: Array<[number, number]> = [];
  let runStart = -1;
  let runLines = 0;
  let lineStart = 0;
  const closeRun = (): void => {
    if (runLines >= longCommentRun) runs.push([runStart, runLines]);
    runStart = -1;
    runLines = 0;
  };
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const contentEnd = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    if (isCommentLine(text, lineStart, contentEnd)) {
      if (runStart === -1) runStart = lineStart;
      runLines++;
    } else closeRun();
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  closeRun();
  if (runs.length === 0) return text;
  const parts: string[] = [];
  let copied = 0;
  for (const [start, lines] of runs) {
    parts.push(text.slice(copied, start));
    let cursor = start;
    for (let line = 0; line < lines - keptAtEnd; line++) {
      const newline = text.indexOf('\n', cursor);
      const lineEnd = newline === -1 ? text.length : newline;
      const contentEnd = lineEnd > cursor && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
      const content = text.slice(cursor, contentEnd);
      parts.push(content.includes(suppressionWord) ? content : ' '.repeat(content.length), text.slice(contentEnd, newline === -1 ? lineEnd : newline + 1));
      cursor = newline === -1 ? lineEnd : newline + 1;
    }
    copied = cursor;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}
