// "Add the missing OpenAI error handlers" for Python: the planned except clauses the try around the call still
// lacks go into it, after the user's own typed clauses and before a bare `except:` / `except Exception:`
// (which must stay last). The user's clauses are not touched.
import type { Finding, TextEdit } from '../../types';
import type { FixOptions } from '../options';
import { missingHandlers, sdkRetries } from '../handlerPlan';
import { defaultLineLength } from '../options';
import { ancestorOfType, nodeAtRange, rowsInsideStrings, unusedName, type SyntaxNode } from '../syntax';
import { detectIndentUnit, leadingCommentStart, leadingWhitespace, lineEnding, splitLines, trailingCommentEnd } from '../text';
import { PythonNameResolver, readPythonImports } from './imports';
import { pythonExceptClauses } from './handlers';
import { enclosingTries } from './existingHandlers';
import { insertLinesEdit, pythonImportEdits } from './edits';
import { pythonWrapEdits } from './wrap';

export function pythonAddHandlersEdits(text: string, root: SyntaxNode, finding: Finding, options: FixOptions): TextEdit[] | undefined {
  const imports = readPythonImports(root, finding.sdk);
  const call = nodeAtRange(root, finding.range);
  const tries = enclosingTries(call, imports, finding.sdk);
  // Partly handled by no try of its own but by the context manager of a `with` around it: a full try inside that.
  if (tries.length === 0) return insideWith(call) ? pythonWrapEdits(text, root, finding, options) : undefined;
  const target = tries.find((candidate) => candidate.clauses.length > 0);
  if (!target) return undefined;
  const missing = missingHandlers(finding.sdk, options.errorClasses, tries.flatMap((t) => t.clauses.map((c) => c.caught)));
  if (missing.length === 0) return undefined;

  const lines = splitLines(text);
  const first = target.clauses[0].node;
  const indent = leadingWhitespace(lines[first.startPosition.row]);
  const catchAll = target.clauses.find((clause) => clause.caught.catchesAll);
  const last = target.clauses[target.clauses.length - 1].node;
  const row = catchAll
    ? leadingCommentStart(lines, catchAll.node.startPosition.row, indent, '#')
    : trailingCommentEnd(lines, last.endPosition.row, indent, '#') + 1;

  const stringRows = rowsInsideStrings(root, ['string']);
  const names = new PythonNameResolver(imports, finding.sdk);
  const lineLength = options.lineLength ?? defaultLineLength(true);
  const clauses = pythonExceptClauses(missing, {
    flavour: finding.sdk,
    // A retry loop would have to enclose the user's try: added clauses log and re-raise (or convert) instead.
    style: options.handlerStyle === 'retryWithBackoff' ? 'logAndRethrow' : options.handlerStyle,
    names,
    indent,
    unit: bodyUnit(first, lines, indent) ?? detectIndentUnit(lines, '    ', (r) => stringRows.has(r)),
    errorVar: unusedName(text, ['e', 'err', 'exc', 'error']),
    lineLength,
    sdkRetries: sdkRetries(finding.sdk) ? 2 : 0,
    projectError: options.handlerStyle === 'raiseProjectError' ? names.projectError(options.projectErrorClass) : undefined,
  });
  const eol = lineEnding(text);
  return [
    ...pythonImportEdits(names, imports, root, target.node.startPosition.row, lines, '    ', eol, lineLength),
    insertLinesEdit(lines, row, clauses, eol),
  ];
}

/** The step the user's own handler body is indented by, so added clauses look like theirs. */
function bodyUnit(clause: SyntaxNode, lines: readonly string[], indent: string): string | undefined {
  const body = clause.namedChildren.find((child) => child?.type === 'block');
  if (!body || body.startPosition.row === clause.startPosition.row) return undefined;
  const bodyIndent = leadingWhitespace(lines[body.startPosition.row]);
  return bodyIndent.startsWith(indent) && bodyIndent.length > indent.length ? bodyIndent.slice(indent.length) : undefined;
}

/** Whether a node stands in the block (not the clause) of a `with` statement of its own function. */
function insideWith(node: SyntaxNode): boolean {
  const around = ancestorOfType(node.parent, ['function_definition', 'lambda', 'with_statement']);
  const body = around?.type === 'with_statement' ? around.childForFieldName('body') : null;
  return body !== null && body.startIndex <= node.startIndex && node.endIndex <= body.endIndex;
}
