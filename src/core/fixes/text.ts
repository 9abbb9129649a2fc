// Plain-text helpers shared by the edit builders: line access, line endings, offsets and edit application.
import type { Position, Range, TextEdit } from '../types';

/** The text's line ending: CRLF when its first line break is one, LF otherwise. */
export function lineEnding(text: string): '\r\n' | '\n' {
  const first = text.indexOf('\n');
  return first > 0 && text[first - 1] === '\r' ? '\r\n' : '\n';
}

/** The lines without their terminators (a final line break yields a last empty line). */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

export function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

export function rangesEqual(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/**
 * Applies edits that refer to the original text. Edits may not overlap (two insertions at the same point are
 * applied in the order given); an overlap is a bug in the caller, so it throws instead of corrupting the text.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  // One pass for the line starts, so many edits (fix-all's batches) cost no more than one scan of the text.
  const lineStarts = lineStartsOf(text);
  const resolved = edits
    .map((edit, order) => ({ start: offsetIn(text, lineStarts, edit.range.start), end: offsetIn(text, lineStarts, edit.range.end), newText: edit.newText, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  for (let i = 1; i < resolved.length; i++) {
    if (resolved[i].start < resolved[i - 1].end) throw new Error('overlapping edits');
  }
  let result = '';
  let cursor = 0;
  for (const edit of resolved) {
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

/** The most common step between an indented line and the less indented line above it ('\t' for tab files). */
export function detectIndentUnit(lines: readonly string[], fallback: string, skip: (line: number) => boolean = () => false): string {
  let tabLines = 0;
  let spaceLines = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  lines.forEach((line, index) => {
    if (skip(index) || line.trim() === '') return;
    const indent = leadingWhitespace(line);
    if (indent.startsWith('\t')) tabLines++;
    else if (indent.length > 0) spaceLines++;
    if (!indent.includes('\t') && indent.length > previous) steps.set(indent.length - previous, (steps.get(indent.length - previous) ?? 0) + 1);
    if (!indent.includes('\t')) previous = indent.length;
  });
  if (tabLines > spaceLines) return '\t';
  let best = 0;
  let bestCount = 0;
  for (const [step, count] of steps) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return best > 0 && best <= 8 ? ' '.repeat(best) : fallback;
}

/** Rows `start`..`end` of a text, both included. */
export interface RowSpan {
  startRow: number;
  endRow: number;
}

/**
 * Edits that move whole lines to just before `beforeRow` (an earlier row), leaving the text between untouched:
 * an insertion of the lines there and the removal of the originals, line terminators included.
 */
export function moveLinesEdits(text: string, span: RowSpan, beforeRow: number): TextEdit[] {
  const lines = splitLines(text);
  const eol = lineEnding(text);
  const moved = lines.slice(span.startRow, span.endRow + 1).join(eol) + eol;
  const at = (line: number, character = 0): Position => ({ line, character });
  // The last line of a text without a final newline has no terminator of its own: take the one before it.
  const removal: Range = span.endRow + 1 < lines.length
    ? { start: at(span.startRow), end: at(span.endRow + 1) }
    : { start: at(span.startRow - 1, lines[span.startRow - 1].length), end: at(span.endRow, lines[span.endRow].length) };
  return [{ range: { start: at(beforeRow), end: at(beforeRow) }, newText: moved }, { range: removal, newText: '' }];
}

/** Comment lines directly above `row` at exactly `indent`: they introduce the line below and move with it. */
export function leadingCommentStart(lines: readonly string[], row: number, indent: string, commentPrefix: string): number {
  let start = row;
  while (start > 0 && leadingWhitespace(lines[start - 1]) === indent && lines[start - 1].trim().startsWith(commentPrefix)) start--;
  return start;
}

/** Comment lines directly below `row` indented deeper than `indent`: the end of a block that closes with comments. */
export function trailingCommentEnd(lines: readonly string[], row: number, indent: string, commentPrefix: string): number {
  let end = row;
  while (end + 1 < lines.length && lines[end + 1].trim().startsWith(commentPrefix) && leadingWhitespace(lines[end + 1]).length > indent.length) end++;
  return end;
}

/** The offset of a position in the text (clamped to its line). */
function offsetIn(text: string, lineStarts: readonly number[], position: Position): number {
  if (position.line >= lineStarts.length) return text.length;
  const end = position.line + 1 < lineStarts.length ? lineStarts[position.line + 1] - 1 : text.length;
  return Math.min(lineStarts[position.line] + position.character, end);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Where positions of `text` stand in `edited` (the text once `edits` were applied to it); undefined for one an
 * edit replaced the text around (a wrap that took the statement holding it).
 */
export function positionsAfterEdits(text: string, edits: readonly TextEdit[], edited: string, positions: readonly Position[]): (Position | undefined)[] {
  if (positions.length === 0) return [];
  const starts = lineStartsOf(text);
  const ranges = edits.map((edit) => ({ start: offsetIn(text, starts, edit.range.start), end: offsetIn(text, starts, edit.range.end), length: edit.newText.length }));
  const editedStarts = lineStartsOf(edited);
  return positions.map((position) => {
    const at = offsetIn(text, starts, position);
    let moved = at;
    for (const range of ranges) {
      if (range.start < at && at < range.end) return undefined;
      if (range.end <= at) moved += range.length - (range.end - range.start);
    }
    let line = 0;
    for (let low = 0, high = editedStarts.length - 1; low <= high; ) {
      const middle = (low + high) >> 1;
      if (editedStarts[middle] <= moved) {
        line = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return { line, character: moved - editedStarts[line] };
  });
}
