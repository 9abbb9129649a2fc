// `openai-error-guard scan [--format text|json|sarif] [--extra-client NAME]... [PATH...]`: the language
// service in a terminal. Folders are walked (skipping VCS, dependency, virtualenv and build folders), files are
// rejected by a cheap text check before any parsing, and the same core analysis as the editor runs on the rest.
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, mayContainOpenAICalls, skipReason, defaultMaxBytes } from '../core/analysis';
import { t } from '../core/l10n';
import { languageOfFile } from '../core/languages';
import { version } from '../../package.json';
import { oneOf, parseCommandArgs } from './args';
import { exitCode, UsageError, type CliIO } from './io';
import { formatScanJson } from './format/json';
import { formatScanSarif } from './format/sarif';
import type { ScannedFile, ScanResult } from './format/scanResult';
import { formatScanText } from './format/text';

/** Folders that never hold the project's own sources. */
const skippedFolders = new Set([
  '.git', '.hg', '.svn', 'node_modules', 'bower_components', '__pycache__', '.tox', '.nox', '.mypy_cache',
  '.pytest_cache', '.ruff_cache', '.venv', 'venv', 'site-packages', 'dist', 'build', 'out', '.next', '.nuxt',
  'coverage', '.eggs', '.vscode-test',
]);

export interface ScanOptions {
  extraClientNames: string[];
  maxBytes: number;
}

/** Whether a folder is a Python virtualenv under another name (`env/` with a pyvenv.cfg). */
function isVirtualenv(folder: string): boolean {
  return fs.existsSync(path.join(folder, 'pyvenv.cfg'));
}

async function* sourceFiles(target: string, onError: (file: string, error: unknown) => void): AsyncGenerator<string> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(target, { withFileTypes: true });
  } catch (error) {
    onError(target, error);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name) && !entry.name.endsWith('.egg-info') && !isVirtualenv(full)) yield* sourceFiles(full, onError);
    } else if (entry.isFile() && languageOfFile(entry.name)) {
      yield full;
    }
  }
}

function relativePath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file) || path.basename(file);
  return relative.split(path.sep).join('/');
}

/** Scans files and folders; I/O problems are reported through onError and the scan goes on. */
export async function scanPaths(targets: readonly string[], cwd: string, options: ScanOptions, onError: (file: string, error: unknown) => void): Promise<ScanResult> {
  const result: ScanResult = { files: [], scannedFiles: 0 };
  const scanFile = async (file: string): Promise<void> => {
    const language = languageOfFile(file);
    if (!language) return;
    result.scannedFiles++;
    let text: string;
    try {
      const stat = await fs.promises.stat(file);
      if (stat.size > options.maxBytes * 4) return;
      text = await fs.promises.readFile(file, 'utf8');
    } catch (error) {
      onError(file, error);
      return;
    }
    if (skipReason(text, options.maxBytes) || !mayContainOpenAICalls(text, options.extraClientNames)) return;
    const findings = await analyzeText(text, language, { extraClientNames: options.extraClientNames, maxBytes: options.maxBytes });
    if (findings.length > 0) result.files.push({ path: relativePath(cwd, file), language, findings } satisfies ScannedFile);
  };
  for (const target of targets) {
    const stat = await fs.promises.stat(target);
    if (stat.isDirectory()) {
      for await (const file of sourceFiles(target, onError)) await scanFile(file);
    } else {
      await scanFile(target);
    }
  }
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}

export async function runScan(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('scan', args, {
    format: { type: 'string' },
    fix: { type: 'boolean' },
    'extra-client': { type: 'string', multiple: true },
  });
  const format = oneOf('--format', values.format, ['text', 'json', 'sarif'] as const, 'text');
  if (values.fix) throw new UsageError('scan --fix: not available yet');
  const targets = (positionals.length > 0 ? positionals : ['.']).map((target) => path.resolve(io.cwd, target));
  const missing = targets.filter((target) => !fs.existsSync(target));
  if (missing.length > 0) {
    for (const target of missing) io.stderr(t('scan: no such file or folder: {0}', relativePath(io.cwd, target)) + '\n');
    return exitCode.usage;
  }
  let ioErrors = 0;
  const result = await scanPaths(targets, io.cwd, { extraClientNames: values['extra-client'] ?? [], maxBytes: defaultMaxBytes }, (file, error) => {
    ioErrors++;
    io.stderr(t('scan: cannot read {0}: {1}', relativePath(io.cwd, file), error instanceof Error ? error.message : String(error)) + '\n');
  });
  const output = format === 'json' ? formatScanJson(result) : format === 'sarif' ? formatScanSarif(result, version) : formatScanText(result);
  io.stdout(output);
  if (ioErrors > 0) return exitCode.usage;
  return result.files.length > 0 ? exitCode.problems : exitCode.ok;
}
