// Maps file names and VS Code language ids to what the analysers understand.
import * as path from 'path';
import type { SourceLanguage } from './types';

const byExtension: Record<string, SourceLanguage> = {
  '.py': 'python',
  '.pyi': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
};

/** The source language of a file by its name, or undefined when it is not one we analyse. */
export function languageOfFile(fileName: string): SourceLanguage | undefined {
  if (fileName.endsWith('.d.ts')) return undefined;
  return byExtension[path.extname(fileName).toLowerCase()];
}

export function isSourceLanguage(languageId: string): languageId is SourceLanguage {
  return Object.values(byExtension).includes(languageId as SourceLanguage);
}
