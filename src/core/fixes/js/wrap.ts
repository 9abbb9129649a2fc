// "Wrap with OpenAI error handlers" for JavaScript/TypeScript: the statement holding the call goes into a try
// block with a catch that tells the SDK's error classes apart and rethrows. A const/let/class the statement
// declares must stay visible to the code after it, so the statements that use it are wrapped along with it.
import type { Finding, SourceLanguage, TextEdit } from '../../types';
import type { FixOptions } from '../options';
import { sdkMaxRetries } from '../options';
import { nodeRetryKnob } from '../sdkRetryKnob';
import { ancestorOfType, nodeAtRange, perText, unusedName, type SyntaxNode } from '../syntax';
import { leadingWhitespace, splitLines } from '../text';
import { handlerClause, sharedHandlerCatch } from './handlers';
import { isEventStreamHelper, settlingNode } from '../../analysis/javascriptDetector';
import { jsFixContext } from './fixContext';
import { jsErrorListenerEdits } from './errorListener';
import { jsArrowBodyEdits } from './arrowBody';
import { jsPromiseCatchEdits } from './promiseCatch';
import { rowsWithGuards, streamGuards } from './streamGuard';
import { endsReachable, hasRetryDelayHelper, loopCanEnclose, maxAttempts, retryDelayFunction, retryDelayHelper } from './retry';
import { isAsyncFunction } from '../../analysis/jsNodeTypes';

const statementContainers = ['program', 'statement_block', 'switch_case', 'switch_default'];
/** Wrapping these in a block would make them illegal or change what they declare. */
const unwrappable = ['import_statement', 'export_statement', 'function_declaration', 'generator_function_declaration', 'class_declaration', 'abstract_class_declaration', 'interface_declaration', 'type_alias_declaration', 'enum_declaration', 'module', 'internal_module', 'ambient_declaration'];

/**
 * The try around the statement when a try can catch what the call throws; otherwise, for a stream helper, an
 * 'error' listener; for a call in an expression-bodied arrow, a block body holding the try; for an un-awaited
 * promise (returned from a plain function, a `.then` chain, kept in a variable), a `.catch(…)` on it.
 */
export function jsWrapEdits(text: string, root: SyntaxNode, finding: Finding, options: FixOptions, language: SourceLanguage): TextEdit[] | undefined {
  const call = nodeAtRange(root, finding.range);
  const eventStream = isEventStreamHelper(call);
  const wrapped = tryWrapEdits(text, root, call, finding, options, language, eventStream);
  if (wrapped) return wrapped;
  if (eventStream) return jsErrorListenerEdits(text, root, call, finding, options, language);
  return jsArrowBodyEdits(text, root, call, finding, options, language) ?? jsPromiseCatchEdits(text, root, call, finding, options, language);
}

/** A stream helper's try must hold the read that settles it (`await s.done()`); `return await helper()` would not. */
function tryWrapEdits(text: string, root: SyntaxNode, call: SyntaxNode, finding: Finding, options: FixOptions, language: SourceLanguage, eventStream: boolean): TextEdit[] | undefined {
  const statement = enclosingStatement(call);
  if (!statement?.parent) return undefined;
  const siblings = statement.parent.namedChildren.filter((node): node is SyntaxNode => node !== null && node.type !== 'comment');
  const first = siblings.findIndex((node) => node.id === statement.id);
  const last = lastDependentIndex(siblings, first);
  if (siblings.slice(first, last + 1).some((node) => unwrappable.includes(node.type))) return undefined;

  const original = perText(text, 'lines', () => splitLines(text));
  const startRow = statement.startPosition.row;
  const endRow = siblings[last].endPosition.row;
  if (original[startRow].slice(0, statement.startPosition.column).trim() !== '' || original[endRow].slice(siblings[last].endPosition.column).trim().replace(/^\/\/.*$/, '') !== '') return undefined;
  const awaiting = awaitingEdit(call, statement, siblings.slice(first + 1, last + 1));
  if (awaiting === undefined || (eventStream && (awaiting !== null || !streamSettledInStatement(call, statement, siblings.slice(first + 1, last + 1))))) return undefined;
  const lines = [...original];
  const v3 = finding.sdk === 'openai-node-v3';
  const wantsRetry = options.handlerStyle === 'retryWithBackoff';
  // The SDK's own knob where it retries (v4+): the extra attempts cover exactly the request.
  const knob = wantsRetry && !v3 ? nodeRetryKnob(call) : undefined;
  // Insert from the right so the earlier column stays valid when both land on one line.
  const inserts = [...(awaiting ? [{ row: awaiting.row, column: awaiting.column, text: 'await ' }] : []),
    ...(knob ? [{ row: knob.range.start.line, column: knob.range.start.character, text: knob.newText }] : [])]
    .sort((a, b) => b.row - a.row || b.column - a.column);
  for (const { row, column, text: inserted } of inserts) lines[row] = lines[row].slice(0, column) + inserted + lines[row].slice(column);

  const baseIndent = leadingWhitespace(lines[startRow]);
  const fix = jsFixContext(text, root, finding, options, language, baseIndent, call);
  const { stringRows, style, names, eol, isTypeScript } = fix;
  const { unit, semicolon } = style;
  const wrappedStatements = siblings.slice(first, last + 1);
  // A loop of our own only for v3 (its SDK does not retry), and only around the request's own statement: a
  // loop around the statements that use its result would replay them.
  const retry = wantsRetry && v3 && wrappedStatements.length === 1 && loopCanEnclose(wrappedStatements) && !containsLoop(statement);
  // In a retry loop the try sits one step deeper, its body two.
  const tryIndent = retry ? baseIndent + unit : baseIndent;
  const step = tryIndent.slice(baseIndent.length) + unit;

  // A stream the wrapped code hands on unread gets its reads guarded too: the try ends before they happen.
  const guards = options.sharedHandler ? [] : streamGuards(text, call, finding, fix).filter((guard) => guard.endRow <= endRow);
  const body = rowsWithGuards(lines, startRow, endRow, guards).map(({ text: line, row }) => {
    if ((row !== undefined && stringRows.has(row)) || line.trim() === '') return line;
    return line.startsWith(baseIndent) ? baseIndent + step + line.slice(baseIndent.length) : step + line;
  });
  const attemptVar = perText(text, 'js:attemptVar', () => unusedName(text, ['attempt', 'openaiAttempt']));
  const ctx = fix.handlerContext(tryIndent, {
    sdkRetries: v3 ? 0 : knob ? sdkMaxRetries : 2,
    retry: retry ? { attemptVar, maxAttempts, delayFunction: retryDelayFunction } : undefined,
  });
  const catchClause = options.sharedHandler
    ? sharedHandlerCatch(options.sharedHandler, names, ctx)
    : handlerClause(finding, options, ctx);
  const edits: TextEdit[] = fix.importEdits(startRow);
  if (retry && !hasRetryDelayHelper(root)) {
    // A function declaration is hoisted: after the imports it serves every call in the file.
    const row = Math.min(fix.imports.insertRow, startRow);
    const helper = [...(row > 0 && lines[row - 1].trim() !== '' ? [''] : []), ...retryDelayHelper(style, isTypeScript), ...(lines[row]?.trim() !== '' ? [''] : [])];
    edits.push({ range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, newText: helper.map((line) => line + eol).join('') });
  }
  const tryLines = [`${tryIndent}try {`, ...body, ...(retry && endsReachable(siblings[last]) ? [`${tryIndent}${unit}break${semicolon}`] : []), ...catchClause];
  const replacement = retry ? [`${baseIndent}for (let ${attemptVar} = 1; ; ${attemptVar}++) {`, ...tryLines, `${baseIndent}}`] : tryLines;
  edits.push({
    range: { start: { line: startRow, character: 0 }, end: { line: endRow, character: original[endRow].length } },
    newText: replacement.join(eol),
  });
  return edits;
}

/** Whether a statement holds a loop (a `for await` over a stream): retrying it would replay what the loop did. */
function containsLoop(statement: SyntaxNode): boolean {
  return ['for_statement', 'for_in_statement', 'while_statement', 'do_statement'].includes(statement.type)
    || statement.descendantsOfType(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']).length > 0;
}

/**
 * A try only sees a rejected promise that is awaited inside it. An un-awaited `return call()` in an async
 * function becomes `return await call()` (same result, but the rejection now reaches the catch): the point
 * to insert `await ` at, null when the call is awaited already, undefined when no try could catch it.
 * A `const p = call()` (a promise, or a stream helper's runner) is settled inside the try when the first
 * statement after it that reads `p` awaits it (`await p.asResponse()`, `for await (… of p)`).
 */
function awaitingEdit(call: SyntaxNode, statement: SyntaxNode, wrappedAfter: readonly SyntaxNode[]): { row: number; column: number } | null | undefined {
  for (let node: SyntaxNode | null = call; node && node.id !== statement.id; node = node.parent) {
    if (node.type === 'await_expression') return null;
  }
  if (statement.type === 'for_in_statement' && statement.children.some((child) => child?.type === 'await')) return null;
  if (storedResultSettledLater(call, statement, wrappedAfter)) return null;
  const returned = statement.type === 'return_statement' ? statement.firstNamedChild : null;
  const fn = ancestorOfType(statement, ['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'function']);
  if (!returned || !fn || !isAsyncFunction(fn)) return undefined;
  return { row: returned.startPosition.row, column: returned.startPosition.column };
}

const listenerMethods = new Set(['on', 'once', 'off']);

/** The call with the listeners chained on it: `.on(…)` / `.once(…)` return the runner itself. */
function listenerChainTop(call: SyntaxNode): SyntaxNode {
  let value = call;
  for (;;) {
    const member = value.parent;
    if (member?.type === 'parenthesized_expression') value = member;
    else if (member?.type === 'member_expression' && member.childForFieldName('object')?.equals(value)
      && listenerMethods.has(member.childForFieldName('property')?.text ?? '') && member.parent?.type === 'call_expression') value = member.parent;
    else break;
  }
  return value;
}

/**
 * A stream helper reports failures as events: a try catches them only where it awaits the read that settles
 * the helper (`await helper().finalResponse()`, `for await (… of helper())`, or the variable's first read).
 */
function streamSettledInStatement(call: SyntaxNode, statement: SyntaxNode, wrappedAfter: readonly SyntaxNode[]): boolean {
  const settled = settlingNode(listenerChainTop(call));
  return (settled !== undefined && settled.startIndex >= statement.startIndex && settled.endIndex <= statement.endIndex) || storedResultSettledLater(call, statement, wrappedAfter);
}

function storedResultSettledLater(call: SyntaxNode, statement: SyntaxNode, wrappedAfter: readonly SyntaxNode[]): boolean {
  // `const runner = client…runTools(…).on(…)` stores the runner too.
  const value = listenerChainTop(call);
  const declarator = value.parent;
  const name = declarator?.type === 'variable_declarator' && declarator.childForFieldName('value')?.equals(value) ? declarator.childForFieldName('name') : null;
  if (statement.type !== 'lexical_declaration' || name?.type !== 'identifier') return false;
  for (const later of wrappedAfter) {
    const firstUse = later.descendantsOfType(['identifier', 'shorthand_property_identifier']).find((node) => node?.text === name.text);
    if (firstUse) return settlingNode(firstUse) !== undefined;
  }
  return false;
}

/** The innermost statement that sits directly in a statement list and holds the node. */
function enclosingStatement(node: SyntaxNode): SyntaxNode | undefined {
  for (let current: SyntaxNode | null = node; current?.parent; current = current.parent) {
    if (['arrow_function', 'class_body'].includes(current.type)) return undefined;
    if (statementContainers.includes(current.parent.type) && current.type !== 'comment') return current;
  }
  return undefined;
}

/** Extends the wrapped range over every later statement that uses a name the range declares. */
function lastDependentIndex(siblings: readonly SyntaxNode[], first: number): number {
  const declared = new Set<string>();
  let last = first;
  declaredNames(siblings[first], declared);
  for (let index = first + 1; index < siblings.length && declared.size > 0; index++) {
    const identifiers = siblings[index].descendantsOfType(['identifier', 'shorthand_property_identifier', 'type_identifier']);
    if (identifiers.some((identifier) => identifier && declared.has(identifier.text))) {
      for (let between = last + 1; between <= index; between++) declaredNames(siblings[between], declared);
      last = index;
    }
  }
  return last;
}

function declaredNames(statement: SyntaxNode, into: Set<string>): void {
  if (statement.type !== 'lexical_declaration') return;
  for (const declarator of statement.namedChildren) {
    const name = declarator?.childForFieldName('name');
    if (!name) continue;
    if (name.type === 'identifier') into.add(name.text);
    for (const bound of name.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern'])) if (bound) into.add(bound.text);
  }
}
