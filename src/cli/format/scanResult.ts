// What `scan` found, in the shape every formatter reads.
import type { SkipReason } from '../../core/analysis';
import { t } from '../../core/l10n';
import type { Finding, SourceLanguage } from '../../core/types';

export interface ScannedFile {
  /** Relative to the working folder, with forward slashes. */
  path: string;
  language: SourceLanguage;
  findings: Finding[];
}

export interface ScanResult {
  /** Files with findings, in path order. */
  files: ScannedFile[];
  /** How many files were looked at (including those without findings). */
  scannedFiles: number;
  /** Files that were not analysed, and why, in path order: the user must not believe they were checked. */
  skipped: SkippedFile[];
}

export interface SkippedFile {
  path: string;
  reason: SkipReason;
}

/** Why a file was not analysed, in words, with what to do about it. */
export function describeSkip(reason: SkipReason, maxBytes: number): string {
  switch (reason) {
    case 'too-large': return t('larger than {0} KB (raise the limit with --max-file-size)', Math.round(maxBytes / 1024));
    case 'minified': return t('looks minified (very long lines)');
    case 'binary': return t('binary content (NUL bytes; UTF-16 files need a byte-order mark)');
  }
}

/** 1-based line and column, as the CLI prints positions. */
export function oneBased(position: { line: number; character: number }): { line: number; character: number } {
  return { line: position.line + 1, character: position.character + 1 };
}
