// The file's own JavaScript style, which generated code follows: indentation step, semicolons, quotes.
import { rowsInsideStrings, type SyntaxNode } from '../syntax';
import { detectIndentUnit } from '../text';

export interface JsStyle {
  unit: string;
  semicolon: string;
  quote: string;
}

/** The style for code generated at `baseIndent` (a tab-indented line gets tab steps whatever the file does). */
export function jsStyle(root: SyntaxNode, lines: readonly string[], baseIndent: string): JsStyle {
  const stringRows = rowsInsideStrings(root, ['template_string', 'string']);
  const detected = detectIndentUnit(lines, '  ', (row) => stringRows.has(row));
  const unit = baseIndent.includes('\t') ? '\t' : baseIndent.length > 0 && detected === '\t' ? '  ' : detected;
  return { unit, semicolon: usesSemicolons(root) ? ';' : '', quote: preferredQuote(root) };
}

function usesSemicolons(root: SyntaxNode): boolean {
  const statements = root.descendantsOfType(['expression_statement', 'lexical_declaration', 'return_statement']);
  const terminated = statements.filter((node) => node?.text.endsWith(';')).length;
  return statements.length === 0 || terminated * 2 >= statements.length;
}

function preferredQuote(root: SyntaxNode): string {
  const strings = root.descendantsOfType('string');
  const double = strings.filter((node) => node?.text.startsWith('"')).length;
  return double * 2 > strings.length ? '"' : "'";
}
