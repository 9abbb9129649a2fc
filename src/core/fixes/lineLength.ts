// The line length a project's formatter enforces, so generated code and comments wrap where the project's own
// code does: Python from pyproject.toml ([tool.ruff] / [tool.black]), ruff.toml, setup.cfg / tox.ini / .flake8;
// JS/TS from a Prettier config; both from .editorconfig. The nearest folder that sets one wins.
import * as path from 'path';
import { readIfExists, tomlTableValue, type ReadFile } from '../configFiles';
import { defaultLineLength } from './options';

/** The configured line length for a file, else 88 for Python and 100 for JavaScript/TypeScript. */
export function projectLineLength(filePath: string, python: boolean, read: ReadFile = readIfExists): number {
  for (let dir = path.dirname(path.resolve(filePath)); ; dir = path.dirname(dir)) {
    const found = python ? pythonSetting(dir, read) : jsSetting(dir, read);
    if (found !== undefined) return found;
    const editor = editorConfigSetting(read(path.join(dir, '.editorconfig')), python);
    if (editor !== undefined) return editor;
    if (path.dirname(dir) === dir) return defaultLineLength(python);
  }
}

function pythonSetting(dir: string, read: ReadFile): number | undefined {
  const pyproject = read(path.join(dir, 'pyproject.toml'));
  if (pyproject) {
    const value = tomlNumber(pyproject, ['tool.ruff', 'tool.black'], 'line-length');
    if (value !== undefined) return value;
  }
  for (const name of ['ruff.toml', '.ruff.toml']) {
    const text = read(path.join(dir, name));
    const match = text && /^\s*line-length\s*=\s*(\d+)/m.exec(text);
    if (match) return Number(match[1]);
  }
  for (const name of ['setup.cfg', 'tox.ini', '.flake8']) {
    const text = read(path.join(dir, name));
    const match = text && /^\s*max[-_]line[-_]length\s*=\s*(\d+)/m.exec(text);
    if (match) return Number(match[1]);
  }
  return undefined;
}

function jsSetting(dir: string, read: ReadFile): number | undefined {
  for (const name of ['.prettierrc', '.prettierrc.json', '.prettierrc.json5', '.prettierrc.yaml', '.prettierrc.yml', '.prettierrc.toml', 'prettier.config.js', '.prettierrc.js', 'prettier.config.mjs', '.prettierrc.cjs']) {
    const text = read(path.join(dir, name));
    if (text === undefined) continue;
    const match = /printWidth["']?\s*[:=]\s*(\d+)/.exec(text);
    // A Prettier config without printWidth means Prettier's own 80.
    return match ? Number(match[1]) : 80;
  }
  const manifest = read(path.join(dir, 'package.json'));
  if (manifest) {
    try {
      const prettier = (JSON.parse(manifest) as { prettier?: unknown }).prettier;
      if (prettier && typeof prettier === 'object') return Number((prettier as { printWidth?: number }).printWidth ?? 80);
    } catch {
      // A broken package.json says nothing about line length.
    }
  }
  return undefined;
}

/** `key = N` in the first of the tables that sets it. */
function tomlNumber(text: string, tables: readonly string[], key: string): number | undefined {
  const digits = /^\d+/.exec(tomlTableValue(text, tables, key) ?? '');
  return digits ? Number(digits[0]) : undefined;
}

/** max_line_length from the .editorconfig sections that match Python or JS/TS files (the last match wins). */
function editorConfigSetting(text: string | undefined, python: boolean): number | undefined {
  if (!text) return undefined;
  let matches = false;
  let value: number | undefined;
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[(.*)\]\s*$/.exec(line);
    if (section) {
      const glob = section[1];
      matches = glob === '*' || (python ? /py/.test(glob) : /js|ts/.test(glob));
      continue;
    }
    const setting = /^\s*max_line_length\s*=\s*(\d+)/.exec(line);
    if (matches && setting) value = Number(setting[1]);
  }
  return value;
}
