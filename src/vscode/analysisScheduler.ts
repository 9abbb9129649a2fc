// Per-document analysis state for the editor: one incremental DocumentAnalyzer per open document, the edits
// received since its last analysis, and a debounce timer. Stale work is dropped: a newer edit resets the
// timer, and results are only published for the document version they were computed from.
import type * as vscode from 'vscode';
import { DocumentAnalyzer, type SdkPackageFile, type TextChange } from '../core/analysis';
import type { Finding, SourceLanguage } from '../core/types';

export interface AnalyzerOptions {
  extraClientNames: string[];
  maxBytes: number;
  sdkPackage?: SdkPackageFile;
}

function sameOptions(a: AnalyzerOptions, b: AnalyzerOptions): boolean {
  return a.maxBytes === b.maxBytes && a.extraClientNames.join('\n') === b.extraClientNames.join('\n')
    && a.sdkPackage?.file === b.sdkPackage?.file && a.sdkPackage?.sourceFolder === b.sdkPackage?.sourceFolder;
}

export class DocumentAnalysisState {
  private analyzer: Promise<DocumentAnalyzer> | undefined;
  private analyzerKey: { language: SourceLanguage; options: AnalyzerOptions } | undefined;
  private pending: TextChange[] = [];
  /** The document version the findings belong to, or undefined before the first analysis. */
  analyzedVersion: number | undefined;
  findings: Finding[] = [];
  timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  /** Remembers edits so the next analysis can reparse incrementally. */
  recordChanges(changes: readonly vscode.TextDocumentContentChangeEvent[]): void {
    for (const change of changes) this.pending.push({ rangeOffset: change.rangeOffset, rangeLength: change.rangeLength, text: change.text });
  }

  /** Analyses the document's current text; returns undefined when the work became stale or was disposed. */
  async analyze(document: vscode.TextDocument, language: SourceLanguage, options: AnalyzerOptions): Promise<Finding[] | undefined> {
    const version = document.version;
    const analyzer = await this.analyzerFor(language, options);
    if (this.disposed || document.version !== version) return undefined;
    const text = document.getText();
    const incremental = this.analyzedVersion !== undefined && this.pending.length > 0;
    this.findings = incremental ? analyzer.update(this.pending, text) : analyzer.analyze(text);
    this.pending = [];
    this.analyzedVersion = version;
    return this.findings;
  }

  /** Forgets the analysis (settings turned it off, or the file is too large): frees the syntax tree. */
  reset(): void {
    this.cancelTimer();
    this.pending = [];
    this.analyzedVersion = undefined;
    this.findings = [];
    this.releaseAnalyzer();
  }

  dispose(): void {
    this.disposed = true;
    this.reset();
  }

  cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private analyzerFor(language: SourceLanguage, options: AnalyzerOptions): Promise<DocumentAnalyzer> {
    if (!this.analyzer || !this.analyzerKey || this.analyzerKey.language !== language || !sameOptions(this.analyzerKey.options, options)) {
      this.releaseAnalyzer();
      this.analyzedVersion = undefined;
      this.pending = [];
      this.analyzerKey = { language, options };
      this.analyzer = DocumentAnalyzer.create(language, options);
    }
    return this.analyzer;
  }

  private releaseAnalyzer(): void {
    const analyzer = this.analyzer;
    this.analyzer = undefined;
    this.analyzerKey = undefined;
    analyzer?.then((a) => a.dispose(), () => undefined);
  }
}
