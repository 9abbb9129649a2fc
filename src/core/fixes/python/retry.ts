// The retryWithBackoff style for Python: the wrapped statement runs in a bounded `for attempt in range(…)`
// loop, and one module-level helper (written once per file, then reused) turns an error into the wait: the
// server's retry-after-ms / retry-after hint, capped, else exponential backoff with jitter.
import type { SyntaxNode } from '../syntax';
import type { RowSpan } from '../text';
import type { PythonImports, PythonNameResolver } from './imports';

export const maxAttempts = 3;
export const retryDelayFunction = '_openai_retry_delay';

const loopTypes = ['for_statement', 'while_statement'];
const scopeTypes = ['function_definition', 'lambda', 'class_definition'];

/**
 * Whether a loop may go around the rows (`jumps`: every break and continue of the file): not when a `break`/`continue` in them belongs to a loop outside them
 * (inside a retry loop it would act on that loop instead).
 */
export function loopCanEnclose(jumps: readonly (SyntaxNode | null)[], span: RowSpan): boolean {
  const inside = (node: SyntaxNode): boolean => node.startPosition.row >= span.startRow && node.endPosition.row <= span.endRow;
  return jumps.every((jump) => {
    if (!jump || !inside(jump)) return true;
    for (let node = jump.parent; node; node = node.parent) {
      if (scopeTypes.includes(node.type)) return true;
      if (loopTypes.includes(node.type)) return inside(node);
    }
    return true;
  });
}

/** The helper's lines at module level, or none when the file already defines it. */
export function retryDelayHelper(imports: PythonImports, names: PythonNameResolver, unit: string): string[] {
  if (imports.functions.has(retryDelayFunction)) return [];
  const random = names.standardModule('random');
  return [
    `def ${retryDelayFunction}(error, attempt):`,
    `${unit}"""Seconds to wait before retrying an OpenAI request: the server's retry-after hint (at most 60 s),`,
    `${unit}else exponential backoff with jitter."""`,
    `${unit}response = getattr(error, "response", None)`,
    `${unit}headers = getattr(response, "headers", None) or getattr(error, "headers", None) or {}`,
    `${unit}for name, seconds_per_unit in (("retry-after-ms", 0.001), ("retry-after", 1.0)):`,
    `${unit}${unit}try:`,
    `${unit}${unit}${unit}hint = float(headers.get(name)) * seconds_per_unit`,
    `${unit}${unit}except (TypeError, ValueError):  # absent, or an HTTP date`,
    `${unit}${unit}${unit}continue`,
    `${unit}${unit}if hint > 0:`,
    `${unit}${unit}${unit}return min(hint, 60.0)`,
    `${unit}return min(0.5 * 2 ** (attempt - 1), 8.0) * ${random}.uniform(0.75, 1.0)`,
  ];
}

/** Two blank lines between the helper and the code around it, counting the blank lines already there. */
export function withSurroundingBlankLines(helper: readonly string[], lines: readonly string[], row: number): string[] {
  const blankRun = (from: number, step: number): number => {
    let count = 0;
    for (let r = from; r >= 0 && r < lines.length && lines[r].trim() === '' && count < 2; r += step) count++;
    return count;
  };
  const before = row === 0 ? 0 : 2 - blankRun(row - 1, -1);
  const after = 2 - blankRun(row, 1);
  return [...Array<string>(before).fill(''), ...helper, ...Array<string>(after).fill('')];
}
