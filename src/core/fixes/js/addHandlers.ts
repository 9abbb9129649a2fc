// "Add the missing OpenAI error handlers" for JavaScript/TypeScript: `else if (err instanceof X)` branches for
// the planned classes the catch still lacks, appended to the user's instanceof chain (before its final else),
// each logging and rethrowing on its own. A catch body that does not start with such a chain gets the branches
// as a block at its top instead, so the user's code still runs for every other error.
import type { Finding, SourceLanguage, TextEdit } from '../../types';
import { defaultLineLength, type FixOptions } from '../options';
import { missingHandlers, type PlannedHandler } from '../handlerPlan';
import { errorHierarchy, isSubclassOf } from '../../sdk/errorHierarchy';
import { nodeAtRange, type SyntaxNode } from '../syntax';
import { leadingWhitespace, lineEnding, splitLines } from '../text';
import { JsNameResolver, readJsImports, type JsImports } from './imports';
import { instanceofChainLines, type JsHandlerContext } from './handlers';
import { enclosingCatches, testedClasses, type CatchDispatch } from './existingHandlers';
import { jsStyle } from './style';
import { jsImportEdits } from './edits';

export function jsAddHandlersEdits(text: string, root: SyntaxNode, finding: Finding, options: FixOptions, language: SourceLanguage): TextEdit[] | undefined {
  // v3 errors are plain AxiosErrors: there are no classes to add branches for.
  if (finding.sdk === 'openai-node-v3') return undefined;
  const imports = readJsImports(root);
  const catches = enclosingCatches(nodeAtRange(root, finding.range), imports, finding.sdk);
  const target = catches[0];
  if (!target) return undefined;
  const missing = missingHandlers(finding.sdk, options.errorClasses, catches.flatMap((c) => c.chains.flat().map((branch) => branch.caught)));
  const lines = splitLines(text);
  const eol = lineEnding(text);
  const isTypeScript = language === 'typescript' || language === 'typescriptreact';
  const names = new JsNameResolver(imports, isTypeScript);
  const context = (chainIndent: string): JsHandlerContext => ({
    // A retry loop would have to enclose the user's try: added branches log and rethrow (or convert) instead.
    style: options.handlerStyle === 'retryWithBackoff' ? 'logAndRethrow' : options.handlerStyle,
    lineLength: options.lineLength ?? defaultLineLength(false),
    sdkRetries: 2,
    projectError: options.handlerStyle === 'raiseProjectError' ? names.projectError(options.projectErrorClass) : undefined,
    names,
    indent: chainIndent,
    errorVar: target.parameter,
    isTypeScript,
    rethrowInBranch: true,
    ...jsStyle(root, lines, chainIndent),
  });

  const chain = target.chains[target.chains.length - 1];
  const finalBranch = chain?.[chain.length - 1];
  let edit: TextEdit | undefined;
  let ctx: JsHandlerContext;
  // Appended after the last branch's consequence, a block or a single statement (`if (…) return null;`).
  if (finalBranch && missing.length > 0) {
    ctx = context(leadingWhitespace(lines[chain[0].node.startPosition.row]));
    const added = instanceofChainLines(missing, ctx, false, ctx.indent);
    const at = { line: finalBranch.consequence.endPosition.row, character: finalBranch.consequence.endPosition.column };
    // After a block `} else if`; after a single statement, on a line of its own, the user's line untouched.
    const joint = finalBranch.consequence.type === 'statement_block' ? ' ' : eol + ctx.indent;
    edit = { range: { start: at, end: at }, newText: [`${joint}else ${added[0].trimStart()}`, ...added.slice(1)].join(eol) };
  } else {
    const inserted = blockAtTop(target, lines, eol, missing, finding, imports, context);
    if (!inserted) return undefined;
    ({ edit, ctx } = inserted);
  }
  return [...jsImportEdits(names, imports, target.tryNode.startPosition.row, ctx.semicolon, ctx.quote, eol), edit];
}

/**
 * The branches as the first statement of the catch body. A class the body tests for a subclass of (and the
 * catch-all) is left out: testing it first would take those errors away from the user's own code.
 */
function blockAtTop(target: CatchDispatch, lines: readonly string[], eol: string, missing: readonly PlannedHandler[], finding: Finding, imports: JsImports, context: (indent: string) => JsHandlerContext): { edit: TextEdit; ctx: JsHandlerContext } | undefined {
  const body = target.clause.childForFieldName('body');
  if (!body) return undefined;
  const openRow = body.startPosition.row;
  if (lines[openRow].slice(body.startPosition.column + 1).trim() !== '' || body.endPosition.row === openRow) return undefined;
  const hierarchy = errorHierarchy(finding.sdk);
  const tested = testedClasses(body, target.parameter, imports, finding.sdk);
  const handlers = missing.filter((handler) => !handler.isCatchAll && !tested.some((name) => isSubclassOf(hierarchy, name, handler.className)));
  if (handlers.length === 0) return undefined;
  const firstStatement = body.namedChildren.find((child) => child !== null);
  const indent = firstStatement && firstStatement.startPosition.row > openRow
    ? leadingWhitespace(lines[firstStatement.startPosition.row])
    : leadingWhitespace(lines[target.clause.startPosition.row]) + context('').unit;
  const ctx = context(indent);
  const added = instanceofChainLines(handlers, ctx, false, indent);
  const row = openRow + 1;
  return { edit: { range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, newText: added.map((line) => line + eol).join('') }, ctx };
}
