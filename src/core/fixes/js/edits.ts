// Edit shapes the JavaScript/TypeScript fixes share.
import type { TextEdit } from '../../types';
import type { JsImports, JsNameResolver } from './imports';

/** The one import line the generated names need, after the file's imports (or above `beforeRow` if that comes first). */
export function jsImportEdits(names: JsNameResolver, imports: JsImports, beforeRow: number, semicolon: string, quote: string, eol: string): TextEdit[] {
  const importLine = names.importLine(semicolon, quote);
  if (!importLine) return [];
  const row = Math.min(imports.insertRow, beforeRow);
  return [{ range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, newText: importLine + eol }];
}
