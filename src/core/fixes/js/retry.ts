// The retryWithBackoff style for JavaScript/TypeScript: the wrapped statements run in a bounded
// `for (let attempt = 1; ; attempt++)` loop, and one module-level function (written once per file, then
// reused) turns an error into the wait: the server's retry-after-ms / retry-after hint, capped, else
// exponential backoff with jitter. It reads v4+ errors (`.headers`) and v3 axios errors (`.response.headers`).
import type { SyntaxNode } from '../syntax';
import type { JsStyle } from './style';

export const maxAttempts = 3;
export const retryDelayFunction = 'openaiRetryDelay';

const loopTypes = ['for_statement', 'for_in_statement', 'while_statement', 'do_statement'];
const scopeTypes = ['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'class_body'];

/**
 * Whether a loop may go around the statements: not when an unlabelled `break`/`continue` in them belongs to a
 * loop (or, for break, a switch) outside them: inside a retry loop it would act on that loop instead.
 */
export function loopCanEnclose(statements: readonly SyntaxNode[]): boolean {
  const first = statements[0].startIndex;
  const last = statements[statements.length - 1].endIndex;
  const inside = (node: SyntaxNode): boolean => node.startIndex >= first && node.endIndex <= last;
  return statements.every((statement) => statement.descendantsOfType(['break_statement', 'continue_statement']).every((jump) => {
    if (!jump || jump.childForFieldName('label') || jump.namedChildren.some((child) => child?.type === 'statement_identifier')) return true;
    const targets = jump.type === 'break_statement' ? [...loopTypes, 'switch_statement'] : loopTypes;
    for (let node = jump.parent; node; node = node.parent) {
      if (scopeTypes.includes(node.type)) return true;
      if (targets.includes(node.type)) return inside(node);
    }
    return true;
  }));
}

/** Whether the top-level code already declares the helper. */
export function hasRetryDelayHelper(root: SyntaxNode): boolean {
  return root.namedChildren.some((child) => child?.type === 'function_declaration' && child.childForFieldName('name')?.text === retryDelayFunction);
}

export function retryDelayHelper(style: JsStyle, isTypeScript: boolean): string[] {
  const { unit, semicolon: s, quote: q } = style;
  const typed = (ts: string, js: string): string => (isTypeScript ? ts : js);
  return [
    '/** Milliseconds to wait before retrying an OpenAI request: the server\'s retry-after hint (at most 60 s), else exponential backoff with jitter. */',
    `function ${retryDelayFunction}(err${typed(': unknown', '')}, attempt${typed(': number', '')})${typed(': number', '')} {`,
    `${unit}const { headers, response } = ${typed('(err ?? {}) as { headers?: unknown; response?: { headers?: unknown } }', 'err ?? {}')}${s}`,
    `${unit}const source = ${typed('(headers ?? response?.headers ?? {}) as { get?: (name: string) => string | null } & Record<string, unknown>', 'headers ?? response?.headers ?? {}')}${s}`,
    `${unit}const header = (name${typed(': string', '')})${typed(': number', '')} => Number(typeof source.get === ${q}function${q} ? source.get(name) : source[name])${s}`,
    `${unit}const hintMs = header(${q}retry-after-ms${q}) || header(${q}retry-after${q}) * 1000${s}`,
    `${unit}if (hintMs > 0) return Math.min(hintMs, 60000)${s}`,
    `${unit}return Math.min(500 * 2 ** (attempt - 1), 8000) * (0.75 + Math.random() / 4)${s}`,
    '}',
  ];
}

/** Whether control can leave the statement's end: not after a return or throw (a `break` there would be dead code). */
export function endsReachable(statement: SyntaxNode): boolean {
  return statement.type !== 'return_statement' && statement.type !== 'throw_statement';
}
