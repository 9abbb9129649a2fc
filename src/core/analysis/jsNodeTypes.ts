// Tree-sitter node types of JavaScript/TypeScript that several readers of JS trees share: the analysis (detector,
// fake transports) and the fixes (stream guards, arrow bodies, .catch chains) must agree on what a function is
// and what wraps an expression without changing its value.
import type { SyntaxNode } from './syntax';

/** Every node that opens a function scope. */
export const jsFunctionTypes: ReadonlySet<string> = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);

/** Wrappers that change an expression's type or grouping, not its value: `(x)`, `x as T`, `x satisfies T`, `x!`. */
export const jsTypeWrappers: ReadonlySet<string> = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression']);

/** The expression inside `await`, parentheses and type wrappers: the value itself. */
export function jsUnwrapped(node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let current = node ?? undefined;
  while (current && (current.type === 'await_expression' || jsTypeWrappers.has(current.type))) current = current.namedChild(0) ?? undefined;
  return current;
}

/** The name a parameter binds (`client`, `client?: OpenAI`, `client = make()`), when it binds a plain name. */
export function jsParameterName(parameter: SyntaxNode | null | undefined): string | undefined {
  const pattern = parameter?.type === 'required_parameter' || parameter?.type === 'optional_parameter' ? parameter.childForFieldName('pattern')
    : parameter?.type === 'assignment_pattern' ? parameter.childForFieldName('left') : parameter;
  return pattern?.type === 'identifier' ? pattern.text : undefined;
}

/** Whether a function is declared `async`. */
export function isAsyncFunction(fn: SyntaxNode): boolean {
  return fn.children.some((child) => child?.type === 'async');
}
