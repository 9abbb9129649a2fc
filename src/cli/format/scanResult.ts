// What `scan` found, in the shape every formatter reads.
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
}

/** 1-based line and column, as the CLI prints positions. */
export function oneBased(position: { line: number; character: number }): { line: number; character: number } {
  return { line: position.line + 1, character: position.character + 1 };
}
