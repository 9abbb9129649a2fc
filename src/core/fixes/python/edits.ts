// Edit shapes the Python fixes share: the import lines (and module logger) a fix needs, placed where isort and
// Ruff would put them, and whole lines inserted at a row.
import type { SyntaxNode } from '../../analysis/syntax';
import type { TextEdit } from '../../types';
import type { ImportStatement, PythonImports, PythonNameResolver } from './imports';
import { isStandardLibrary } from './standardLibrary';

const at = (line: number, character = 0) => ({ line, character });

/** First row of the top-level statement (a function or class with its decorators, a module-level line) holding a row. */
export function topLevelRow(root: SyntaxNode, row: number): number {
  const statement = root.namedChildren.find((child) => child && child.startPosition.row <= row && child.endPosition.row >= row);
  return statement?.startPosition.row ?? row;
}

/**
 * The missing imports: a standard module among the file's standard imports in alphabetical order (its own
 * section, above the others, when there is none); `openai` names merged into the file's `from openai import …`
 * when it fits on one line, else after the file's last openai import; the module logger after the imports.
 * When the top-level statement holding the change (`changedRow`) starts before the file's imports end (a file
 * that imports again further down), only the imports above that statement count; with none, everything goes
 * right above it. Never inside a function or class body, and always defined before module code runs it.
 */
export function pythonImportEdits(names: PythonNameResolver, imports: PythonImports, root: SyntaxNode, changedRow: number, lines: readonly string[], indentUnit: string, eol: string, lineLength: number): TextEdit[] {
  const beforeRow = topLevelRow(root, changedRow);
  const standard = names.missingStandardModules().map((module) => `import ${module}`);
  const sdkLines = [...(names.needsOpenAIModule() ? ['import openai'] : []), ...fromImport(names.classModule(), names.classesToImport(), indentUnit, lineLength)];
  const loggerLine = names.moduleLoggerLine();
  const projectLine = names.projectImportLine();
  if (standard.length === 0 && sdkLines.length === 0 && !loggerLine && !projectLine) return [];
  // A file that imports again further down: only the imports above the statement count, so the new lines join
  // the import section that runs before it.
  const above = imports.insertRow > beforeRow ? imports.statements.filter((s) => s.endRow < beforeRow) : imports.statements;
  const insertRow = above.length === imports.statements.length ? imports.insertRow : above.length > 0 ? above[above.length - 1].endRow + 1 : beforeRow;
  const statements = above.filter((s) => s.module !== '__future__');
  if (insertRow > beforeRow || statements.length === 0) {
    const row = Math.min(insertRow, beforeRow);
    const block = [...standard, ...(standard.length > 0 && sdkLines.length > 0 ? [''] : []), ...sdkLines, ...(projectLine ? [projectLine] : []), ...(loggerLine ? ['', loggerLine] : [])];
    const followedByCode = lines[row] !== undefined && lines[row].trim() !== '';
    return [insertAt(row, [...block, ...(followedByCode && (loggerLine || statements.length === 0) ? [''] : [])], eol)];
  }
  const edits: TextEdit[] = [];
  if (standard.length > 0 && !statements.some((s) => isStandardLibrary(s.module))) {
    // No standard section yet: a new one above the others, a blank line between.
    edits.push(insertAt(statements[0].startRow, [...standard, ''], eol));
  } else {
    for (const line of standard) edits.push(standardImportEdit(line, statements, eol));
  }
  if (sdkLines.length > 0) edits.push(sdkImportEdit(names, sdkLines, statements, lines, indentUnit, eol, lineLength));
  // The project's own module: the first-party section, last.
  if (projectLine) edits.push(insertAt(insertRow, [projectLine], eol));
  if (loggerLine) {
    const row = insertRow;
    const blankAfter = lines[row] === undefined || lines[row].trim() !== '' ? [''] : [];
    edits.push(insertAt(row, ['', loggerLine, ...blankAfter], eol));
  }
  return edits;
}

function standardImportEdit(line: string, statements: readonly ImportStatement[], eol: string): TextEdit {
  const module = line.slice('import '.length);
  const standard = statements.filter((s) => isStandardLibrary(s.module));
  const plain = standard.filter((s) => s.plain);
  const after = plain.find((s) => s.module.toLowerCase() > module.toLowerCase());
  if (after) return insertAt(after.startRow, [line], eol);
  if (plain.length > 0) return insertAt(plain[plain.length - 1].endRow + 1, [line], eol);
  return insertAt(standard[0].startRow, [line], eol);
}

function sdkImportEdit(names: PythonNameResolver, sdkLines: readonly string[], statements: readonly ImportStatement[], lines: readonly string[], indentUnit: string, eol: string, lineLength: number): TextEdit {
  const classes = names.classesToImport();
  const module = names.classModule();
  const existing = statements.find((s) => !s.plain && s.module === module && !lines.slice(s.startRow, s.endRow + 1).join('\n').includes('#'));
  if (existing && classes.length > 0 && !names.needsOpenAIModule()) {
    const statementText = lines.slice(existing.startRow, existing.endRow + 1).join('\n');
    const indent = /^\s*/.exec(lines[existing.startRow])![0];
    const imported = /^\s*from\s+[\w.]+\s+import\s+\(?([^)]*)\)?\s*$/.exec(statementText)?.[1];
    if (imported !== undefined && !imported.includes('\\')) {
      const merged = [...new Set([...imported.split(',').map((name) => name.trim().replace(/\s+/g, ' ')).filter(Boolean), ...classes])];
      const replacement = fromImport(module, merged, indentUnit, lineLength - indent.length).map((line) => indent + line);
      return { range: { start: at(existing.startRow), end: at(existing.endRow, lines[existing.endRow].length) }, newText: replacement.join(eol) };
    }
  }
  const thirdParty = statements.filter((s) => !isStandardLibrary(s.module) && !s.module.startsWith('.'));
  if (names.needsOpenAIModule() && thirdParty.length > 0) {
    // isort: in a section, every `import x` (alphabetical) before the `from x import` lines.
    const plain = thirdParty.filter((s) => s.plain);
    const after = plain.find((s) => s.module.toLowerCase() > 'openai');
    const row = after?.startRow ?? (plain.length > 0 ? plain[plain.length - 1].endRow + 1 : thirdParty[0].startRow);
    return insertAt(row, sdkLines, eol);
  }
  const sdk = statements.filter((s) => s.module === 'openai' || s.module.startsWith('openai.'));
  const anchor = sdk[sdk.length - 1] ?? thirdParty[thirdParty.length - 1];
  if (anchor) return insertAt(anchor.endRow + 1, sdkLines, eol);
  // Only standard (or relative) imports: the SDK's own section after the standard one.
  const lastStandard = [...statements].reverse().find((s) => isStandardLibrary(s.module));
  if (lastStandard) return insertAt(lastStandard.endRow + 1, ['', ...sdkLines], eol);
  return insertAt(statements[0].startRow, [...sdkLines, ''], eol);
}

/** isort's default order inside a `from` import: constants, then classes, then functions (case-sensitive). */
function isortOrder(a: string, b: string): number {
  const rank = (name: string): number => (/^[A-Z0-9_]+$/.test(name) && name.length > 1 ? 0 : /^[A-Z]/.test(name) ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

function fromImport(module: string, names: readonly string[], indentUnit: string, lineLength: number): string[] {
  if (names.length === 0) return [];
  const sorted = [...names].sort(isortOrder);
  const single = `from ${module} import ${sorted.join(', ')}`;
  if (single.length <= lineLength) return [single];
  return [`from ${module} import (`, ...sorted.map((name) => `${indentUnit}${name},`), ')'];
}

function insertAt(row: number, inserted: readonly string[], eol: string): TextEdit {
  return { range: { start: at(row), end: at(row) }, newText: inserted.map((line) => line + eol).join('') };
}

/** Inserts whole lines before `row`; past the last line of a text without a final newline, after it. */
export function insertLinesEdit(lines: readonly string[], row: number, inserted: readonly string[], eol: string): TextEdit {
  if (row < lines.length) return insertAt(row, inserted, eol);
  const last = lines.length - 1;
  const end = { line: last, character: lines[last].length };
  return { range: { start: end, end }, newText: inserted.map((line) => eol + line).join('') };
}
