// The fix for a `stream: true` request whose stream leaves its function unread: passed to an adapter whose result
// is returned (`OpenAIStream(stream)`), or read by a `for await` in a callback that runs after the function has
// returned (`execute: async () => { for await (… of stream) … }`). Errors that arrive while it is read (OpenAI's
// error event, a dropped connection) then escape every try around the request. Each such read gets a try of its
// own: the adapter receives an async generator that re-yields the chunks inside a try, and the loop in the
// callback is wrapped in one. The wrap fix folds these in when it also puts the request in a try.
import type { Finding, SourceLanguage, TextEdit } from '../../types';
import type { FixOptions } from '../options';
import { errorHierarchy } from '../../sdk/errorHierarchy';
import { storedStream } from '../../analysis/javascriptDetector';
import { jsFunctionTypes, jsTypeWrappers } from '../../analysis/jsNodeTypes';
import { nodeAtRange, perText, type SyntaxNode } from '../syntax';
import { leadingWhitespace, splitLines } from '../text';
import { jsStreamReadCatch } from './handlers';
import { jsFixContext, type JsFixContext } from './fixContext';

/** A generated line, and the original row it keeps (re-indented) if it is one: rows inside strings keep their text. */
export interface GuardLine {
  text: string;
  row?: number;
}

/** Whole rows replaced by a guarded read. */
export interface StreamGuard {
  startRow: number;
  endRow: number;
  lines: GuardLine[];
}

/** The "handle errors while the stream is read" fix: the reads get their try; the request keeps the user's. */
export function jsStreamGuardEdits(text: string, root: SyntaxNode, finding: Finding, options: FixOptions, language: SourceLanguage): TextEdit[] | undefined {
  if (options.sharedHandler) return undefined;
  const call = nodeAtRange(root, finding.range);
  const lines = perText(text, 'lines', () => splitLines(text));
  const fix = jsFixContext(text, root, finding, options, language, leadingWhitespace(lines[call.startPosition.row]), call);
  const guards = streamGuards(text, call, finding, fix);
  if (guards.length === 0) return undefined;
  return [
    ...fix.importEdits(call.startPosition.row),
    ...guards.map((guard): TextEdit => ({
      range: { start: { line: guard.startRow, character: 0 }, end: { line: guard.endRow, character: lines[guard.endRow].length } },
      newText: guard.lines.map((line) => line.text).join(fix.eol),
    })),
  ];
}

/**
 * The guarded reads of the stream `call` returns, in text order, each after the call's last row: its uses as an
 * argument and as the iterable of a `for await` in a nested function, where nothing in its own function awaits
 * the read (`await collect(stream)` reads it before the function returns).
 */
export function streamGuards(text: string, call: SyntaxNode, finding: Finding, fix: JsFixContext): StreamGuard[] {
  const name = finding.sdk === 'openai-node-v4' ? storedStream(call) : undefined;
  if (!name) return [];
  const scope = enclosingFunction(call) ?? call.tree.rootNode;
  const lines = perText(text, 'lines', () => splitLines(text));
  const guards: StreamGuard[] = [];
  for (const use of scope.descendantsOfType('identifier')) {
    if (!use || use.text !== name || use.startIndex < call.endIndex || use.startPosition.row <= call.endPosition.row || shadowed(use, name, scope) || insideTry(use, scope)) continue;
    const guard = argumentGuard(use, name, scope, lines, fix) ?? loopGuard(use, scope, lines, fix);
    if (guard && guards.every((other) => other.endRow < guard.startRow)) guards.push(guard);
  }
  return guards;
}

/** Rows `startRow`…`endRow` of `lines`, with the guards among them put in. */
export function rowsWithGuards(lines: readonly string[], startRow: number, endRow: number, guards: readonly StreamGuard[]): GuardLine[] {
  const result: GuardLine[] = [];
  for (let row = startRow; row <= endRow; row++) {
    const guard = guards.find((candidate) => candidate.startRow === row);
    if (guard) {
      result.push(...guard.lines);
      row = guard.endRow;
    } else result.push({ text: lines[row], row });
  }
  return result;
}


/**
 * `OpenAIStream(stream)` becomes `OpenAIStream((async function* () { try { yield* stream } catch … })())`
 * (`stream as any` keeps its cast).
 */
function argumentGuard(use: SyntaxNode, name: string, scope: SyntaxNode, lines: readonly string[], fix: JsFixContext): StreamGuard | undefined {
  let argument = use;
  // The generator takes the variable's place inside any wrappers between it and the argument list.
  while (argument.parent && jsTypeWrappers.has(argument.parent.type)) argument = argument.parent;
  if (argument.parent?.type !== 'arguments' || readInPlace(use, scope) || fix.stringRows.has(use.startPosition.row)) return undefined;
  const row = use.startPosition.row;
  const line = lines[row];
  const indent = leadingWhitespace(line);
  const { unit, semicolon } = fix.style;
  return {
    startRow: row,
    endRow: row,
    lines: [
      `${line.slice(0, use.startPosition.column)}(async function* () {`,
      `${indent}${unit}try {`,
      `${indent}${unit}${unit}yield* ${name}${semicolon}`,
      ...readCatch(indent + unit, fix),
      `${indent}})()${line.slice(use.endPosition.column)}`,
    ].map((text) => ({ text })),
  };
}

/** A `for await` over the stream in a callback, alone on its lines, goes into a try inside that callback. */
function loopGuard(use: SyntaxNode, scope: SyntaxNode, lines: readonly string[], fix: JsFixContext): StreamGuard | undefined {
  const loop = use.parent;
  if (loop?.type !== 'for_in_statement' || !loop.childForFieldName('right')?.equals(use) || !loop.children.some((child) => child?.type === 'await')) return undefined;
  const callback = enclosingFunction(loop);
  if (!callback || callback.equals(scope) || readInPlace(loop, scope)) return undefined;
  const { row: startRow, column } = loop.startPosition;
  const endRow = loop.endPosition.row;
  if (lines[startRow].slice(0, column).trim() !== '' || lines[endRow].slice(loop.endPosition.column).trim() !== '') return undefined;
  const indent = leadingWhitespace(lines[startRow]);
  const kept: GuardLine[] = [];
  for (let row = startRow; row <= endRow; row++) {
    const line = lines[row];
    const keepsText = fix.stringRows.has(row) || line.trim() === '';
    kept.push({ row, text: keepsText ? line : line.startsWith(indent) ? indent + fix.style.unit + line.slice(indent.length) : fix.style.unit + line });
  }
  return { startRow, endRow, lines: [{ text: `${indent}try {` }, ...kept, ...readCatch(indent, fix).map((text) => ({ text }))] };
}

function readCatch(indent: string, fix: JsFixContext): string[] {
  return jsStreamReadCatch(fix.handlerContext(indent), errorHierarchy('openai-node-v4').catchAll);
}

/**
 * Whether the call's own function waits for the read (`await collect(stream)`, `for await (… of adapt(stream))`):
 * an await inside a callback does not count, the callback runs whenever its caller decides.
 */
function readInPlace(read: SyntaxNode, scope: SyntaxNode): boolean {
  let awaited = false;
  for (let node: SyntaxNode = read, parent = read.parent; parent && !parent.equals(scope); node = parent, parent = parent.parent) {
    if (jsFunctionTypes.has(parent.type)) awaited = false;
    else if (parent.type === 'await_expression') awaited = true;
    else if (parent.type === 'for_in_statement' && parent.childForFieldName('right')?.equals(node) && parent.children.some((child) => child?.type === 'await')) awaited = true;
  }
  return awaited;
}

/**
 * Whether the use sits in a try body inside the callback that reads it: that try runs with the read. A try of the
 * call's own function has ended by then.
 */
function insideTry(use: SyntaxNode, scope: SyntaxNode): boolean {
  let inTry = false;
  for (let node: SyntaxNode = use, parent = use.parent; parent && !parent.equals(scope); node = parent, parent = parent.parent) {
    if (jsFunctionTypes.has(parent.type)) return inTry;
    if (parent.type === 'try_statement' && parent.childForFieldName('body')?.equals(node)) inTry = true;
  }
  return false;
}

/** Whether a function between the use and the scope has a parameter of that name (another variable then). */
function shadowed(use: SyntaxNode, name: string, scope: SyntaxNode): boolean {
  for (let node = use.parent; node && !node.equals(scope); node = node.parent) {
    if (!jsFunctionTypes.has(node.type)) continue;
    const parameters = node.childForFieldName('parameters') ?? node.childForFieldName('parameter');
    if (parameters?.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern']).some((parameter) => parameter?.text === name)) return true;
  }
  return false;
}

/** The function around a node (not the node itself). */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (jsFunctionTypes.has(current.type)) return current;
  return undefined;
}
