// Small helpers over tree-sitter nodes shared by the detectors.
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

/** Runs a global RegExp over text, only reporting matches that start inside the region. */
export function* matchesIn(pattern: RegExp, text: string, region?: OffsetRegion): Generator<RegExpExecArray> {
  pattern.lastIndex = region?.start ?? 0;
  const end = region?.end ?? text.length;
  for (let match = pattern.exec(text); match && match.index < end; match = pattern.exec(text)) {
    yield match;
    if (match[0].length === 0) pattern.lastIndex++;
  }
}

/**
 * The text from the start of the line that holds `offset` up to it. Patterns that would otherwise have to be
 * tried at every line or word start are anchored on a rarer token instead, and check the line before it here.
 */
export function linePrefix(text: string, offset: number): string {
  return text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
}
