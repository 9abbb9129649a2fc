// The catch clauses a fix finds around a call, read the way the analysis reads them: the branches of the
// `if (err instanceof X) … else if …` chains at the top of a catch body, and what each branch catches.
import type { HandlerCatch } from '../../analysis/handlerCoverage';
import { nodeCatchAllErrors } from '../../sdk/callShapes';
import { errorHierarchy } from '../../sdk/errorHierarchy';
import type { SdkFlavour } from '../../types';
import type { SyntaxNode } from '../syntax';
import type { JsImports } from './imports';

export interface InstanceofBranch {
  /** The if_statement of this branch (for an else-if, the nested one). */
  node: SyntaxNode;
  condition: SyntaxNode;
  consequence: SyntaxNode;
  caught: HandlerCatch;
}

export interface CatchDispatch {
  tryNode: SyntaxNode;
  clause: SyntaxNode;
  /** The caught error's name. */
  parameter: string;
  /** The catch body's leading if statements whose every branch tests instanceof, each as its branches. */
  chains: InstanceofBranch[][];
}

const scopeBoundaries = ['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'class_body'];

/** The try statements whose body holds the node and that have a catch with a named parameter, innermost first. */
export function enclosingCatches(node: SyntaxNode, imports: JsImports, flavour: SdkFlavour): CatchDispatch[] {
  const result: CatchDispatch[] = [];
  for (let child = node, parent = node.parent; parent && !scopeBoundaries.includes(parent.type); child = parent, parent = parent.parent) {
    if (parent.type !== 'try_statement' || child.id !== parent.childForFieldName('body')?.id) continue;
    const dispatch = catchDispatch(parent, imports, flavour);
    if (dispatch) result.push(dispatch);
  }
  return result;
}

export function catchDispatch(tryNode: SyntaxNode, imports: JsImports, flavour: SdkFlavour): CatchDispatch | undefined {
  const clause = tryNode.childForFieldName('handler');
  const parameter = clause?.childForFieldName('parameter');
  if (!clause || parameter?.type !== 'identifier') return undefined;
  const chains: InstanceofBranch[][] = [];
  for (const statement of clause.childForFieldName('body')?.namedChildren ?? []) {
    if (statement?.type === 'comment') continue;
    const chain = statement?.type === 'if_statement' ? instanceofChain(statement, parameter.text, imports, flavour) : undefined;
    if (!chain) break;
    chains.push(chain);
  }
  return { tryNode, clause, parameter: parameter.text, chains };
}

/** The branches of an if/else-if chain, or undefined when a branch tests anything but instanceof. */
export function instanceofChain(statement: SyntaxNode, parameter: string, imports: JsImports, flavour: SdkFlavour): InstanceofBranch[] | undefined {
  const branches: InstanceofBranch[] = [];
  for (let branch: SyntaxNode | undefined = statement; branch; branch = elseIf(branch)) {
    const condition = branch.childForFieldName('condition');
    const consequence = branch.childForFieldName('consequence');
    const caught = condition && instanceofTest(condition, parameter, imports, flavour);
    if (!condition || !consequence || !caught) return undefined;
    branches.push({ node: branch, condition, consequence, caught });
  }
  return branches;
}

/** The if_statement of the next `else if`, if the chain goes on. */
export function elseIf(branch: SyntaxNode): SyntaxNode | undefined {
  const next = branch.childForFieldName('alternative')?.namedChildren.find((child) => child?.type !== 'comment');
  return next?.type === 'if_statement' ? next : undefined;
}

function instanceofTest(condition: SyntaxNode, parameter: string, imports: JsImports, flavour: SdkFlavour): HandlerCatch | undefined {
  let node = condition;
  while (node.type === 'parenthesized_expression' && node.namedChild(0)) node = node.namedChild(0)!;
  if (node.type !== 'binary_expression') return undefined;
  const operator = node.childForFieldName('operator')?.text;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return undefined;
  if (operator === '||') {
    const a = instanceofTest(left, parameter, imports, flavour);
    const b = instanceofTest(right, parameter, imports, flavour);
    return a && b ? { catchesAll: a.catchesAll || b.catchesAll, classes: [...a.classes, ...b.classes] } : undefined;
  }
  if (operator !== 'instanceof' || left.text !== parameter) return undefined;
  if (right.type === 'identifier' && nodeCatchAllErrors.has(right.text)) return { catchesAll: true, classes: [] };
  const localToSdk = new Map([...imports.classNames].map(([sdk, local]) => [local, sdk]));
  const name = right.type === 'member_expression' ? right.childForFieldName('property')?.text : localToSdk.get(right.text) ?? right.text;
  const known = errorHierarchy(flavour).classes.some((c) => c.name === name);
  return { catchesAll: false, classes: name && known ? [name] : [] };
}

/** Every SDK class an `instanceof` test on the parameter names anywhere in a catch body. */
export function testedClasses(body: SyntaxNode, parameter: string, imports: JsImports, flavour: SdkFlavour): string[] {
  return body.descendantsOfType('binary_expression').flatMap((node) => (node ? instanceofTest(node, parameter, imports, flavour)?.classes ?? [] : []));
}
