// "Move this handler before the one that shadows it" for JavaScript/TypeScript. Within one if/else-if
// instanceof chain the dead branch (its test and block) changes place with the branches from the shadowing one
// on, the `else if` joints staying where they are; a dead branch that is an if statement of its own, after the
// chain that shadows it, moves as whole lines (with its comment lines) before that chain.
import type { Finding, TextEdit } from '../../types';
import { shadows } from '../handlerPlan';
import { ancestorOfType, nodeAtRange, type SyntaxNode } from '../syntax';
import { leadingCommentStart, leadingWhitespace, moveLinesEdits, splitLines } from '../text';
import { readJsImports } from './imports';
import { catchDispatch, type InstanceofBranch } from './existingHandlers';

export function jsReorderEdits(text: string, root: SyntaxNode, finding: Finding): TextEdit[] | undefined {
  const deadIf = ancestorOfType(nodeAtRange(root, finding.range), ['if_statement']);
  const clause = ancestorOfType(deadIf, ['catch_clause']);
  const tryNode = clause?.parent;
  if (!deadIf || tryNode?.type !== 'try_statement') return undefined;
  const dispatch = catchDispatch(tryNode, readJsImports(root), finding.sdk);
  const chains = dispatch?.chains ?? [];
  const chainIndex = chains.findIndex((chain) => chain.some((branch) => branch.node.id === deadIf.id));
  if (chainIndex === -1) return undefined;
  const chain = chains[chainIndex];
  const deadIndex = chain.findIndex((branch) => branch.node.id === deadIf.id);
  const dead = chain[deadIndex];
  const shadower = chain.slice(0, deadIndex).findIndex((branch) => shadows(finding.sdk, branch.caught, dead.caught));
  if (shadower !== -1) return [swapBranches(text, chain.slice(shadower, deadIndex + 1))];

  // Not in its own chain: an earlier chain holds the shadowing branch, and the dead branch must be a whole if statement.
  const earlier = chains.slice(0, chainIndex).find((c) => c.some((branch) => shadows(finding.sdk, branch.caught, dead.caught)));
  if (!earlier || chain.length !== 1 || dead.node.childForFieldName('alternative')) return undefined;
  const lines = splitLines(text);
  const indent = leadingWhitespace(lines[dead.node.startPosition.row]);
  if (leadingWhitespace(lines[earlier[0].node.startPosition.row]) !== indent) return undefined;
  const span = { startRow: leadingCommentStart(lines, dead.node.startPosition.row, indent, '//'), endRow: dead.node.endPosition.row };
  return moveLinesEdits(text, span, leadingCommentStart(lines, earlier[0].node.startPosition.row, indent, '//'));
}

/** One edit over the branches `[shadower, …, dead]`: the dead branch's test and block first, the rest after it. */
function swapBranches(text: string, branches: readonly InstanceofBranch[]): TextEdit {
  const segments = branches.map((branch) => text.slice(branch.condition.startIndex, branch.consequence.endIndex));
  const joints = branches.slice(1).map((branch, index) => text.slice(branches[index].consequence.endIndex, branch.condition.startIndex));
  const reordered = [segments[segments.length - 1], ...segments.slice(0, -1)];
  const newText = reordered.map((segment, index) => segment + (joints[index] ?? '')).join('');
  const first = branches[0].condition.startPosition;
  const last = branches[branches.length - 1].consequence.endPosition;
  return { range: { start: { line: first.row, character: first.column }, end: { line: last.row, character: last.column } }, newText };
}
