// The workspace index in the editor: one LiveWorkspaceIndex per workspace folder, built in the background
// after activation (window progress in the status bar on big workspaces) and kept current from a file watcher
// and from open documents' edits (debounced, off the keystroke path). Files excluded by files.exclude and
// dependency, VCS, virtualenv and build folders are left out. Diagnostics judge findings with it as it stands.
import * as path from 'path';
import * as vscode from 'vscode';
import { t } from '../core/l10n';
import { isSourceLanguage, languageOfFile } from '../core/languages';
import type { Finding } from '../core/types';
import { InProcessRunner, WorkerPoolRunner, workerThreshold } from '../core/workspace/jobRunner';
import { LiveWorkspaceIndex } from '../core/workspace/liveIndex';
import { skippedFolders } from '../core/workspace/projectFiles';
import { configSection, onDidChangeSettings, readAnalysisSettings } from './configuration';
import { outputChannel } from './output';

const sourceGlob = '**/*.{py,pyi,js,mjs,cjs,jsx,ts,mts,cts,tsx}';
/** Open documents are re-indexed this long after their last edit (analysis runs sooner, on its own debounce). */
const documentDelayMs = 400;
/** Workspaces with at least this many source files show indexing progress. */
const progressThreshold = 500;

function isIndexable(uri: vscode.Uri, folder: vscode.WorkspaceFolder): boolean {
  if (uri.scheme !== 'file' || !languageOfFile(uri.fsPath)) return false;
  const relative = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep);
  return !relative.slice(0, -1).some((segment) => skippedFolders.has(segment) || segment.endsWith('.egg-info'));
}

export class WorkspaceIndexFeature implements vscode.Disposable {
  private readonly indexes = new Map<string, { folder: vscode.WorkspaceFolder; live: LiveWorkspaceIndex; runner: InProcessRunner }>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly documentTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private notifyTimer: ReturnType<typeof setTimeout> | undefined;
  private building: Promise<void> = Promise.resolve();
  /** Fires (debounced) after the index changed: open files are judged again. */
  readonly onDidChange = this.changed.event;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(sourceGlob);
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate((uri) => this.updateFromDisk(uri)),
      watcher.onDidChange((uri) => this.updateFromDisk(uri)),
      watcher.onDidDelete((uri) => this.forget(uri)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.scheduleDocument(event.document);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild()),
      onDidChangeSettings((event) => {
        if (event.affectsConfiguration(`${configSection}.analysis.followCallers`) || event.affectsConfiguration(`${configSection}.extraClientNames`)) this.rebuild();
      }),
    );
    this.rebuild();
  }

  /** Resolves when the index has been built and every queued update has run (tests, and commands that need it). */
  async whenReady(): Promise<void> {
    await this.building;
    await Promise.all([...this.indexes.values()].map((entry) => entry.live.settled()));
  }

  /** The findings that handling in callers leaves (unchanged when caller-following is off or the file is unknown). */
  judge(uri: vscode.Uri, findings: Finding[]): Finding[] {
    const live = this.indexFor(uri);
    return live ? live.index.judge(uri.fsPath, findings) : findings;
  }

  /** Names the file imports from the project that are OpenAI clients. */
  importedClientNames(uri: vscode.Uri): string[] {
    return this.indexFor(uri)?.index.importedClientNames(uri.fsPath) ?? [];
  }

  dispose(): void {
    for (const timer of this.documentTimers.values()) clearTimeout(timer);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    for (const entry of this.indexes.values()) void entry.runner.dispose();
    this.indexes.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }

  private indexFor(uri: vscode.Uri): LiveWorkspaceIndex | undefined {
    if (uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.indexes.get(folder.uri.toString())?.live : undefined;
  }

  private rebuild(): void {
    for (const entry of this.indexes.values()) void entry.runner.dispose();
    this.indexes.clear();
    this.building = this.building.then(() => this.buildAll()).catch((error: unknown) => {
      outputChannel().error(`workspace index: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    });
  }

  private async buildAll(): Promise<void> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const settings = readAnalysisSettings(folder.uri);
      if (!settings.enable || !settings.followCallers) continue;
      const runner = new InProcessRunner({ maxBytes: settings.maxFileSizeKB * 1024, extraClientNames: settings.extraClientNames }, 8);
      const live = new LiveWorkspaceIndex(folder.uri.fsPath, runner, (file, message) => outputChannel().warn(`workspace index: ${file}: ${message}`));
      this.indexes.set(folder.uri.toString(), { folder, live, runner });
      // findFiles applies files.exclude; the folders no project keeps its own sources in are dropped here.
      const uris = (await vscode.workspace.findFiles(new vscode.RelativePattern(folder, sourceGlob))).filter((uri) => isIndexable(uri, folder));
      const files = uris.flatMap((uri) => {
        const language = languageOfFile(uri.fsPath);
        return language ? [{ path: uri.fsPath, language }] : [];
      });
      const build = async (): Promise<void> => {
        const bulk = files.length >= workerThreshold ? new WorkerPoolRunner({ maxBytes: settings.maxFileSizeKB * 1024, extraClientNames: settings.extraClientNames }) : undefined;
        try {
          await live.build(files, bulk);
        } finally {
          await bulk?.dispose();
        }
      };
      const started = Date.now();
      if (files.length >= progressThreshold) {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: t('OpenAI Error Guard: indexing {0} files', files.length) }, build);
      } else await build();
      outputChannel().info(`workspace index of ${folder.name}: ${files.length} files, ${live.index.summaryCount} summarised, ${Date.now() - started} ms`);
      // Open documents may hold newer text than the disk.
      for (const document of vscode.workspace.textDocuments) if (document.isDirty) this.scheduleDocument(document);
      this.notify();
    }
  }

  private updateFromDisk(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const live = this.indexFor(uri);
    const language = languageOfFile(uri.fsPath);
    if (!folder || !live || !language || !isIndexable(uri, folder)) return;
    // An open document's own text is what counts while it is open.
    if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString() && document.isDirty)) return;
    void live.update(uri.fsPath, language).then(() => this.notify());
  }

  private forget(uri: vscode.Uri): void {
    const live = this.indexFor(uri);
    if (live) void live.remove(uri.fsPath).then(() => this.notify());
  }

  private scheduleDocument(document: vscode.TextDocument): void {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const live = this.indexFor(document.uri);
    if (!folder || !live || !isSourceLanguage(document.languageId) || !isIndexable(document.uri, folder)) return;
    const key = document.uri.toString();
    const pending = this.documentTimers.get(key);
    if (pending) clearTimeout(pending);
    this.documentTimers.set(key, setTimeout(() => {
      this.documentTimers.delete(key);
      if (document.isClosed || !isSourceLanguage(document.languageId)) return;
      void live.update(document.uri.fsPath, document.languageId, document.getText()).then(() => this.notify());
    }, documentDelayMs));
  }

  private notify(): void {
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.changed.fire();
    }, 50);
  }
}
