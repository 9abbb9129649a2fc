// The name a generated `except … as NAME` binds: the one the function already uses for its handlers, so one
// function does not get `as e` in one place and `as err` in another. Python unbinds that name when a handler
// ends, so a name is reusable only where nothing else in the function uses it, and not inside a handler that
// binds it itself (the inner handler would unbind the outer one's error).
import { ancestorOfType, perText, type SyntaxNode } from '../syntax';

const defaults = ['e', 'err', 'exc', 'error'];

/** The `as` name of an except clause, if it binds one. */
function boundName(clause: SyntaxNode): string | undefined {
  const pattern = clause.namedChildren.find((child) => child?.type === 'as_pattern');
  const alias = pattern?.childForFieldName('alias');
  const name = alias?.type === 'identifier' ? alias : alias?.namedChildren.find((child) => child?.type === 'identifier');
  return name?.text;
}

/** `root` is the module's node and `text` its text (a module-level answer is kept for that text). */
export function exceptVariableName(node: SyntaxNode, root: SyntaxNode, text: string): string {
  const scope = ancestorOfType(node, ['function_definition']) ?? root;
  const enclosing = new Set<string>();
  for (let current: SyntaxNode | null = node; current && current.id !== scope.id; current = current.parent) {
    const name = current.type === 'except_clause' ? boundName(current) : undefined;
    if (name) enclosing.add(name);
  }
  const counts = scope === root ? perText(text, 'py:exceptNames', () => exceptNameCounts(scope)) : exceptNameCounts(scope);
  const candidates = [...[...counts].sort((a, b) => b[1] - a[1]).map(([name]) => name), ...defaults];
  const reusable = (name: string): boolean => (scope === root ? perText(text, `py:handlerOnlyName:${name}`, () => onlyHandlerUses(scope, name)) : onlyHandlerUses(scope, name));
  return candidates.find((name) => !enclosing.has(name) && reusable(name)) ?? defaults.find((name) => !enclosing.has(name))!;
}

function exceptNameCounts(scope: SyntaxNode): Map<string, number> {
  const counts = new Map<string, number>();
  for (const clause of scope.descendantsOfType('except_clause')) {
    const name = clause && boundName(clause);
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/** Whether every use of the name in the scope lies in an except clause that binds it. */
function onlyHandlerUses(scope: SyntaxNode, name: string): boolean {
  if (!new RegExp(`\\b${name}\\b`).test(scope.text)) return true;
  return scope.descendantsOfType('identifier').every((identifier) => {
    if (identifier?.text !== name) return true;
    for (let current = identifier.parent; current && current.id !== scope.parent?.id; current = current.parent) {
      if (current.type === 'except_clause' && boundName(current) === name) return true;
      if (current.type === 'function_definition' || current.type === 'lambda') return false;
    }
    return false;
  });
}
