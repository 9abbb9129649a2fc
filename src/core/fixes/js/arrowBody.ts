// The fix for a call in an expression-bodied arrow function (`(x) => client.embeddings.create(x)`): an
// expression cannot hold a try, so the body becomes a block whose try returns the awaited result; the arrow
// becomes async if it was not (it returned a promise already, now one its own try can wait for).
import type { Finding, SourceLanguage, TextEdit } from '../../types';
import type { FixOptions } from '../options';
import { perText, type SyntaxNode } from '../syntax';
import { isAsyncFunction, jsFunctionTypes } from '../../analysis/jsNodeTypes';
import { leadingWhitespace, splitLines } from '../text';
import { handlerClause, sharedHandlerCatch } from './handlers';
import { jsFixContext } from './fixContext';

/** What may stand between the call and the arrow's body when the body's value is the call's outcome. */
const outcomeCarriers = new Set(['parenthesized_expression', 'await_expression', 'as_expression', 'non_null_expression', 'satisfies_expression']);
const chainMethods = new Set(['then', 'finally', 'catch', 'withResponse', 'asResponse']);

export function jsArrowBodyEdits(text: string, root: SyntaxNode, call: SyntaxNode, finding: Finding, options: FixOptions, language: SourceLanguage): TextEdit[] | undefined {
  const body = outcomeBody(call);
  const arrow = body?.parent;
  if (!body || !arrow) return undefined;
  const lines = perText(text, 'lines', () => splitLines(text));
  const baseIndent = leadingWhitespace(lines[arrow.startPosition.row]);
  const fix = jsFixContext(text, root, finding, options, language, baseIndent, call);
  const { unit, semicolon } = fix.style;
  const tryIndent = baseIndent + unit;
  const ctx = fix.handlerContext(tryIndent);
  const catchClause = options.sharedHandler ? sharedHandlerCatch(options.sharedHandler, fix.names, ctx) : handlerClause(finding, options, ctx);

  // The body's lines keep their shape, moved to the try's body (two steps in from the arrow's line).
  const bodyRow = body.startPosition.row;
  const reference = leadingWhitespace(lines[bodyRow]);
  const bodyLines = body.text.split(/\r?\n/).map((line, index) => {
    if (index === 0 || fix.stringRows.has(bodyRow + index) || line.trim() === '') return line;
    return line.startsWith(reference) ? tryIndent + unit + line.slice(reference.length) : line;
  });
  const awaitWord = body.type === 'await_expression' ? '' : 'await ';
  const block = [
    ' {',
    `${tryIndent}try {`,
    `${tryIndent}${unit}return ${awaitWord}${bodyLines.join(fix.eol)}${semicolon}`,
    ...catchClause,
    `${baseIndent}}`,
  ];
  const arrowToken = arrow.children.find((child) => child?.type === '=>');
  if (!arrowToken) return undefined;
  const isAsync = isAsyncFunction(arrow);
  const position = (row: number, column: number) => ({ line: row, character: column });
  const edits: TextEdit[] = [...fix.importEdits(arrow.startPosition.row)];
  if (!isAsync) edits.push({ range: { start: position(arrow.startPosition.row, arrow.startPosition.column), end: position(arrow.startPosition.row, arrow.startPosition.column) }, newText: 'async ' });
  edits.push({ range: { start: position(arrowToken.endPosition.row, arrowToken.endPosition.column), end: position(body.endPosition.row, body.endPosition.column) }, newText: block.join(fix.eol) });
  return edits;
}

/** The expression body of the arrow function around the call, when its value is the call's outcome. */
function outcomeBody(call: SyntaxNode): SyntaxNode | undefined {
  let node = call;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (parent.type === 'arrow_function') return parent.childForFieldName('body')?.equals(node) && node.type !== 'statement_block' ? node : undefined;
    if (jsFunctionTypes.has(parent.type)) return undefined;
    if (outcomeCarriers.has(parent.type)) continue;
    const chained = parent.type === 'member_expression' && parent.childForFieldName('object')?.equals(node) && chainMethods.has(parent.childForFieldName('property')?.text ?? '')
      && parent.parent?.type === 'call_expression' && parent.parent.childForFieldName('function')?.equals(parent);
    if (!chained) return undefined;
    node = parent;
    parent = parent.parent!;
  }
  return undefined;
}
