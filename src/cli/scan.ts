// `openai-error-guard scan [--format text|json|sarif] [--extra-client NAME]... [PATH...]`: the language
// service in a terminal. Folders are walked (skipping VCS, dependency, virtualenv and build folders), files are
// rejected by a cheap text check before any parsing, and the same core analysis as the editor runs on the rest.
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, mayContainOpenAICalls, defaultMaxBytes } from '../core/analysis';
import { fixAll, handlerStyles, type FixOptions } from '../core/fixes';
import { projectLineLength } from '../core/fixes/lineLength';
import { defaultHandledErrorClasses } from '../core/sdk/errorHierarchy';
import type { Finding, SourceLanguage } from '../core/types';
import { t } from '../core/l10n';
import { languageOfFile } from '../core/languages';
import { projectSourceFiles } from '../core/workspace/projectFiles';
import { scanProjects } from '../core/workspace/projectScan';
import { sdkPackageOf } from '../core/workspace/sdkPackage';
import { version } from '../../package.json';
import { oneOf, parseCommandArgs } from './args';
import { exitCode, UsageError, type CliIO } from './io';
import { formatScanJson } from './format/json';
import { formatScanSarif } from './format/sarif';
import type { ScannedFile, ScanResult } from './format/scanResult';
import { formatScanText } from './format/text';
import { replaceFileContents, type FileReplacer } from './safeWrite';
import { encodeSource, readSourceFile, type ReadOutcome, type SourceFile } from '../core/sourceFile';

export interface ScanOptions {
  extraClientNames: string[];
  maxBytes: number;
  /** With --fix: how to fix; the preferred fix of each finding is written back to the file. */
  fix?: FixOptions;
  /** How --fix replaces a file (tests wrap it to edit the file meanwhile or fill the disk). */
  replaceFile?: FileReplacer;
  /** Judge findings against handling in their callers across each target's project (default on); with --fix, only what that judging reports is fixed. */
  followCallers?: boolean;
}

/** What --fix changed, for the summary line. */
export interface FixSummary {
  fixes: number;
  files: number;
}

/** A fix that was computed but could not be written; the file is as it was. */
export class FixNotWrittenError extends Error {
  constructor(readonly reason: unknown) {
    super(reason instanceof Error ? reason.message : String(reason));
  }
}

function relativePath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file) || path.basename(file);
  return relative.split(path.sep).join('/');
}

/** Scans files and folders; I/O problems are reported through onError and the scan goes on. */
export async function scanPaths(targets: readonly string[], cwd: string, options: ScanOptions, onError: (file: string, error: unknown) => void, fixSummary: FixSummary = { fixes: 0, files: 0 }): Promise<ScanResult> {
  const result: ScanResult = { files: [], scannedFiles: 0, skipped: [] };
  if (!options.fix) return scanWithProjects(targets, cwd, options, onError);
  const replaceFile = options.replaceFile ?? replaceFileContents;
  // What `scan` reports is what gets fixed: a call every caller handles gets no handler of its own. Files the
  // project scan could not read are reported by the pass below.
  const judged = options.followCallers === false ? undefined : await judgedFindings(targets, options);
  const findingsAfterFixing = async (file: string, source: SourceFile, language: SourceLanguage, fix: FixOptions): Promise<Finding[]> => {
    const only = judged?.get(path.resolve(file)) ?? (judged ? [] : undefined);
    if (only?.length === 0) return [];
    const sdkPackage = sdkPackageOf(file);
    const fixed = await fixAll(source.text, language, { ...fix, sdkPackage, lineLength: fix.lineLength ?? projectLineLength(file, language === 'python') }, undefined, only);
    if (fixed.applied > 0 && fixed.text !== source.text) {
      try {
        await replaceFile(file, source.bytes, encodeSource(fixed.text, source.encoding));
      } catch (error) {
        // Not written: the calls are still unhandled, and saying "nothing found" would be a lie.
        onError(file, new FixNotWrittenError(error));
        return analyzeText(source.text, language, { extraClientNames: options.extraClientNames, maxBytes: options.maxBytes, sdkPackage });
      }
      fixSummary.fixes += fixed.applied;
      fixSummary.files++;
    }
    return fixed.remaining;
  };
  const scanFile = async (file: string): Promise<void> => {
    const language = languageOfFile(file);
    if (!language) return;
    result.scannedFiles++;
    let read: ReadOutcome;
    try {
      read = await readSourceFile(file, options.maxBytes);
    } catch (error) {
      onError(file, error);
      return;
    }
    if ('skipped' in read) {
      result.skipped.push({ path: relativePath(cwd, file), reason: read.skipped });
      return;
    }
    const { text } = read.file;
    if (!mayContainOpenAICalls(text, language, options.extraClientNames)) return;
    let findings: Finding[];
    try {
      findings = options.fix
        ? await findingsAfterFixing(file, read.file, language, options.fix)
        : await analyzeText(text, language, { extraClientNames: options.extraClientNames, maxBytes: options.maxBytes, sdkPackage: sdkPackageOf(file) });
    } catch (error) {
      onError(file, error);
      return;
    }
    if (findings.length > 0) result.files.push({ path: relativePath(cwd, file), language, findings } satisfies ScannedFile);
  };
  for (const target of targets) {
    const stat = await fs.promises.stat(target);
    if (stat.isDirectory()) {
      for (const file of projectSourceFiles(target, onError)) await scanFile(file.path);
    } else {
      await scanFile(target);
    }
  }
  result.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  result.skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}

/** The findings of the targets judged within their projects, by absolute path. */
async function judgedFindings(targets: readonly string[], options: ScanOptions): Promise<Map<string, Finding[]>> {
  const { findings } = await scanProjects(targets, { extraClientNames: options.extraClientNames, maxBytes: options.maxBytes, followCallers: true }, () => undefined);
  return new Map([...findings].map(([file, found]) => [path.resolve(file), found]));
}

/** Without --fix: the project scan of core/workspace (caller-following, worker threads). */
async function scanWithProjects(targets: readonly string[], cwd: string, options: ScanOptions, onError: (file: string, error: unknown) => void): Promise<ScanResult> {
  const { findings: found, scannedFiles, skipped } = await scanProjects(targets, { extraClientNames: options.extraClientNames, maxBytes: options.maxBytes, followCallers: options.followCallers ?? true }, onError);
  const files: ScannedFile[] = [];
  for (const [file, findings] of found) {
    const language = languageOfFile(file);
    if (language) files.push({ path: relativePath(cwd, file), language, findings });
  }
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const skippedFiles = [...skipped].map(([file, reason]) => ({ path: relativePath(cwd, file), reason }));
  return { files: files.sort(byPath), scannedFiles, skipped: skippedFiles.sort(byPath) };
}

export async function runScan(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('scan', args, {
    format: { type: 'string' },
    fix: { type: 'boolean' },
    'handler-style': { type: 'string' },
    'project-error-class': { type: 'string' },
    'extra-client': { type: 'string', multiple: true },
    'max-file-size': { type: 'string' },
    'no-follow-callers': { type: 'boolean' },
  });
  const maxBytes = parseMaxFileSize(values['max-file-size']);
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
  const followCallers = !values['no-follow-callers'];
  const result = await scanPaths(targets, io.cwd, { extraClientNames, maxBytes, fix, followCallers }, (file, error) => {
    ioErrors++;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr((error instanceof FixNotWrittenError
      ? t('scan --fix: {0} was not changed: {1}', relativePath(io.cwd, file), message)
      : t('scan: cannot read {0}: {1}', relativePath(io.cwd, file), message)) + '\n');
  }, fixSummary);
  if (fix) io.stderr(t('scan --fix: applied {0} fix(es) in {1} file(s)', fixSummary.fixes, fixSummary.files) + '\n');
  const output = format === 'json' ? formatScanJson(result) : format === 'sarif' ? formatScanSarif(result, version, maxBytes) : formatScanText(result, maxBytes);
  io.stdout(output);
  if (ioErrors > 0) return exitCode.usage;
  return result.files.length > 0 ? exitCode.problems : exitCode.ok;
}

/** --max-file-size in KB (of text): from 1 KB to 1 GB. */
function parseMaxFileSize(value: string | undefined): number {
  if (value === undefined) return defaultMaxBytes;
  const kb = Number(value);
  if (!/^\d+$/.test(value) || kb < 1 || kb > 1024 * 1024) throw new UsageError(t('scan: --max-file-size must be a whole number of KB from 1 to {0} (got "{1}")', 1024 * 1024, value));
  return kb * 1024;
}
