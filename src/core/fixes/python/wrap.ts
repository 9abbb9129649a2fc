// "Wrap with OpenAI error handlers" for Python: the whole statement holding the call goes into a try block,
// followed by one except clause per planned class. Lines are moved one indentation step in, except lines
// that start inside a multi-line string (their leading whitespace is part of the string).
import type { Finding, TextEdit } from '../../types';
import type { FixOptions } from '../options';
import type { SharedHandlerRef } from '../sharedHandler';
import { errorHierarchy } from '../../sdk/errorHierarchy';
import { planGroups, planHandlers, sdkRetries } from '../handlerPlan';
import { defaultLineLength, sdkMaxRetries } from '../options';
import { pythonRetryKnob } from '../sdkRetryKnob';
import { ancestorOfType, nodeAtRange, perText, rowsInsideStrings, unusedName, type SyntaxNode } from '../syntax';
import { detectIndentUnit, leadingWhitespace, lineEnding, splitLines, type RowSpan } from '../text';
import { PythonNameResolver, readPythonImports } from './imports';
import { pythonExceptClauses, pythonGroupClauses, type PythonHandlerContext } from './handlers';
import { insertLinesEdit, pythonImportEdits, topLevelRow } from './edits';
import { pythonLambdaEdits } from './lambda';
import { exceptVariableName } from './exceptVariable';
import { loopCanEnclose, maxAttempts, retryDelayFunction, retryDelayHelper, withSurroundingBlankLines } from './retry';

const statementContainers = ['module', 'block'];
/** Statements whose body would change meaning (or stop being a definition) inside a try. */
const unwrappable = ['function_definition', 'class_definition', 'decorated_definition', 'import_statement', 'import_from_statement', 'future_import_statement'];

export function pythonWrapEdits(text: string, root: SyntaxNode, finding: Finding, options: FixOptions): TextEdit[] | undefined {
  const call = nodeAtRange(root, finding.range);
  const original = perText(text, 'lines', () => splitLines(text));
  if (ancestorOfType(call, ['lambda'])) {
    if (options.sharedHandler) return undefined;
    return pythonLambdaEdits(text, root, call, finding, options, (node) => {
      const rows = statementSpan(node, original);
      const statement = statementOf(node);
      return rows && statement ? { statement, startRow: rows.startRow } : undefined;
    });
  }
  const statementRows = statementSpan(call, original);
  if (!statementRows) return undefined;
  const span = withStreamReaders(call, statementRows);

  const stringRows = perText(text, 'py:stringRows', () => rowsInsideStrings(root, ['string']));
  const baseIndent = leadingWhitespace(original[span.startRow]);
  const fileUnit = perText(text, 'py:indentUnit', () => detectIndentUnit(original, '    ', (row) => stringRows.has(row)));
  const unit = consistentUnit(baseIndent, fileUnit);
  const imports = perText(text, `py:imports:${finding.sdk}`, () => readPythonImports(root, finding.sdk));
  const names = new PythonNameResolver(imports, finding.sdk);
  const lineLength = options.lineLength ?? defaultLineLength(true);
  const wantsRetry = options.handlerStyle === 'retryWithBackoff';

  // The SDK's own knob where it retries (1.x+); a loop of our own only for 0.x, which does not.
  const knob = wantsRetry && sdkRetries(finding.sdk) ? pythonRetryKnob(call, [imports.moduleAlias ?? 'openai']) : undefined;
  const lines = [...original];
  if (knob) {
    const { line, character } = knob.range.start;
    lines[line] = lines[line].slice(0, character) + knob.newText + lines[line].slice(character);
  }
  // Only a lone statement is retried: a loop around a `for`/`with` block would replay what its body did.
  const retry = wantsRetry && !sdkRetries(finding.sdk) && loopCanEnclose(root.descendantsOfType(['break_statement', 'continue_statement']), span) && simpleStatements.includes(statementOf(call)?.type ?? '');
  // In a retry loop the try sits one step deeper, its body two.
  const tryIndent = retry ? baseIndent + unit : baseIndent;
  const body = lines.slice(span.startRow, span.endRow + 1).map((line, index) => {
    const row = span.startRow + index;
    if (stringRows.has(row) || line.trim() === '') return line;
    const step = tryIndent.slice(baseIndent.length) + unit;
    return line.startsWith(baseIndent) ? baseIndent + step + line.slice(baseIndent.length) : step + line;
  });
  const attemptVar = perText(text, 'py:attemptVar', () => unusedName(text, ['attempt', 'openai_attempt']));
  const inAsync = ancestorOfType(call, ['function_definition'])?.children.some((child) => child?.type === 'async') === true;
  const ctx: PythonHandlerContext = {
    flavour: finding.sdk,
    style: options.handlerStyle,
    names,
    indent: tryIndent,
    unit,
    errorVar: exceptVariableName(call, root, text),
    lineLength,
    sdkRetries: sdkRetries(finding.sdk) ? (knob ? sdkMaxRetries : 2) : 0,
    projectError: options.handlerStyle === 'raiseProjectError' ? names.projectError(options.projectErrorClass) : undefined,
    retry: retry
      ? { attemptVar, maxAttempts, delayFunction: retryDelayFunction, sleep: inAsync ? `await ${names.standardModule('asyncio')}.sleep` : `${names.standardModule('time')}.sleep` }
      : undefined,
  };
  const handlers = options.sharedHandler
    ? sharedHandlerClause(options.sharedHandler, names, ctx)
    : options.layout === 'perClass'
      ? pythonExceptClauses(planHandlers(finding.sdk, options.errorClasses), ctx)
      : pythonGroupClauses(planGroups(finding.sdk, options.errorClasses), ctx);
  const eol = lineEnding(text);
  const helper = retry ? retryDelayHelper(imports, names, fileUnit) : [];
  const edits = pythonImportEdits(names, imports, root, span.startRow, original, unit, eol, lineLength);
  if (helper.length > 0) {
    // Defined before the top-level statement that runs the call, so the name exists when the call fails.
    const row = Math.min(imports.insertRow, topLevelRow(root, span.startRow));
    edits.push(insertLinesEdit(original, row, withSurroundingBlankLines(helper, original, row), eol));
  }
  const wrapped = [`${tryIndent}try:`, ...body, ...handlers];
  const statement = retry
    ? [`${baseIndent}for ${attemptVar} in range(1, ${maxAttempts + 1}):`, ...wrapped, `${tryIndent}else:`, `${tryIndent}${unit}break`]
    : wrapped;
  edits.push({
    range: { start: { line: span.startRow, character: 0 }, end: { line: span.endRow, character: original[span.endRow].length } },
    newText: statement.join(eol),
  });
  return edits;
}

const simpleStatements = ['expression_statement', 'return_statement'];

/**
 * The except clause that passes every SDK error to the shared handler (imported when it lives elsewhere),
 * re-raising after it when the handler returns.
 */
function sharedHandlerClause(shared: SharedHandlerRef, names: PythonNameResolver, ctx: PythonHandlerContext): string[] {
  const handler = names.projectError(shared.module ? `${shared.module}:${shared.name}` : shared.name) ?? shared.name;
  const base = names.errorClass(errorHierarchy(ctx.flavour).root);
  return [
    `${ctx.indent}except ${base} as ${ctx.errorVar}:`,
    `${ctx.indent}${ctx.unit}${handler}(${ctx.errorVar})`,
    ...(shared.raises ? [] : [`${ctx.indent}${ctx.unit}raise`]),
  ];
}

/**
 * A stream's errors also arrive while it is read: when the statement assigns the call's result to a name
 * (`stream = client.chat.completions.create(..., stream=True)`) and a later statement of the same block loops
 * over that name (itself, or a loop inside it such as `try: for chunk in stream: …`) or enters it with `with`,
 * the try reaches to the end of that statement.
 */
function withStreamReaders(call: SyntaxNode, span: RowSpan): RowSpan {
  const statement = statementOf(call);
  const assignment = statement?.type === 'expression_statement' ? statement.firstNamedChild : null;
  const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  if (!statement?.parent || target?.type !== 'identifier') return span;
  let endRow = span.endRow;
  for (const sibling of statement.parent.namedChildren) {
    if (!sibling || sibling.startPosition.row <= span.endRow) continue;
    const reads = sibling.type === 'for_statement'
      ? sibling.childForFieldName('right')?.text === target.text
      : sibling.type === 'with_statement' ? sibling.descendantsOfType('with_item').some((item) => item?.childForFieldName('value')?.text === target.text)
      // A loop inside another statement (`try: for chunk in stream: …`), not inside a definition of its own.
      : !unwrappable.includes(sibling.type) && sibling.descendantsOfType('for_statement').some((loop) => loop?.childForFieldName('right')?.text === target.text);
    if (reads) endRow = sibling.endPosition.row;
  }
  return { startRow: span.startRow, endRow };
}

/** The statement directly in a block or the module that holds the node. */
function statementOf(node: SyntaxNode): SyntaxNode | undefined {
  for (let current: SyntaxNode | null = node; current?.parent; current = current.parent) {
    if (statementContainers.includes(current.parent.type)) return current;
  }
  return undefined;
}

/** The first row of the module-level statement holding the row. */
/** A tab-indented line needs tab steps and a space-indented one space steps, whatever the rest of the file does. */
function consistentUnit(baseIndent: string, detected: string): string {
  if (baseIndent.includes('\t')) return '\t';
  if (baseIndent.length > 0 && detected === '\t') return '    ';
  return detected;
}

/**
 * The rows of the innermost statement holding the node that owns its lines whole. A statement sharing its
 * first line with a compound header (`if x: call()`) makes the compound statement the one to wrap; statements
 * sharing lines through `;` are wrapped together.
 */
function statementSpan(node: SyntaxNode, lines: readonly string[]): RowSpan | undefined {
  for (let current: SyntaxNode | null = node; current?.parent; current = current.parent) {
    const parent: SyntaxNode = current.parent;
    if (!statementContainers.includes(parent.type)) continue;
    if (unwrappable.includes(current.type)) return undefined;
    const span = { startRow: current.startPosition.row, endRow: current.endPosition.row };
    for (let grew = true; grew; ) {
      grew = false;
      for (const sibling of parent.namedChildren) {
        if (!sibling || sibling.endPosition.row < span.startRow || sibling.startPosition.row > span.endRow) continue;
        if (sibling.startPosition.row < span.startRow || sibling.endPosition.row > span.endRow) {
          span.startRow = Math.min(span.startRow, sibling.startPosition.row);
          span.endRow = Math.max(span.endRow, sibling.endPosition.row);
          grew = true;
        }
      }
    }
    const firstChild = parent.namedChildren.find((child) => child && child.startPosition.row === span.startRow);
    const ownsFirstLine = firstChild !== undefined && lines[span.startRow].slice(0, firstChild!.startPosition.column).trim() === '';
    if (ownsFirstLine) return span;
  }
  return undefined;
}
