// Reading a project's configuration files: the fixes' line length (pyproject, ruff, .editorconfig, prettier) and
// the SDK package check (package.json and pyproject names) read them the same way, leniently: a file that is
// missing or broken says nothing.
import * as fs from 'fs';

export type ReadFile = (file: string) => string | undefined;

export const readIfExists: ReadFile = (file) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * `key = value` in the first of the TOML tables that sets it (`[tool.ruff]`, `[project]`): the raw value, without
 * a trailing comment, and a string's text without its quotes.
 */
export function tomlTableValue(text: string, tables: readonly string[], key: string): string | undefined {
  for (const table of tables) {
    const start = text.search(new RegExp(`^[ \\t]*\\[${table.replace(/\./g, '\\.')}\\][ \\t]*(?:#.*)?$`, 'm'));
    if (start < 0) continue;
    for (const line of text.slice(start).split(/\r?\n/).slice(1)) {
      if (/^\s*\[/.test(line)) break;
      const match = new RegExp(`^\\s*${key.replace(/[.-]/g, '\\$&')}\\s*=\\s*(?:"([^"\\n]*)"|'([^'\\n]*)'|([^#\\n]*))`).exec(line);
      if (match) return match[1] ?? match[2] ?? match[3].trim();
    }
  }
  return undefined;
}
