// Which files make up a project: its root (the nearest folder with .git, pyproject.toml, setup.py or
// package.json), and the Python/JS/TS sources under it, skipping VCS, dependency, virtualenv and build folders.
import * as fs from 'fs';
import * as path from 'path';
import { languageOfFile } from '../languages';
import type { SourceFile } from './buildIndex';

const rootMarkers = ['.git', 'pyproject.toml', 'setup.py', 'package.json'];

/** Folders that never hold the project's own sources. */
export const skippedFolders: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn', 'node_modules', 'bower_components', '__pycache__', '.tox', '.nox', '.mypy_cache',
  '.pytest_cache', '.ruff_cache', '.venv', 'venv', 'site-packages', 'dist', 'build', 'out', '.next', '.nuxt',
  'coverage', '.eggs', '.vscode-test',
]);

/** Whether a folder holds a project root marker (.git, pyproject.toml, setup.py, package.json). */
export function isProjectRoot(folder: string): boolean {
  return rootMarkers.some((marker) => fs.existsSync(path.join(folder, marker)));
}

/** The project a file or folder belongs to: the nearest folder at or above it with a root marker, else itself. */
export function projectRootOf(target: string): string {
  const start = fs.statSync(target).isDirectory() ? target : path.dirname(target);
  for (let folder = start; ; folder = path.dirname(folder)) {
    if (isProjectRoot(folder)) return folder;
    if (path.dirname(folder) === folder) return start;
  }
}

export function isSkippedFolder(folder: string, name: string): boolean {
  return skippedFolders.has(name) || name.endsWith('.egg-info') || fs.existsSync(path.join(folder, name, 'pyvenv.cfg'));
}

/** Every source file under a folder, in a stable order. Unreadable folders are reported and skipped. */
export function projectSourceFiles(root: string, onError?: (folder: string, error: unknown) => void): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (folder: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      onError?.(folder, error);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!isSkippedFolder(folder, entry.name)) walk(path.join(folder, entry.name));
      } else if (entry.isFile()) {
        const language = languageOfFile(entry.name);
        if (language) files.push({ path: path.join(folder, entry.name), language });
      }
    }
  };
  walk(root);
  return files;
}
