// The fix for a promise no try can wait for: returned from a function that is not async, ending a `.then(…)`
// chain, or kept in a variable read in other ways than an await. A `.catch((err) => {…})` on the chain does the
// typed handling. Where something receives the promise (a return, a variable) it rethrows, so the promise stays
// rejected as before; where nothing does (a chain standing as a statement), it logs only: a throw there would
// be an unhandled rejection.
import type { Finding, SourceLanguage, TextEdit } from '../../types';
import type { FixOptions } from '../options';
import { planGroups } from '../handlerPlan';
import { floatingCatchNote } from '../handlerText';
import { jsFunctionTypes } from '../../analysis/jsNodeTypes';
import { perText, type SyntaxNode } from '../syntax';
import { leadingWhitespace, splitLines } from '../text';
import { handlerClause, jsListenerLines } from './handlers';
import { jsFixContext } from './fixContext';

const chainMethods = new Set(['then', 'finally', 'withResponse']);
const transparent = new Set(['parenthesized_expression', 'non_null_expression']);

export function jsPromiseCatchEdits(text: string, root: SyntaxNode, call: SyntaxNode, finding: Finding, options: FixOptions, language: SourceLanguage): TextEdit[] | undefined {
  if (options.sharedHandler) return undefined;
  const top = chainTop(call);
  const holder = top.parent;
  if (!holder) return undefined;
  const floating = holder.type === 'expression_statement';
  const stored = storedName(top);
  const returned = holder.type === 'return_statement' && returnTypeAllowsPromise(holder);
  if (!floating && !returned && !(stored && usesOnlyAsPromise(stored, top, text))) return undefined;

  const end = top.endPosition;
  const endLine = perText(text, 'lines', () => splitLines(text))[end.row];
  const baseIndent = leadingWhitespace(endLine);
  // A chain written one call a line (`.then(…)` starting its line) gets the `.catch` on a line of its own.
  const ownLine = endLine.trimStart().startsWith('.');
  const fix = jsFixContext(text, root, finding, options, language, baseIndent, call);
  const ctx = fix.handlerContext(baseIndent);
  // The catch clause's lines between `} catch (err) {` and its closing brace are the callback's body.
  const body = floating ? jsListenerLines(planGroups(finding.sdk, options.errorClasses), ctx, floatingCatchNote()) : handlerClause(finding, options, ctx).slice(1, -1);
  const at = { line: end.row, character: end.column };
  const handler = [`${ownLine ? fix.eol + baseIndent : ''}.catch((${ctx.errorVar}) => {`, ...body, `${baseIndent}})`].join(fix.eol);
  return [...fix.importEdits(call.startPosition.row), { range: { start: at, end: at }, newText: handler }];
}

/** The call, or the `.then(…)` / `.finally(…)` chain carrying its outcome. */
function chainTop(call: SyntaxNode): SyntaxNode {
  let top = call;
  for (;;) {
    const parent = top.parent;
    if (parent && transparent.has(parent.type)) top = parent;
    else if (parent?.type === 'member_expression' && parent.childForFieldName('object')?.equals(top) && chainMethods.has(parent.childForFieldName('property')?.text ?? '')
      && parent.parent?.type === 'call_expression' && parent.parent.childForFieldName('function')?.equals(parent)) top = parent.parent;
    else return top;
  }
}

function storedName(top: SyntaxNode): string | undefined {
  const declarator = top.parent;
  const name = declarator?.type === 'variable_declarator' && declarator.childForFieldName('value')?.equals(top) ? declarator.childForFieldName('name') : null;
  return name?.type === 'identifier' ? name.text : undefined;
}

/**
 * A `.catch` turns the SDK's promise into a plain one: the variable may only be used as a promise (awaited,
 * passed on, `.then`), not through the SDK promise's own methods (`.asResponse()`, `.withResponse()`).
 */
function usesOnlyAsPromise(name: string, top: SyntaxNode, text: string): boolean {
  const scope = top.parent?.parent?.parent;
  if (!scope) return false;
  const member = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\s*\\??\\.\\s*([\\w$]+)`, 'g');
  const after = text.slice(top.endIndex, scope.endIndex);
  for (const match of after.matchAll(member)) if (!['then', 'catch', 'finally'].includes(match[1])) return false;
  return true;
}

/** A declared return type other than `Promise<…>` (an SDK `APIPromise<…>`) would no longer hold. */
function returnTypeAllowsPromise(statement: SyntaxNode): boolean {
  let fn: SyntaxNode | null = statement.parent;
  while (fn && !jsFunctionTypes.has(fn.type)) fn = fn.parent;
  const annotation = fn?.childForFieldName('return_type')?.text.replace(/^:\s*/, '');
  return annotation === undefined || /^Promise\s*</.test(annotation);
}
