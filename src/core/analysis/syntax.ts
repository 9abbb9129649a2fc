// Small helpers over tree-sitter nodes shared by the detectors.
import { lineStartMatches } from './keywordMatches';
import type { SourceText } from './sourceText';
import type { TreeSitter } from './treeSitter';

export type SyntaxNode = TreeSitter.Node;

/** The smallest named node at an offset. */
export function namedNodeAt(tree: TreeSitter.Tree, offset: number): SyntaxNode | null {
  return tree.rootNode.namedDescendantForIndex(offset);
}

/** The nearest ancestor (or the node itself) of one of the given types, not climbing more than `limit` levels. */
export function ancestorOfType(node: SyntaxNode | null, types: ReadonlySet<string>, limit = 64): SyntaxNode | null {
  for (let current = node, level = 0; current && level <= limit; current = current.parent, level++) {
    if (types.has(current.type)) return current;
  }
  return null;
}

export function contains(outer: { startIndex: number; endIndex: number }, inner: { startIndex: number; endIndex: number }): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** Half-open offset range the detectors restrict themselves to (the incremental analyser's edited region). */
export interface OffsetRegion {
  start: number;
  end: number;
}

/**
 * Runs a global RegExp over the text, only reporting matches that start inside the region. Each match's
 * `index` is an offset in the whole text (the pattern runs over a window of it).
 */
export function* matchesIn(pattern: RegExp, source: SourceText, region?: OffsetRegion): Generator<RegExpExecArray> {
  const start = region?.start ?? 0;
  const end = region?.end ?? source.length;
  const { text, base } = source.window(start, end);
  pattern.lastIndex = Math.max(start - base, 0);
  for (let match = pattern.exec(text); match && match.index + base < end; match = pattern.exec(text)) {
    if (match[0].length === 0) pattern.lastIndex++;
    match.index += base;
    yield match;
  }
}

/**
 * matchesIn for a line-anchored pattern (see lineStartMatches): the same matches, found from the keywords one of
 * which follows `^[ \t]*` in every alternative of the pattern.
 */
export function* lineStartMatchesIn(pattern: RegExp, keywords: readonly string[], source: SourceText, region?: OffsetRegion): Generator<RegExpExecArray> {
  const start = region?.start ?? 0;
  const end = region?.end ?? source.length;
  const { text, base } = source.window(start, end);
  for (const match of lineStartMatches(text, pattern, keywords, Math.max(start - base, 0), end - base)) {
    match.index += base;
    yield match;
  }
}

/** How far past an offset a sticky pattern may need to read (whitespace, a short chain of names). */
const lookahead = 256;

/** Whether a sticky RegExp matches at `offset`. */
export function matchesAt(pattern: RegExp, source: SourceText, offset: number): boolean {
  const { text, base } = source.window(offset, offset + lookahead);
  pattern.lastIndex = offset - base;
  return pattern.test(text);
}
