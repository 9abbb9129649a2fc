// Converts UTF-16 offsets to zero-based line/character positions (what VS Code and the Finding type use).
// Kept up to date edit by edit in an open document, instead of being rebuilt from the whole text.
import { lastAtOrBefore } from '../textPositions';
import type { Position, Range } from '../types';

export class LineIndex {
  /** Offset of the first character of every line. */
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
      this.lineStarts.push(index + 1);
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The zero-based line that holds the offset. */
  lineAt(offset: number): number {
    return lastAtOrBefore(this.lineStarts, offset);
  }

  /** The offset of the first character of a line. */
  lineStart(line: number): number {
    return this.lineStarts[line];
  }

  /** Where the line after `line` starts, or `textLength` for the last line. */
  lineEnd(line: number, textLength: number): number {
    return line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : textLength;
  }

  positionAt(offset: number): Position {
    const line = this.lineAt(offset);
    return { line, character: offset - this.lineStarts[line] };
  }

  rangeAt(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  offsetAt(position: Position): number {
    const line = Math.min(Math.max(position.line, 0), this.lineStarts.length - 1);
    return this.lineStarts[line] + position.character;
  }

  /** Follows an edit that replaced [start, oldEnd) with `inserted`. */
  applyEdit(start: number, oldEnd: number, inserted: string): void {
    const starts = this.lineStarts;
    const delta = inserted.length - (oldEnd - start);
    // Lines that began inside the replaced text are gone; the inserted text brings its own.
    const first = this.lineAt(start) + 1;
    let removed = 0;
    while (first + removed < starts.length && starts[first + removed] <= oldEnd) removed++;
    let added = 0;
    for (let index = inserted.indexOf('\n'); index !== -1; index = inserted.indexOf('\n', index + 1)) added++;
    if (removed !== 0 || added !== 0) {
      const kept = starts.length - first - removed;
      if (added > removed) {
        starts.length += added - removed;
        starts.copyWithin(first + added, first + removed, first + removed + kept);
      } else if (added < removed) {
        starts.copyWithin(first + added, first + removed);
        starts.length -= removed - added;
      }
      let line = first;
      for (let index = inserted.indexOf('\n'); index !== -1; index = inserted.indexOf('\n', index + 1)) starts[line++] = start + index + 1;
    }
    for (let line = first + added; line < starts.length; line++) starts[line] += delta;
  }
}
