// The name of the error variable a generated catch binds: the one the surrounding code already uses, so one
// function does not end up with `catch (e)` in one place and `catch (err)` in another.
import type { SyntaxNode } from '../syntax';
import { jsFunctionTypes } from '../../analysis/jsNodeTypes';

const defaultName = 'err';

/** How often each name is a catch parameter inside `scope`. */
export function catchNameCounts(scope: SyntaxNode): Map<string, number> {
  const counts = new Map<string, number>();
  for (const clause of scope.descendantsOfType('catch_clause')) {
    const parameter = clause?.childForFieldName('parameter');
    if (parameter?.type === 'identifier') counts.set(parameter.text, (counts.get(parameter.text) ?? 0) + 1);
  }
  return counts;
}

/**
 * The catch parameter most used in the function around `node`, else in the file (`fileCounts`), else `err`.
 * Generated code reads it only inside its own catch block, so reusing a name is safe; but not the name of a
 * catch clause the code sits in, which it would shadow.
 */
export function catchVariableName(node: SyntaxNode, fileCounts: ReadonlyMap<string, number>): string {
  const enclosing = new Set<string>();
  let fn: SyntaxNode | null = null;
  for (let current: SyntaxNode | null = node; current; current = current.parent) {
    const parameter = current.type === 'catch_clause' ? current.childForFieldName('parameter') : null;
    if (parameter?.type === 'identifier') enclosing.add(parameter.text);
    if (!fn && jsFunctionTypes.has(current.type)) fn = current;
  }
  for (const counts of fn ? [catchNameCounts(fn), fileCounts] : [fileCounts]) {
    const best = [...counts].filter(([name]) => !enclosing.has(name))
      .sort((a, b) => b[1] - a[1] || (a[0] === defaultName ? -1 : b[0] === defaultName ? 1 : a[0].localeCompare(b[0])))[0];
    if (best) return best[0];
  }
  return enclosing.has(defaultName) ? 'error' : defaultName;
}
