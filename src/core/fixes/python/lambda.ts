// The fix for a call inside a Python lambda (`make_request(lambda c: c.chat.completions.parse(...))`,
// `retry(lambda: client.embeddings.create(...))`). A lambda holds one expression, so no try fits in it; and a
// try around the statement would only protect the call if that statement ran the lambda, which depends on the
// function receiving it (`map` and callbacks run it later). So the lambda becomes a small local function,
// defined just before the statement, with the lambda's parameters and the try inside, and the statement
// passes that function instead. Where the statement awaits what it passes the lambda to, the lambda returned
// an awaitable (an async client's call): the function is `async def` and awaits the call itself.
import type { Finding, TextEdit } from '../../types';
import type { FixOptions } from '../options';
import { planGroups, planHandlers, sdkRetries } from '../handlerPlan';
import { defaultLineLength, sdkMaxRetries } from '../options';
import { pythonRetryKnob } from '../sdkRetryKnob';
import { ancestorOfType, perText, rowsInsideStrings, unusedName, type SyntaxNode } from '../syntax';
import { detectIndentUnit, leadingWhitespace, lineEnding, splitLines } from '../text';
import { PythonNameResolver, readPythonImports } from './imports';
import { pythonExceptClauses, pythonGroupClauses, type PythonHandlerContext } from './handlers';
import { pythonImportEdits } from './edits';

/** Between the lambda and its statement, these would give the lambda names a function before the statement lacks. */
const ownScopes = ['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression', 'lambda', 'class_definition'];

export interface StatementRows {
  statement: SyntaxNode;
  startRow: number;
}

export function pythonLambdaEdits(text: string, root: SyntaxNode, call: SyntaxNode, finding: Finding, options: FixOptions, statementRows: (node: SyntaxNode) => StatementRows | undefined): TextEdit[] | undefined {
  const lambda = ancestorOfType(call, ['lambda']);
  const body = lambda?.childForFieldName('body');
  if (!lambda || !body || body.startIndex > call.startIndex || body.endIndex < call.endIndex) return undefined;
  const found = statementRows(lambda);
  if (!found || found.statement.parent?.parent?.type === 'class_definition') return undefined;
  for (let node = lambda.parent; node && node.id !== found.statement.id; node = node.parent) if (ownScopes.includes(node.type)) return undefined;

  const original = perText(text, 'lines', () => splitLines(text));
  const stringRows = perText(text, 'py:stringRows', () => rowsInsideStrings(root, ['string']));
  const baseIndent = leadingWhitespace(original[found.startRow]);
  const fileUnit = perText(text, 'py:indentUnit', () => detectIndentUnit(original, '    ', (row) => stringRows.has(row)));
  const unit = baseIndent.includes('\t') ? '\t' : fileUnit === '\t' && baseIndent.length > 0 ? '    ' : fileUnit;
  const imports = perText(text, `py:imports:${finding.sdk}`, () => readPythonImports(root, finding.sdk));
  const names = new PythonNameResolver(imports, finding.sdk);
  const eol = lineEnding(text);
  const scope = ancestorOfType(lambda, ['function_definition']) ?? root;
  const method = /(\w+)\s*$/.exec(call.childForFieldName('function')?.text ?? '')?.[1] ?? 'call';
  const name = unusedName(scope.text, [`guarded_${method}`, `guarded_${method}_call`, `openai_guarded_${method}`]);
  const awaits = ancestorOfType(lambda, ['await']) !== null && found.statement.startIndex <= (ancestorOfType(lambda, ['await'])?.startIndex ?? -1);

  const knob = options.handlerStyle === 'retryWithBackoff' && sdkRetries(finding.sdk) ? pythonRetryKnob(call, [imports.moduleAlias ?? 'openai']) : undefined;
  // The body's text, with the retry knob in it, its lines moved to the try's body (two steps in from the def).
  const rows = original.slice(body.startPosition.row, body.endPosition.row + 1);
  if (knob) {
    const { line, character } = knob.range.start;
    const index = line - body.startPosition.row;
    rows[index] = rows[index].slice(0, character) + knob.newText + rows[index].slice(character);
  }
  const endColumn = body.endPosition.column + (knob && knob.range.start.line === body.endPosition.row ? knob.newText.length : 0);
  rows[rows.length - 1] = rows[rows.length - 1].slice(0, endColumn);
  rows[0] = rows[0].slice(body.startPosition.column);
  const reference = leadingWhitespace(original[body.startPosition.row]);
  const inner = baseIndent + unit + unit;
  const bodyLines = rows.map((line, index) => {
    if (index === 0 || stringRows.has(body.startPosition.row + index) || line.trim() === '') return line;
    return line.startsWith(reference) ? inner + line.slice(reference.length) : line;
  });

  const ctx: PythonHandlerContext = {
    flavour: finding.sdk,
    style: options.handlerStyle,
    names,
    indent: baseIndent + unit,
    unit,
    errorVar: unusedName(lambda.text, ['e', 'err', 'exc', 'error']),
    lineLength: options.lineLength ?? defaultLineLength(true),
    sdkRetries: sdkRetries(finding.sdk) ? (knob ? sdkMaxRetries : 2) : 0,
    projectError: options.handlerStyle === 'raiseProjectError' ? names.projectError(options.projectErrorClass) : undefined,
  };
  const handlers = options.layout === 'perClass'
    ? pythonExceptClauses(planHandlers(finding.sdk, options.errorClasses), ctx)
    : pythonGroupClauses(planGroups(finding.sdk, options.errorClasses), ctx);
  const parameters = lambda.childForFieldName('parameters')?.text ?? '';
  const definition = [
    `${baseIndent}${awaits ? 'async ' : ''}def ${name}(${parameters}):`,
    `${baseIndent}${unit}try:`,
    `${inner}return ${awaits ? 'await ' : ''}${bodyLines.join(eol)}`,
    ...handlers,
  ];
  // PEP 8: two blank lines around a function at module level; inside a function, one after it.
  const moduleLevel = scope === root;
  let blankBefore = 0;
  while (blankBefore < found.startRow && original[found.startRow - 1 - blankBefore].trim() === '') blankBefore++;
  const before = moduleLevel && found.startRow > 0 ? Array<string>(Math.max(0, 2 - blankBefore)).fill('') : [];
  const after = Array<string>(moduleLevel ? 2 : 1).fill('');
  const at = { line: found.startRow, character: 0 };
  return [
    ...pythonImportEdits(names, imports, root, found.startRow, original, unit, eol, ctx.lineLength),
    { range: { start: at, end: at }, newText: [...before, ...definition, ...after].map((line) => line + eol).join('') },
    { range: { start: { line: lambda.startPosition.row, character: lambda.startPosition.column }, end: { line: lambda.endPosition.row, character: lambda.endPosition.column } }, newText: name },
  ];
}
