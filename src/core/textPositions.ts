// Offsets and zero-based line/character positions in plain text (UTF-16, as VS Code and tree-sitter count),
// for one-off conversions; the incremental analyser keeps its own LineIndex.
import type { Position } from './types';

export function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const limit = lineEnd === -1 ? text.length : lineEnd;
  return Math.min(offset + position.character, limit);
}

export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** The index of the last element of an ascending array that is ≤ value (0 when none is). */
export function lastAtOrBefore(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (sorted[middle] <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The offset where each line starts, for many position look-ups in the same text. */
export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** The position of an offset, given the text's line starts. */
export function positionFromLineStarts(starts: readonly number[], offset: number): Position {
  const line = lastAtOrBefore(starts, offset);
  return { line, character: offset - starts[line] };
}
