// The chain of syntax nodes between an ancestor and a node inside it, built downwards. Climbing with
// `node.parent` is the expensive way: tree-sitter stores no parent links, so every `parent` walks down again
// from the root past all the file's top-level statements. Going down from a near ancestor costs one call into
// WASM per level instead.
import type { SyntaxNode } from './syntax';

/** One node on a path, with its type read once (each read of a Node property crosses into WASM). */
export interface PathNode {
  readonly type: string;
  readonly node: SyntaxNode;
}

/** The nodes from `ancestor` (index 0) down to `target`, which lies inside it. */
export function pathBetween(ancestor: SyntaxNode, target: SyntaxNode): PathNode[] {
  const path: PathNode[] = [{ type: ancestor.type, node: ancestor }];
  const offset = target.startIndex;
  for (let node = ancestor; node.id !== target.id;) {
    const child = node.firstChildForIndex(offset);
    // Only zero-width (missing) nodes could lead the descent astray; climbing is always right.
    if (!child || child.startIndex > offset) return pathByClimbing(ancestor, target);
    path.push({ type: child.type, node: child });
    node = child;
  }
  return path;
}

function pathByClimbing(ancestor: SyntaxNode, target: SyntaxNode): PathNode[] {
  const path: PathNode[] = [];
  for (let node: SyntaxNode | null = target; node; node = node.id === ancestor.id ? null : node.parent) path.push({ type: node.type, node });
  return path.reverse();
}
