// A `stream: true` request passed straight to an adapter (`OpenAIStream(await client.chat.completions.create({…}))`)
// has no name its reads could be guarded under, and a try around the statement would end before they happen. The
// fix first gives the stream a name, `const stream = await …` just before the statement (the same request, in the
// same place and the same try), then applies the usual fix to that text. The result is one edit over the rows that
// changed, so it reads as one fix in the lightbulb and in fix-all.
import type { Finding, SourceLanguage, TextEdit } from '../../types';
import { jsTypeWrappers } from '../../analysis/jsNodeTypes';
import { nodeAtRange, parseWith, type SyntaxNode } from '../syntax';
import { applyEdits, leadingWhitespace, splitLines } from '../text';
import { enclosingFunction } from './streamGuard';

const statementHolders = new Set(['statement_block', 'program']);
/** `stream: true` among the request's options: other requests passed straight on are read in place. */
const streamOption = /[{,]\s*(?:(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*['"]?stream['"]?\s*:\s*true\b/;

/** Names for the stream, in order of preference (a fix-all may name several in one function). */
const streamNames = ['stream', 'openaiStream', 'completionStream', ...Array.from({ length: 20 }, (_, index) => `openaiStream${index + 2}`)];

/**
 * A multi-line request moved to the statement's indentation: its continuation lines shift with it. A template
 * literal keeps its lines as they are (their spaces are the string's).
 */
function reindented(expression: string, from: string, to: string, eol: string): string {
  if (expression.includes('`') || from === to) return expression;
  const [first, ...rest] = splitLines(expression);
  return [first, ...rest.map((line) => (line.startsWith(from) ? to + line.slice(from.length) : line))].join(eol);
}

/** Whether an await passes a stream request straight to an argument list. */
function isInlineStream(awaited: SyntaxNode): boolean {
  const call = awaited.namedChild(0);
  let argument: SyntaxNode = awaited;
  while (argument.parent && jsTypeWrappers.has(argument.parent.type)) argument = argument.parent;
  return call?.type === 'call_expression' && argument.parent?.type === 'arguments' && streamOption.test(call.text);
}

/** How many stream requests passed straight on come before this one in its function (or file). */
function inlineStreamsBefore(statement: SyntaxNode, awaited: SyntaxNode): number {
  const scope = enclosingFunction(statement) ?? statement.tree.rootNode;
  return scope.descendantsOfType('await_expression').filter((other) => other !== null && other.startIndex < awaited.startIndex && isInlineStream(other)).length;
}

interface NamedStream {
  text: string;
  finding: Finding;
}

/** The text with the awaited stream request of `finding` moved into a `const` of its own, when it is an argument. */
function nameInlineStream(text: string, root: SyntaxNode, finding: Finding): NamedStream | undefined {
  if (finding.sdk !== 'openai-node-v4') return undefined;
  const call = nodeAtRange(root, finding.range);
  const awaited = call.parent;
  if (awaited?.type !== 'await_expression' || !isInlineStream(awaited)) return undefined;
  let statement: SyntaxNode | null = awaited;
  while (statement?.parent && !statementHolders.has(statement.parent.type)) statement = statement.parent;
  if (!statement?.parent) return undefined;
  const lines = splitLines(text);
  const row = statement.startPosition.row;
  if (lines[row].slice(0, statement.startPosition.column).trim() !== '') return undefined;

  // Fix-all may name several such requests of one function against the same text: each takes its own name.
  const name = streamNames.filter((candidate) => !new RegExp(`\\b${candidate}\\b`).test(text))[inlineStreamsBefore(statement, awaited)] ?? streamNames[0];
  const indent = leadingWhitespace(lines[row]);
  const semicolon = statement.text.trimEnd().endsWith(';') ? ';' : '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const value = reindented(awaited.text, leadingWhitespace(lines[awaited.startPosition.row]), indent, eol);
  const declaration = `${indent}const ${name} = ${value}${semicolon}${eol}`;
  const rowStart = statement.startIndex - statement.startPosition.column;
  const named = text.slice(0, rowStart) + declaration + text.slice(rowStart, awaited.startIndex) + name + text.slice(awaited.endIndex);

  // The request keeps its text: it now starts after `const name = ` on the statement's row.
  const shift = call.startIndex - awaited.startIndex;
  const callStart = rowStart + indent.length + `const ${name} = `.length + shift;
  const namedLines = splitLines(named.slice(0, callStart));
  const start = { line: namedLines.length - 1, character: namedLines[namedLines.length - 1].length };
  const callLines = splitLines(value.slice(shift));
  const end = callLines.length === 1
    ? { line: start.line, character: start.character + callLines[0].length }
    : { line: start.line + callLines.length - 1, character: callLines[callLines.length - 1].length };
  return { text: named, finding: { ...finding, range: { start, end } } };
}

/** One edit replacing the rows where `after` differs from `before`. */
function rowsChanged(before: string, after: string): TextEdit {
  const old = splitLines(before);
  const now = splitLines(after);
  let first = 0;
  while (first < old.length && first < now.length && old[first] === now[first]) first++;
  let fromEnd = 0;
  while (fromEnd < old.length - first && fromEnd < now.length - first && old[old.length - 1 - fromEnd] === now[now.length - 1 - fromEnd]) fromEnd++;
  const oldLast = old.length - 1 - fromEnd;
  const eol = before.includes('\r\n') ? '\r\n' : '\n';
  const inserted = now.slice(first, now.length - fromEnd);
  // Nothing left of the old rows: an insertion before row `first`.
  if (oldLast < first) return { range: { start: { line: first, character: 0 }, end: { line: first, character: 0 } }, newText: inserted.map((line) => line + eol).join('') };
  return { range: { start: { line: first, character: 0 }, end: { line: oldLast, character: old[oldLast].length } }, newText: inserted.join(eol) };
}

/**
 * The edits of a fix for a stream request passed straight to an adapter: `fix` runs on the text where the stream
 * has a name, and its result comes back as one edit of the original text. Undefined when the request is no such
 * argument or the fix does not apply there either.
 */
export async function viaNamedStream(text: string, language: SourceLanguage, finding: Finding, fix: (text: string, finding: Finding) => Promise<TextEdit[] | undefined>): Promise<TextEdit[] | undefined> {
  const named = await parseWith(language, text, (root) => nameInlineStream(text, root, finding));
  if (!named) return undefined;
  const edits = await fix(named.text, named.finding);
  if (!edits || edits.length === 0) return undefined;
  return [rowsChanged(text, applyEdits(named.text, edits))];
}
