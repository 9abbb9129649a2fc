// The language service in the editor: analyses Python and JS/TS documents (notebook cells included) as they
// open and change, debounced and incrementally, and publishes the findings as diagnostics with per-rule
// severities from the settings. Other features read the same findings through DocumentAnalysisService.
import * as vscode from 'vscode';
import { ruleDocumentationUri } from '../core/analysis';
import { isSourceLanguage } from '../core/languages';
import type { Finding, RuleId, Severity } from '../core/types';
import { sdkPackageOf } from '../core/workspace/sdkPackage';
import type { DocumentAnalysisService } from './analysisService';
import { DocumentAnalysisState } from './analysisScheduler';
import { onDidChangeSettings, readAnalysisSettings, type AnalysisSettings } from './configuration';
import { outputChannel } from './output';
import type { WorkspaceIndexFeature } from './workspaceIndex';

export const diagnosticSource = 'openai-error-guard';

/** Long enough to skip most keystrokes while typing, short enough to feel immediate. */
const debounceMs = 200;

/** Where documents come from that we analyse: files, unsaved editors, notebook cells and remote/virtual files. */
const analysedSchemes = new Set(['file', 'untitled', 'vscode-notebook-cell', 'vscode-remote', 'vscode-vfs', 'vscode-userdata']);

const severities: Record<Exclude<Severity, 'off'>, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** The documents a tab shows (a diff shows two; a notebook's cells are found by its uri). */
function tabUris(tab: vscode.Tab): vscode.Uri[] {
  const input = tab.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputNotebook) return [input.uri];
  if (input instanceof vscode.TabInputTextDiff || input instanceof vscode.TabInputNotebookDiff) return [input.original, input.modified];
  return [];
}

/** Cell documents carry their notebook's path in a `vscode-notebook-cell` uri. */
function belongsTo(document: vscode.Uri, shown: vscode.Uri): boolean {
  return document.toString() === shown.toString() || (document.scheme === 'vscode-notebook-cell' && document.path === shown.path);
}

function toRange(range: Finding['range']): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function toDiagnostics(findings: readonly Finding[], severity: Record<RuleId, Severity>): vscode.Diagnostic[] {
  return findings.flatMap((finding) => {
    const level = severity[finding.rule] ?? finding.severity;
    if (level === 'off') return [];
    const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, severities[level]);
    diagnostic.source = diagnosticSource;
    diagnostic.code = { value: finding.rule, target: vscode.Uri.parse(ruleDocumentationUri(finding.rule)) };
    return [diagnostic];
  });
}

class DiagnosticsFeature implements DocumentAnalysisService {
  private readonly collection = vscode.languages.createDiagnosticCollection(diagnosticSource);
  private readonly analyzed = new vscode.EventEmitter<vscode.Uri>();
  private readonly states = new Map<string, DocumentAnalysisState>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** What each document's diagnostics show: its findings after handling in callers was taken into account. */
  private readonly judged = new Map<string, { findings: Finding[]; clientNames: string }>();
  readonly onDidAnalyze = this.analyzed.event;

  constructor(private readonly workspaceIndex?: WorkspaceIndexFeature) {
    if (workspaceIndex) this.subscriptions.push(workspaceIndex.onDidChange(() => this.judgeAgain()));
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        this.states.get(event.document.uri.toString())?.recordChanges(event.contentChanges);
        this.schedule(event.document, debounceMs);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      // VS Code closes a document well after its last tab (sometimes minutes); its diagnostics should go with the tab.
      vscode.window.tabGroups.onDidChangeTabs((event) => this.followTabs(event)),
      onDidChangeSettings(() => {
        for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  async findingsFor(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<Finding[]> {
    const key = document.uri.toString();
    const state = this.states.get(key);
    if (state && state.analyzedVersion === document.version) return this.judged.get(key)?.findings ?? state.findings;
    if (!this.isCandidate(document)) return [];
    state?.cancelTimer();
    await this.run(document);
    if (token?.isCancellationRequested) return [];
    return this.judged.get(key)?.findings ?? this.states.get(key)?.findings ?? [];
  }

  dispose(): void {
    for (const state of this.states.values()) state.dispose();
    this.states.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
    this.analyzed.dispose();
  }

  private isCandidate(document: vscode.TextDocument): boolean {
    return analysedSchemes.has(document.uri.scheme) && isSourceLanguage(document.languageId);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!this.isCandidate(document)) return;
    const key = document.uri.toString();
    let state = this.states.get(key);
    if (!state) {
      state = new DocumentAnalysisState();
      this.states.set(key, state);
    }
    state.cancelTimer();
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.run(document);
    }, delay);
  }

  private async run(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const state = this.states.get(key);
    if (!state || document.isClosed) return;
    const settings = readAnalysisSettings(document.uri);
    if (!settings.enable || this.tooLarge(document, settings)) {
      state.reset();
      this.collection.delete(document.uri);
      this.analyzed.fire(document.uri);
      return;
    }
    try {
      const language = document.languageId;
      if (!isSourceLanguage(language)) return;
      const follow = settings.followCallers && this.workspaceIndex !== undefined;
      const clientNames = follow ? this.workspaceIndex?.importedClientNames(document.uri) ?? [] : [];
      const findings = await state.analyze(document, language, {
        extraClientNames: [...settings.extraClientNames, ...clientNames],
        maxBytes: settings.maxFileSizeKB * 1024,
        sdkPackage: document.uri.scheme === 'file' ? sdkPackageOf(document.uri.fsPath) : undefined,
      });
      if (findings === undefined || this.states.get(key) !== state) return;
      const shown = follow && this.workspaceIndex ? this.workspaceIndex.judge(document.uri, findings) : findings;
      this.judged.set(key, { findings: shown, clientNames: clientNames.join('\n') });
      this.collection.set(document.uri, toDiagnostics(shown, settings.severity));
      this.analyzed.fire(document.uri);
    } catch (error) {
      outputChannel().error(`analysis of ${document.uri.toString(true)} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }

  /**
   * After the workspace index changed (a caller's try was added or removed, a file appeared): judges the open
   * documents' findings again without re-analysing them, unless the clients they import changed.
   */
  private judgeAgain(): void {
    const index = this.workspaceIndex;
    if (!index) return;
    for (const document of vscode.workspace.textDocuments) {
      const key = document.uri.toString();
      const state = this.states.get(key);
      const previous = this.judged.get(key);
      if (!state || state.analyzedVersion !== document.version || !previous || state.timer) continue;
      const settings = readAnalysisSettings(document.uri);
      if (!settings.enable || !settings.followCallers) continue;
      if (index.importedClientNames(document.uri).join('\n') !== previous.clientNames) {
        this.schedule(document, 0);
        continue;
      }
      const shown = index.judge(document.uri, state.findings);
      if (sameFindings(shown, previous.findings)) continue;
      this.judged.set(key, { findings: shown, clientNames: previous.clientNames });
      this.collection.set(document.uri, toDiagnostics(shown, settings.severity));
      this.analyzed.fire(document.uri);
    }
  }

  /** Checked on the document's size before its text is read, so huge files never reach the parser. */
  private tooLarge(document: vscode.TextDocument, settings: AnalysisSettings): boolean {
    const lastLine = document.lineAt(document.lineCount - 1);
    return document.offsetAt(lastLine.range.end) > settings.maxFileSizeKB * 1024;
  }

  private followTabs(event: vscode.TabChangeEvent): void {
    const closed = event.closed.flatMap(tabUris);
    if (closed.length > 0) {
      const stillShown = vscode.window.tabGroups.all.flatMap((group) => group.tabs.flatMap(tabUris));
      for (const key of [...this.states.keys()]) {
        const uri = vscode.Uri.parse(key);
        if (closed.some((shown) => belongsTo(uri, shown)) && !stillShown.some((shown) => belongsTo(uri, shown))) this.forget(uri);
      }
    }
    // A tab reopened before VS Code closed its document brings no open event: analyse it again.
    const opened = event.opened.flatMap(tabUris);
    if (opened.length === 0) return;
    for (const document of vscode.workspace.textDocuments) {
      if (!this.states.has(document.uri.toString()) && opened.some((shown) => belongsTo(document.uri, shown))) this.schedule(document, 0);
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.states.get(key)?.dispose();
    this.states.delete(key);
    this.judged.delete(key);
    this.collection.delete(uri);
  }
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((finding, index) => finding === b[index] || (finding.message === b[index].message && finding.range.start.line === b[index].range.start.line && finding.range.start.character === b[index].range.start.character));
}

export function registerDiagnostics(_context: vscode.ExtensionContext, workspaceIndex?: WorkspaceIndexFeature): DocumentAnalysisService {
  return new DiagnosticsFeature(workspaceIndex);
}
