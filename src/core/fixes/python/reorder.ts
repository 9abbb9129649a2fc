// "Move this handler before the one that shadows it" for Python: the dead except clause (its comment lines
// above, its body, and comment lines closing its body) moves, unchanged, to just before the first earlier clause
// that catches one of its bases, so it runs first for its own class.
import type { Finding, TextEdit } from '../../types';
import { shadows } from '../handlerPlan';
import { nodeAtRange, type SyntaxNode } from '../syntax';
import { leadingCommentStart, leadingWhitespace, moveLinesEdits, splitLines, trailingCommentEnd } from '../text';
import { readPythonImports } from './imports';
import { clauseOf, exceptClauses } from './existingHandlers';

export function pythonReorderEdits(text: string, root: SyntaxNode, finding: Finding): TextEdit[] | undefined {
  const dead = clauseOf(nodeAtRange(root, finding.range));
  const tryNode = dead?.parent;
  if (!dead || tryNode?.type !== 'try_statement') return undefined;
  const clauses = exceptClauses(tryNode, readPythonImports(root, finding.sdk), finding.sdk);
  const deadIndex = clauses.findIndex((clause) => clause.node.id === dead.id);
  const shadower = clauses.slice(0, deadIndex).find((clause) => shadows(finding.sdk, clause.caught, clauses[deadIndex].caught));
  if (!shadower) return undefined;

  const lines = splitLines(text);
  const indent = leadingWhitespace(lines[dead.startPosition.row]);
  // Clauses sharing a line with code (`except X: pass` after a one-line try) cannot move as whole lines.
  if (lines[dead.startPosition.row].slice(0, dead.startPosition.column).trim() !== '' || leadingWhitespace(lines[shadower.node.startPosition.row]) !== indent) return undefined;
  const span = {
    startRow: leadingCommentStart(lines, dead.startPosition.row, indent, '#'),
    endRow: trailingCommentEnd(lines, dead.endPosition.row, indent, '#'),
  };
  return moveLinesEdits(text, span, leadingCommentStart(lines, shadower.node.startPosition.row, indent, '#'));
}
