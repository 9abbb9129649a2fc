// Keeps the active catalog in step with `openaiErrorGuard.catalog.extraFiles`: reads the listed files of every
// workspace folder, overlays them on the built-in catalog, and reloads when a file or the setting changes.
// Problems go to the output channel and, once per distinct problem, to a warning notification; the built-in
// catalog (and every good entry) keeps working whatever a file contains.
import * as path from 'path';
import * as vscode from 'vscode';
import { builtinCatalog, formatProblem, loadCatalogFiles, useCatalog, type CatalogFileText, type CatalogProblem } from '../core/catalog';
import { t } from '../core/l10n';
import { onDidChangeSettings, readTrustedSetting } from './configuration';
import { outputChannel } from './output';

const settingKey = 'catalog.extraFiles';
const reloadDelayMs = 150;

interface ConfiguredFile {
  uri: vscode.Uri;
  /** As people recognise it in messages: relative to its workspace folder. */
  label: string;
}

export function registerCatalogLoader(): vscode.Disposable {
  const loader = new CatalogLoader();
  void loader.reload();
  return loader;
}

class CatalogLoader implements vscode.Disposable {
  private watchers: vscode.Disposable[] = [];
  private readonly subscriptions: vscode.Disposable[];
  private readonly shownProblems = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Bumped on every reload so a slow earlier read cannot overwrite a newer result. */
  private generation = 0;

  constructor() {
    this.subscriptions = [
      onDidChangeSettings(() => this.scheduleReload(), settingKey),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleReload()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleReload()),
    ];
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of [...this.subscriptions, ...this.watchers]) disposable.dispose();
    useCatalog(undefined);
  }

  private scheduleReload(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), reloadDelayMs);
  }

  async reload(): Promise<void> {
    const generation = ++this.generation;
    const files = configuredFiles();
    this.watch(files);
    const sources: CatalogFileText[] = [];
    const problems: CatalogProblem[] = [];
    for (const file of files) {
      try {
        sources.push({ file: file.label, text: new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(file.uri)) });
      } catch (error) {
        problems.push({ file: file.label, line: 0, character: 0, message: t('cannot read the file ({0})', error instanceof Error ? error.message : String(error)) });
      }
    }
    if (generation !== this.generation) return;
    const loaded = loadCatalogFiles(sources, builtinCatalog());
    useCatalog(loaded.catalog);
    if (files.length > 0) outputChannel().info(t('Error catalog: {0} extra file(s) loaded, {1} entries in all.', files.length, loaded.catalog.entries.length));
    this.report([...problems, ...loaded.problems]);
  }

  private report(problems: readonly CatalogProblem[]): void {
    for (const problem of problems) {
      const message = formatProblem(problem);
      outputChannel().warn(message);
      if (this.shownProblems.has(message)) continue;
      this.shownProblems.add(message);
      void vscode.window.showWarningMessage(t('OpenAI Error Guard: problem in a custom error catalog: {0}', message));
    }
  }

  private watch(files: readonly ConfiguredFile[]): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = files.map((file) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file.uri.fsPath)), path.basename(file.uri.fsPath)));
      const reload = () => this.scheduleReload();
      return vscode.Disposable.from(watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload), watcher.onDidDelete(reload));
    });
  }
}

/** The files the setting lists, per workspace folder (relative paths resolve against that folder). */
function configuredFiles(): ConfiguredFile[] {
  const files = new Map<string, ConfiguredFile>();
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const written of readTrustedSetting<string[]>(settingKey, folder.uri, [])) {
      if (typeof written !== 'string' || written.trim() === '') continue;
      const uri = path.isAbsolute(written) ? vscode.Uri.file(written) : vscode.Uri.joinPath(folder.uri, written);
      const label = path.isAbsolute(written) ? written : path.join(folder.name, written);
      files.set(uri.toString(), { uri, label });
    }
  }
  return [...files.values()];
}
