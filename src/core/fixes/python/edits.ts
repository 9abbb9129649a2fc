// Edit shapes the Python fixes share: the import lines a fix needs, and whole lines inserted at a row.
import type { TextEdit } from '../../types';
import type { PythonImports, PythonNameResolver } from './imports';

/** The missing import lines, after the file's own imports (or right above `beforeRow` when that comes first). */
export function pythonImportEdits(names: PythonNameResolver, imports: PythonImports, beforeRow: number, indentUnit: string, eol: string): TextEdit[] {
  const importLines = names.importLines(indentUnit);
  if (importLines.length === 0) return [];
  const row = Math.min(imports.insertRow, beforeRow);
  return [{ range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, newText: importLines.map((line) => line + eol).join('') }];
}

/** Inserts whole lines before `row`; past the last line of a text without a final newline, after it. */
export function insertLinesEdit(lines: readonly string[], row: number, inserted: readonly string[], eol: string): TextEdit {
  if (row < lines.length) {
    return { range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, newText: inserted.map((line) => line + eol).join('') };
  }
  const last = lines.length - 1;
  const end = { line: last, character: lines[last].length };
  return { range: { start: end, end }, newText: inserted.map((line) => eol + line).join('') };
}
