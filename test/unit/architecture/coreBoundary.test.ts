// src/core must stay free of the vscode module so the CLI and plain-Node tests can use all of it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot, typescriptFiles } from '../support/repository';

/** Every module specifier a file imports, requires or dynamically imports. */
export function importedModules(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) specifiers.push(match[1]);
  }
  return specifiers;
}

describe('architecture: src/core does not depend on VS Code', () => {
  it('finds the import forms it checks for', () => {
    const sample = "import * as vscode from 'vscode';\nconst v = require(\"vscode\");\nimport type { X } from './x';\nawait import('vscode');";
    assert.deepEqual(importedModules(sample).sort(), ['./x', 'vscode', 'vscode', 'vscode']);
  });

  it('no file under src/core imports vscode or a module under src/vscode', () => {
    const coreDir = path.join(repoRoot, 'src', 'core');
    const offenders: string[] = [];
    for (const file of typescriptFiles(coreDir)) {
      for (const specifier of importedModules(fs.readFileSync(file, 'utf8'))) {
        const reachesAdapters = specifier.startsWith('.') && path.resolve(path.dirname(file), specifier).startsWith(path.join(repoRoot, 'src', 'vscode'));
        if (specifier === 'vscode' || reachesAdapters) offenders.push(`${path.relative(repoRoot, file)} imports ${specifier}`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});
