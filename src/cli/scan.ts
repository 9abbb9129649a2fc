// `openai-error-guard scan [--format text|json|sarif] [--extra-client NAME]... [PATH...]`: the language
// service in a terminal. Folders are walked (skipping VCS, dependency, virtualenv and build folders), files are
// rejected by a cheap text check before any parsing, and the same core analysis as the editor runs on the rest.
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, mayContainOpenAICalls, skipReason, defaultMaxBytes } from '../core/analysis';
import { fixAll, handlerStyles, type FixOptions } from '../core/fixes';
import { projectLineLength } from '../core/fixes/lineLength';
import { defaultHandledErrorClasses } from '../core/sdk/errorHierarchy';
import type { Finding, SourceLanguage } from '../core/types';
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
  /** With --fix: how to fix; the preferred fix of each finding is written back to the file. */
  fix?: FixOptions;
}

/** What --fix changed, for the summary line. */
export interface FixSummary {
  fixes: number;
  files: number;
}

/**
 * Writes the fixed text next to the file and renames it over the original, so an interrupted run never leaves a
 * half-written source file; the file's permissions are kept.
 */
async function writeFileAtomically(file: string, text: string): Promise<void> {
  const { mode } = await fs.promises.stat(file);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.openai-error-guard-${process.pid}.tmp`);
  await fs.promises.writeFile(temporary, text, { encoding: 'utf8', mode });
  await fs.promises.rename(temporary, file);
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
export async function scanPaths(targets: readonly string[], cwd: string, options: ScanOptions, onError: (file: string, error: unknown) => void, fixSummary: FixSummary = { fixes: 0, files: 0 }): Promise<ScanResult> {
  const result: ScanResult = { files: [], scannedFiles: 0 };
  const findingsAfterFixing = async (file: string, text: string, language: SourceLanguage, fix: FixOptions): Promise<Finding[]> => {
    const fixed = await fixAll(text, language, { ...fix, lineLength: fix.lineLength ?? projectLineLength(file, language === 'python') });
    if (fixed.applied > 0 && fixed.text !== text) {
      await writeFileAtomically(file, fixed.text);
      fixSummary.fixes += fixed.applied;
      fixSummary.files++;
    }
    return fixed.remaining;
  };
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
    let findings: Finding[];
    try {
      findings = options.fix
        ? await findingsAfterFixing(file, text, language, options.fix)
        : await analyzeText(text, language, { extraClientNames: options.extraClientNames, maxBytes: options.maxBytes });
    } catch (error) {
      onError(file, error);
      return;
    }
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
    'handler-style': { type: 'string' },
    'project-error-class': { type: 'string' },
    'extra-client': { type: 'string', multiple: true },
  });
  const format = oneOf('--format', values.format, ['text', 'json', 'sarif'] as const, 'text');
  const handlerStyle = oneOf('--handler-style', values['handler-style'], handlerStyles, 'logAndRethrow');
  if (values['handler-style'] !== undefined && !values.fix) throw new UsageError('scan: --handler-style only goes with --fix');
  const extraClientNames = values['extra-client'] ?? [];
  if (handlerStyle === 'raiseProjectError' && !values['project-error-class']) throw new UsageError('scan: --handler-style raiseProjectError needs --project-error-class MODULE:CLASS');
  const fix: FixOptions | undefined = values.fix
    ? { handlerStyle, errorClasses: defaultHandledErrorClasses, extraClientNames, projectErrorClass: values['project-error-class'] }
    : undefined;
  const targets = (positionals.length > 0 ? positionals : ['.']).map((target) => path.resolve(io.cwd, target));
  const missing = targets.filter((target) => !fs.existsSync(target));
  if (missing.length > 0) {
    for (const target of missing) io.stderr(t('scan: no such file or folder: {0}', relativePath(io.cwd, target)) + '\n');
    return exitCode.usage;
  }
  let ioErrors = 0;
  const fixSummary: FixSummary = { fixes: 0, files: 0 };
  const result = await scanPaths(targets, io.cwd, { extraClientNames, maxBytes: defaultMaxBytes, fix }, (file, error) => {
    ioErrors++;
    io.stderr(t('scan: cannot read {0}: {1}', relativePath(io.cwd, file), error instanceof Error ? error.message : String(error)) + '\n');
  }, fixSummary);
  if (fix) io.stderr(t('scan --fix: applied {0} fix(es) in {1} file(s)', fixSummary.fixes, fixSummary.files) + '\n');
  const output = format === 'json' ? formatScanJson(result) : format === 'sarif' ? formatScanSarif(result, version) : formatScanText(result);
  io.stdout(output);
  if (ioErrors > 0) return exitCode.usage;
  return result.files.length > 0 ? exitCode.problems : exitCode.ok;
}
