// The except clauses a fix finds around a call, read the way the analysis reads them: which SDK classes each
// one names (through the file's imports) or whether it catches everything (bare, Exception, BaseException).
import type { SdkFlavour } from '../../types';
import type { HandlerCatch } from '../../analysis/handlerCoverage';
import { pythonCatchAllExceptions } from '../../sdk/callShapes';
import { errorHierarchy } from '../../sdk/errorHierarchy';
import type { SyntaxNode } from '../syntax';
import type { PythonImports } from './imports';

export interface ExceptClause {
  node: SyntaxNode;
  caught: HandlerCatch;
}

export interface EnclosingTry {
  node: SyntaxNode;
  clauses: ExceptClause[];
}

const clauseTypes = ['except_clause', 'except_group_clause'];
const scopeBoundaries = ['function_definition', 'lambda', 'class_definition'];

/** The try statements whose body holds the node, innermost first, up to the enclosing function. */
export function enclosingTries(node: SyntaxNode, imports: PythonImports, flavour: SdkFlavour): EnclosingTry[] {
  const tries: EnclosingTry[] = [];
  for (let child = node, parent = node.parent; parent && !scopeBoundaries.includes(parent.type); child = parent, parent = parent.parent) {
    if (parent.type === 'try_statement' && child.type === 'block' && child.id === parent.childForFieldName('body')?.id) {
      tries.push({ node: parent, clauses: exceptClauses(parent, imports, flavour) });
    }
  }
  return tries;
}

export function exceptClauses(tryNode: SyntaxNode, imports: PythonImports, flavour: SdkFlavour): ExceptClause[] {
  return tryNode.namedChildren
    .filter((child): child is SyntaxNode => child !== null && clauseTypes.includes(child.type))
    .map((node) => ({ node, caught: caughtBy(node, imports, flavour) }));
}

export function clauseOf(node: SyntaxNode): SyntaxNode | null {
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    if (clauseTypes.includes(current.type)) return current;
  }
  return null;
}

function caughtBy(clause: SyntaxNode, imports: PythonImports, flavour: SdkFlavour): HandlerCatch {
  const value = clause.childForFieldName('value') ?? clause.namedChildren.find((child) => child?.type !== 'block') ?? null;
  if (!value) return { catchesAll: true, classes: [] };
  const sdkNames = new Set(errorHierarchy(flavour).classes.map((c) => c.name));
  const localToSdk = new Map([...imports.classNames].map(([sdk, local]) => [local, sdk]));
  const caught: HandlerCatch = { catchesAll: false, classes: [] };
  for (const item of exceptionItems(value)) {
    const name = item.type === 'attribute' ? qualifiedName(item, imports) : localToSdk.get(item.text) ?? item.text;
    if (item.type === 'identifier' && pythonCatchAllExceptions.has(item.text)) caught.catchesAll = true;
    else if (name && sdkNames.has(name)) caught.classes.push(name);
  }
  return caught;
}

/** `openai.RateLimitError`, `openai.error.RateLimitError`, `<alias>.X`: the class name, when openai qualifies it. */
function qualifiedName(attribute: SyntaxNode, imports: PythonImports): string | undefined {
  const qualifier = (attribute.childForFieldName('object')?.text ?? '').replace(/\s+/g, '');
  const [head, ...rest] = qualifier.split('.');
  const fromOpenAI = qualifier === imports.errorModuleAlias
    || ((head === imports.moduleAlias || head === 'openai') && ['', 'error', '_exceptions'].includes(rest.join('.')));
  return fromOpenAI ? attribute.childForFieldName('attribute')?.text : undefined;
}

function exceptionItems(node: SyntaxNode): SyntaxNode[] {
  if (node.type === 'as_pattern') return exceptionItems(node.namedChild(0) ?? node);
  if (['tuple', 'parenthesized_expression', 'expression_list'].includes(node.type)) {
    return node.namedChildren.flatMap((child) => (child ? exceptionItems(child) : []));
  }
  return [node];
}
