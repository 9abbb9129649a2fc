// Parsing for the edit builders: one cached parser per grammar, and the node lookups they share.
import type { Position, Range, SourceLanguage } from '../types';
import { createParser, withTree, type GrammarName, type TreeSitter } from '../analysis/treeSitter';
// The analysis's own grammar choice, so a fix reads the same tree the finding came from (JSX in .jsx needs tsx).
import { grammarFor } from '../analysis/languageSupport';

export type SyntaxNode = TreeSitter.Node;

// A parser is small and reused for every fix in the process; trees are freed by withTree after each use.
const parsers = new Map<GrammarName, Promise<TreeSitter.Parser>>();

// The last tree parsed is kept until a different text comes: fix-all builds the fixes of every finding from
// the same text, and a parse per finding would make it quadratic. Only one tree lives at a time.
let lastTree: { grammar: GrammarName; text: string; tree: TreeSitter.Tree } | undefined;

export async function parseWith<T>(language: SourceLanguage, text: string, use: (root: SyntaxNode) => T): Promise<T> {
  const grammar = grammarFor(language);
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = createParser(grammar);
    parsers.set(grammar, parser);
  }
  const ready = await parser;
  if (lastTree?.grammar !== grammar || lastTree.text !== text) {
    lastTree?.tree.delete();
    lastTree = undefined;
    const tree = ready.parse(text);
    if (!tree) return withTree(ready, text, (fresh) => use(fresh.rootNode));
    lastTree = { grammar, text, tree };
  }
  return use(lastTree.tree.rootNode);
}

/** The deepest node that contains the whole range: for a finding, its call expression. */
export function nodeAtRange(root: SyntaxNode, range: Range): SyntaxNode {
  const contains = (node: SyntaxNode): boolean =>
    comparePoint(node.startPosition, range.start) <= 0 && comparePoint(node.endPosition, range.end) >= 0;
  // Tree-sitter's own descent first: walking `children` from the root reads every top-level statement.
  const found = root.descendantForPosition({ row: range.start.line, column: range.start.character }, { row: range.end.line, column: range.end.character });
  if (found && contains(found) && found.children.every((child) => !child || !contains(child))) return found;
  let node = root;
  for (let descended = true; descended; ) {
    descended = false;
    for (const child of node.children) {
      if (child && contains(child)) {
        node = child;
        descended = true;
        break;
      }
    }
  }
  return node;
}

function comparePoint(point: TreeSitter.Point, position: Position): number {
  return point.row - position.line || point.column - position.character;
}

/** The nearest ancestor-or-self of one of the given types. */
export function ancestorOfType(node: SyntaxNode | null, types: readonly string[]): SyntaxNode | null {
  for (let current = node; current; current = current.parent) {
    if (types.includes(current.type)) return current;
  }
  return null;
}

/** Rows that start inside a multi-line string or template: re-indenting them would change the string. */
export function rowsInsideStrings(root: SyntaxNode, stringTypes: readonly string[]): Set<number> {
  const rows = new Set<number>();
  for (const node of root.descendantsOfType(stringTypes as string[])) {
    if (!node) continue;
    for (let row = node.startPosition.row + 1; row <= node.endPosition.row; row++) rows.add(row);
  }
  return rows;
}

/** A name for the caught error that the file does not already use for something else. */
export function unusedName(text: string, candidates: readonly string[]): string {
  return candidates.find((name) => !new RegExp(`\\b${name}\\b`).test(text)) ?? candidates[0];
}

// Values derived from one text (its lines, its string rows, its imports): fix-all computes the fixes of many
// findings against the same text, and recomputing these for each would make it quadratic. One text is kept.
let memoText: string | undefined;
const memo = new Map<string, unknown>();

/** `compute()` once per text and key; a different text clears what the previous one cached. */
export function perText<T>(text: string, key: string, compute: () => T): T {
  if (text !== memoText) {
    memoText = text;
    memo.clear();
  }
  if (!memo.has(key)) memo.set(key, compute());
  return memo.get(key) as T;
}
