// A document's text as a list of chunks, each ending just after a line break (the last one at the end of the
// text). An edit rebuilds the chunks it touches instead of the whole document: in a 10k-line file a keystroke
// then costs a few kilobytes, not a fresh 300 KB string, which would keep V8 growing its young generation. The
// parser reads the chunks through a callback, and the detectors read a flat window over the part they analyse.
// A whole line always lies inside one chunk, so line-local reads never need more than one.
import { lastAtOrBefore } from '../textPositions';

/** A flat string holding part of the document, and the offset its first character has in the document. */
export interface TextWindow {
  readonly text: string;
  readonly base: number;
}

/** Chunks are cut at the first line break after this many characters; an edited chunk twice as long is cut again. */
const chunkSize = 4096;

function cutAtLineBreaks(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > chunkSize) {
    const cut = text.indexOf('\n', start + chunkSize - 1);
    if (cut === -1 || cut === text.length - 1) break;
    pieces.push(text.slice(start, cut + 1));
    start = cut + 1;
  }
  pieces.push(start === 0 ? text : text.slice(start));
  return pieces;
}

export class SourceText {
  private chunks: string[];
  /** Offset of the first character of every chunk. */
  private starts: number[] = [];
  private total = 0;
  /** The whole text while it has not been edited (or once something needed it flat). */
  private flat: string | undefined;
  private lastWindow: TextWindow | undefined;

  private constructor(text: string, chunked: boolean) {
    this.chunks = chunked ? cutAtLineBreaks(text) : [text];
    this.flat = text;
    this.lastWindow = { text, base: 0 };
    this.reindex(0);
  }

  /** A text that will be edited: cut into chunks (slices share the original string, nothing is copied). */
  static editable(text: string): SourceText {
    return new SourceText(text, true);
  }

  /** A text read once (a whole-file analysis): one chunk. */
  static of(text: string): SourceText {
    return new SourceText(text, false);
  }

  get length(): number {
    return this.total;
  }

  /** The whole text as one string (a copy once the text has been edited). */
  toString(): string {
    if (this.flat === undefined) {
      this.flat = this.chunks.join('');
      this.lastWindow = { text: this.flat, base: 0 };
    }
    return this.flat;
  }

  /** Replaces [start, oldEnd) with `inserted`. */
  edit(start: number, oldEnd: number, inserted: string): void {
    const first = this.chunkAt(start);
    let last = oldEnd > start ? this.chunkAt(oldEnd - 1) : first;
    // A chunk that loses its final line break takes in the next one, so that lines stay inside one chunk.
    let suffix = this.chunks[last].slice(oldEnd - this.starts[last]);
    let rebuilt = this.chunks[first].slice(0, start - this.starts[first]) + inserted + suffix;
    while (last + 1 < this.chunks.length && !rebuilt.endsWith('\n')) {
      last++;
      suffix = this.chunks[last];
      rebuilt += suffix;
    }
    const pieces = rebuilt.length > 2 * chunkSize ? cutAtLineBreaks(rebuilt) : rebuilt.length > 0 ? [rebuilt] : [];
    this.chunks.splice(first, last - first + 1, ...pieces);
    // An empty text is one empty chunk.
    if (this.chunks.length === 0) this.chunks.push('');
    this.flat = undefined;
    this.lastWindow = undefined;
    this.reindex(first);
  }

  /** Whether the text equals `other`, compared chunk by chunk (no copy). */
  equals(other: string): boolean {
    if (other.length !== this.total) return false;
    if (this.flat !== undefined) return this.flat === other;
    return this.chunks.every((chunk, index) => other.startsWith(chunk, this.starts[index]));
  }

  /** Whether `needle` (which holds no line break) occurs in the text. */
  includes(needle: string): boolean {
    return this.flat !== undefined ? this.flat.includes(needle) : this.chunks.some((chunk) => chunk.includes(needle));
  }

  /** The chunks that contain `needle` (which holds no line break), each with the offset of its start. */
  *chunksContaining(needle: string): Generator<TextWindow> {
    if (this.flat !== undefined) {
      if (this.flat.includes(needle)) yield { text: this.flat, base: 0 };
      return;
    }
    for (let index = 0; index < this.chunks.length; index++) {
      if (this.chunks[index].includes(needle)) yield { text: this.chunks[index], base: this.starts[index] };
    }
  }

  /** The text from `index` to the end of its chunk: what the parser's input callback returns. */
  readAt(index: number): string {
    if (index >= this.total) return '';
    if (this.flat !== undefined) return this.flat.slice(index);
    const chunk = this.chunkAt(index);
    const offset = index - this.starts[chunk];
    return offset === 0 ? this.chunks[chunk] : this.chunks[chunk].slice(offset);
  }

  /**
   * A flat window holding at least [start, end). The last window is kept and grown to cover nearby requests:
   * the detectors ask for the region they analyse first, and their later reads in and around it cost nothing.
   */
  window(start: number, end: number): TextWindow {
    const cached = this.lastWindow;
    let from = Math.max(0, Math.min(start, this.total));
    let to = Math.max(from, Math.min(end, this.total));
    if (cached) {
      const cachedEnd = cached.base + cached.text.length;
      if (cached.base <= from && to <= cachedEnd) return cached;
      if (from <= cachedEnd + chunkSize && to >= cached.base - chunkSize) {
        from = Math.min(from, cached.base);
        to = Math.max(to, cachedEnd);
      }
    }
    const first = this.chunkAt(from);
    const last = this.chunkAt(Math.max(from, to - 1));
    const text = first === last ? this.chunks[first] : this.chunks.slice(first, last + 1).join('');
    this.lastWindow = { text, base: this.starts[first] };
    return this.lastWindow;
  }

  slice(start: number, end: number): string {
    const window = this.window(start, end);
    return window.text.slice(start - window.base, end - window.base);
  }

  /** The text from the start of the line that holds `offset` up to it. */
  linePrefix(offset: number): string {
    const window = this.window(Math.max(offset - 1, 0), offset);
    const relative = offset - window.base;
    return window.text.slice(window.text.lastIndexOf('\n', relative - 1) + 1, relative);
  }

  private chunkAt(index: number): number {
    return lastAtOrBefore(this.starts, index);
  }

  private reindex(from: number): void {
    this.starts.length = this.chunks.length;
    let offset = from === 0 ? 0 : this.starts[from - 1] + this.chunks[from - 1].length;
    for (let index = from; index < this.chunks.length; index++) {
      this.starts[index] = offset;
      offset += this.chunks[index].length;
    }
    this.total = offset;
  }
}
