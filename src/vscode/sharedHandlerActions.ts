// The lightbulb's "use a shared handler" actions for an unprotected call: wrap it and call the project's own
// OpenAI error handler when one is known, else create a module holding one (where the user chooses) and call
// that. The workspace search for a handler runs only when such an action is resolved or chosen, never while
// the lightbulb is listed, and its result is cached per workspace folder until a source file is saved.
import * as vscode from 'vscode';
import type { Finding, SourceLanguage } from '../core/types';
import { t } from '../core/l10n';
import { skippedFolders } from '../core/workspace/projectFiles';
import { editsForOffer, type SharedHandlerRef } from '../core/fixes';
import { defaultSharedHandlerName, defaultSharedModuleFile, findSharedHandler, findSharedHandlerInProject, sharedHandlerImportModule, sharedHandlerModuleText } from '../core/fixes/sharedHandler';

/** A handler found in the workspace: the file that defines it (a `file:` URI path, always with `/`). */
interface KnownHandler {
  name: string;
  path: string;
  raises: boolean;
}

const sourceGlob = '**/*.{py,ts,tsx,mts,cts,js,jsx,mjs,cjs}';
// The scan's skipped folders, plus `env` (a glob cannot look for the pyvenv.cfg that marks a virtualenv by another name).
const excludedGlob = `**/{${[...skippedFolders, 'env'].join(',')}}/**`;
const maxFilesSearched = 300;
/** Only files naming an SDK error class are read closely. */
const prefilter = /\b(?:APIError|OpenAIError|RateLimitError|APIConnectionError|AuthenticationError)\b/;

/** Workspace folder + language family -> the handler found there, or null when the search found none. */
const cache = new Map<string, KnownHandler | null>();

function cacheKey(folder: vscode.WorkspaceFolder | undefined, language: SourceLanguage): string {
  return `${folder?.uri.toString() ?? ''}|${language === 'python' ? 'python' : 'js'}`;
}

export class SharedHandlerAction extends vscode.CodeAction {
  constructor(readonly document: vscode.TextDocument, readonly version: number, readonly finding: Finding, readonly handler: KnownHandler | undefined, diagnostic: vscode.Diagnostic) {
    super(handler
      ? t('Wrap and call the shared OpenAI error handler ({0} in {1})', handler.name, vscode.workspace.asRelativePath(vscode.Uri.file(handler.path), false))
      : t('Create a shared OpenAI error handler module…'), vscode.CodeActionKind.QuickFix);
    this.diagnostics = [diagnostic];
    if (!handler) this.command = { command: createCommandId, title: this.title, arguments: [document.uri, finding] };
  }
}

/**
 * The lightbulb entry for an unprotected call (from the cache only: listing never searches the workspace). Not for
 * a stream handed on unread: a try around the call is there already, its reads need one.
 */
export function sharedHandlerActions(document: vscode.TextDocument, finding: Finding, diagnostic: vscode.Diagnostic): SharedHandlerAction[] {
  if (finding.rule !== 'unhandled-call' || finding.streamHandedOn) return [];
  const language = document.languageId as SourceLanguage;
  const known = cache.get(cacheKey(vscode.workspace.getWorkspaceFolder(document.uri), language));
  return [new SharedHandlerAction(document, document.version, finding, known ?? undefined, diagnostic)];
}

/** A "wrap and call" action gets its edits now; a "create" action searches the workspace so the next lightbulb knows. */
export async function resolveSharedHandlerAction(action: SharedHandlerAction, options: SharedFixOptions): Promise<SharedHandlerAction> {
  const { document, finding, handler } = action;
  if (!handler) {
    await projectHandler(document);
    return action;
  }
  if (document.version !== action.version) return action;
  const edits = await wrapEdits(document, finding, handler, options);
  if (edits) {
    action.edit = new vscode.WorkspaceEdit();
    action.edit.set(document.uri, edits);
  }
  return action;
}

/** The fix options of a document (the settings), as the other quick fixes use them. */
export type SharedFixOptions = Parameters<typeof editsForOffer>[4];

async function wrapEdits(document: vscode.TextDocument, finding: Finding, handler: KnownHandler, options: SharedFixOptions): Promise<vscode.TextEdit[] | undefined> {
  const language = document.languageId as SourceLanguage;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const sharedHandler: SharedHandlerRef = {
    name: handler.name,
    raises: handler.raises,
    module: handler.path === document.uri.path ? undefined : sharedHandlerImportModule(document.uri.path, handler.path, folder?.uri.path ?? '', language),
  };
  const edits = await editsForOffer(document.getText(), language, finding, 'wrapShared', { ...options, sharedHandler });
  return edits?.map((edit) => new vscode.TextEdit(new vscode.Range(edit.range.start.line, edit.range.start.character, edit.range.end.line, edit.range.end.character), edit.newText));
}

/** The project's shared handler (this file's own first), searching the workspace once per folder. */
async function projectHandler(document: vscode.TextDocument): Promise<KnownHandler | undefined> {
  const language = document.languageId as SourceLanguage;
  const own = findSharedHandler(document.getText(), language);
  if (own) return { name: own.name, path: document.uri.path, raises: own.raises };
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const key = cacheKey(folder, language);
  if (cache.has(key)) return cache.get(key) ?? undefined;
  const pattern = folder ? new vscode.RelativePattern(folder, sourceGlob) : sourceGlob;
  const uris = await vscode.workspace.findFiles(pattern, excludedGlob, maxFilesSearched);
  const files: { path: string; text: string }[] = [];
  for (const uri of uris) {
    if (uri.path === document.uri.path) continue;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    if (prefilter.test(text)) files.push({ path: uri.path, text });
  }
  const found = findSharedHandlerInProject(files, language);
  const known = found ? { name: found.name, path: found.path, raises: found.raises } : undefined;
  cache.set(key, known ?? null);
  return known;
}

export const createCommandId = 'openaiErrorGuard.createSharedHandler';

/**
 * Creates the shared handler module where the user chooses (or uses the handler a chosen existing file
 * defines) and wraps the call to pass its errors there. `target` skips the dialog (tests, other commands).
 */
async function createSharedHandlerCommand(uri: vscode.Uri, finding: Finding, optionsFor: (document: vscode.TextDocument) => SharedFixOptions, target?: vscode.Uri): Promise<void> {
  const document = vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri.toString());
  if (!document) return;
  const language = document.languageId as SourceLanguage;
  const fileName = language === 'python' ? defaultSharedModuleFile.python : language.startsWith('typescript') ? defaultSharedModuleFile.typescript : defaultSharedModuleFile.javascript;
  const chosen = target ?? await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(uri, '..', fileName),
    saveLabel: t('Create the shared OpenAI error handler'),
    filters: language === 'python' ? { Python: ['py'] } : { 'JavaScript/TypeScript': ['ts', 'js', 'mjs', 'cjs'] },
  });
  if (!chosen) return;
  const version = document.version;
  const existing = await readIfExists(chosen);
  const found = existing === undefined ? undefined : findSharedHandler(existing, language);
  const edit = new vscode.WorkspaceEdit();
  let handler: KnownHandler;
  if (found) handler = { name: found.name, path: chosen.path, raises: found.raises };
  else {
    if (existing !== undefined) {
      void vscode.window.showWarningMessage(t('{0} exists and has no OpenAI error handler: choose another file.', vscode.workspace.asRelativePath(chosen, false)));
      return;
    }
    const moduleLanguage: SourceLanguage = chosen.path.endsWith('.py') ? 'python' : /\.(ts|mts|cts)$/.test(chosen.path) ? 'typescript' : 'javascript';
    const text = document.getText();
    const commonJs = moduleLanguage === 'javascript' && (chosen.path.endsWith('.cjs') || (/\brequire\(/.test(text) && !/^\s*import\s/m.test(text)));
    const options = optionsFor(document);
    edit.createFile(chosen, { ignoreIfExists: false });
    edit.insert(chosen, new vscode.Position(0, 0), sharedHandlerModuleText(moduleLanguage, finding.sdk, options.errorClasses, { commonJs }));
    handler = { name: moduleLanguage === 'python' ? defaultSharedHandlerName.python : defaultSharedHandlerName.js, path: chosen.path, raises: true };
  }
  if (document.version !== version) return;
  const edits = await wrapEdits(document, finding, handler, optionsFor(document));
  if (!edits) return;
  edit.set(document.uri, edits);
  if (!await vscode.workspace.applyEdit(edit)) return;
  if (!found) await (await vscode.workspace.openTextDocument(chosen)).save();
  cache.set(cacheKey(vscode.workspace.getWorkspaceFolder(document.uri), language), handler);
}

async function readIfExists(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** The create command, and a saved source file making the cached search results stale. */
export function registerSharedHandlerActions(optionsFor: (document: vscode.TextDocument) => SharedFixOptions): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(createCommandId, (uri: vscode.Uri, finding: Finding, target?: vscode.Uri) => createSharedHandlerCommand(uri, finding, optionsFor, target)),
    vscode.workspace.onDidSaveTextDocument((saved) => {
      if (/\.(py|[cm]?[jt]sx?)$/.test(saved.uri.path)) cache.clear();
    }),
  );
}
