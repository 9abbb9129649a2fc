// Edit shapes the JavaScript/TypeScript fixes share.
import type { TextEdit } from '../../types';
import type { JsImports, JsNameResolver } from './imports';

/**
 * The import lines the generated names need, after the file's imports (or above `beforeRow` if that comes
 * first), and a type-only SDK import turned into a value import when the handlers use it.
 */
export function jsImportEdits(names: JsNameResolver, imports: JsImports, beforeRow: number, semicolon: string, quote: string, eol: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const typeImport = names.typeImportEdit();
  if (typeImport) edits.push(typeImport);
  const importLines = names.importLines(semicolon, quote);
  if (importLines.length === 0) return edits;
  const row = Math.min(imports.insertRow, beforeRow);
  edits.push({ range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, newText: importLines.map((line) => line + eol).join('') });
  return edits;
}
