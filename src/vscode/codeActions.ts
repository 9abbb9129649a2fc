// Code actions over the core fix engine: the lightbulb quick fixes for this extension's diagnostics (the real
// fix preferred, "ignore" after it), `source.fixAll.openaiErrorGuard` for fix-on-save, and the
// openaiErrorGuard.fixAllInFile command.
import * as vscode from 'vscode';
import type { Finding, SourceLanguage, TextEdit } from '../core/types';
import { sourceLanguages } from '../core/types';
import { t } from '../core/l10n';
import { editsForOffer, fixAll, fixOffersForFinding, type FixOffer, type FixOptions } from '../core/fixes';
import { projectLineLength } from '../core/fixes/lineLength';
import { defaultHandledErrorClasses, type ErrorClassKey } from '../core/sdk/errorHierarchy';
import { sdkPackageOf } from '../core/workspace/sdkPackage';
import type { DocumentAnalysisService } from './analysisService';
import { readAnalysisSettings, readFixSettings } from './configuration';
import { outputChannel } from './output';
import { registerSharedHandlerActions, resolveSharedHandlerAction, SharedHandlerAction, sharedHandlerActions } from './sharedHandlerActions';

/** The `source` of the diagnostics this extension publishes. */
export const diagnosticSource = 'openai-error-guard';

/** A lightbulb action whose edits are computed only when the user picks it (resolveCodeAction). */
class FixCodeAction extends vscode.CodeAction {
  constructor(readonly document: vscode.TextDocument, readonly version: number, readonly finding: Finding, readonly offer: FixOffer, diagnostic: vscode.Diagnostic) {
    super(offer.title, vscode.CodeActionKind.QuickFix);
    this.diagnostics = [diagnostic];
    this.isPreferred = offer.isPreferred;
  }
}

export class OpenAIErrorCodeActionProvider implements vscode.CodeActionProvider<vscode.CodeAction> {
  static readonly fixAllKind = vscode.CodeActionKind.SourceFixAll.append('openaiErrorGuard');
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, OpenAIErrorCodeActionProvider.fixAllKind];

  constructor(private readonly analysis: DocumentAnalysisService) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const language = document.languageId as SourceLanguage;
    if (!sourceLanguages.includes(language)) return [];
    if (context.only?.contains(OpenAIErrorCodeActionProvider.fixAllKind)) {
      const action = await this.fixAllAction(document, language, token);
      return action ? [action] : [];
    }
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === diagnosticSource);
    if (ours.length === 0) return [];
    const findings = await this.analysis.findingsFor(document, token);
    const actions: FixCodeAction[] = [];
    const shared: SharedHandlerAction[] = [];
    for (const diagnostic of ours) {
      const finding = findings.find((candidate) => matches(candidate, diagnostic));
      if (!finding || token.isCancellationRequested) continue;
      // Titles only: computing every fix's edits up front made the lightbulb slow on long files.
      for (const offer of fixOffersForFinding(finding)) actions.push(new FixCodeAction(document, document.version, finding, offer, diagnostic));
      shared.push(...sharedHandlerActions(document, finding, diagnostic));
    }
    // Real fixes first, the ignore actions after them, whatever diagnostic they came from; fix-all last (VS Code
    // lists actions without diagnostics after the others anyway, as with ESLint's "Fix all auto-fixable problems").
    const real = (action: FixCodeAction): boolean => action.offer.kind !== 'ignoreLine' && action.offer.kind !== 'ignoreFile';
    const ordered = [...actions.filter(real), ...shared, ...actions.filter((action) => !real(action))];
    return findings.length >= 2 ? [...ordered, fixAllQuickFix(document.uri)] : ordered;
  }

  /** The edits of the action the user picked, from the document as it is now (unchanged since it was offered). */
  async resolveCodeAction(action: vscode.CodeAction, token: vscode.CancellationToken): Promise<vscode.CodeAction> {
    if (action instanceof SharedHandlerAction) return token.isCancellationRequested ? action : resolveSharedHandlerAction(action, fixOptionsFor(action.document));
    if (!(action instanceof FixCodeAction) || action.document.version !== action.version || token.isCancellationRequested) return action;
    const { document, finding, offer } = action;
    const edits = await editsForOffer(document.getText(), document.languageId as SourceLanguage, finding, offer.kind, fixOptionsFor(document));
    if (edits) action.edit = toWorkspaceEdit(document.uri, edits);
    return action;
  }

  private async fixAllAction(document: vscode.TextDocument, language: SourceLanguage, token: vscode.CancellationToken): Promise<vscode.CodeAction | undefined> {
    const edit = await fixAllEdit(document, language, await this.analysis.findingsFor(document, token), token);
    if (!edit) return undefined;
    const action = new vscode.CodeAction(t('Fix all OpenAI error handling in this file'), OpenAIErrorCodeActionProvider.fixAllKind);
    action.edit = edit.workspaceEdit;
    return action;
  }
}

/** The lightbulb's "fix all" entry (as ESLint offers one), for a file with two or more findings. It runs the
 * fixAllInFile command when chosen, so opening the lightbulb never computes every fix of the file. */
function fixAllQuickFix(uri: vscode.Uri): vscode.CodeAction {
  const action = new vscode.CodeAction(t('Fix all OpenAI error handling in this file'), vscode.CodeActionKind.QuickFix);
  action.command = { command: 'openaiErrorGuard.fixAllInFile', title: action.title, arguments: [uri] };
  return action;
}

export function registerCodeActions(_context: vscode.ExtensionContext, analysis: DocumentAnalysisService): vscode.Disposable {
  const selector = sourceLanguages.map((language) => ({ language }));
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider(selector, new OpenAIErrorCodeActionProvider(analysis), {
      providedCodeActionKinds: OpenAIErrorCodeActionProvider.providedCodeActionKinds,
    }),
    vscode.commands.registerCommand('openaiErrorGuard.fixAllInFile', (target?: unknown) => fixAllInFileCommand(analysis, target)),
    registerSharedHandlerActions(fixOptionsFor),
  );
}

async function fixAllInFileCommand(analysis: DocumentAnalysisService, target?: unknown): Promise<void> {
  const document = target instanceof vscode.Uri
    ? vscode.workspace.textDocuments.find((open) => open.uri.toString() === target.toString())
    : vscode.window.activeTextEditor?.document;
  const language = document?.languageId as SourceLanguage | undefined;
  if (!document || !language || !sourceLanguages.includes(language)) {
    void vscode.window.showInformationMessage(t('Open a Python, JavaScript or TypeScript file to fix its OpenAI calls.'));
    return;
  }
  const result = await fixAllEdit(document, language, await analysis.findingsFor(document));
  if (!result) {
    void vscode.window.showInformationMessage(t('No OpenAI call in this file needs a fix.'));
    return;
  }
  await vscode.workspace.applyEdit(result.workspaceEdit);
  outputChannel().info(`fix-all: ${result.applied} fix(es) applied to ${document.uri.fsPath}, ${result.remaining} finding(s) left`);
  void vscode.window.showInformationMessage(t('Applied {0} OpenAI error-handling fix(es); {1} finding(s) left.', result.applied, result.remaining));
}

/**
 * One edit replacing the document with the fix-all result, or undefined when nothing could be fixed. Only the
 * findings the diagnostics show are fixed (`shown`): a call every caller handles gets no handler of its own.
 */
async function fixAllEdit(document: vscode.TextDocument, language: SourceLanguage, shown: readonly Finding[], token?: vscode.CancellationToken): Promise<{ workspaceEdit: vscode.WorkspaceEdit; applied: number; remaining: number } | undefined> {
  const text = document.getText();
  const result = await fixAll(text, language, fixOptionsFor(document), () => token?.isCancellationRequested === true, shown);
  // A cancelled save (editor.codeActionsOnSave timed out) gets nothing rather than half the fixes.
  if (result.cancelled || result.applied === 0 || result.text === text) return undefined;
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(text.length)), result.text);
  return { workspaceEdit, applied: result.applied, remaining: result.remaining.length };
}

function fixOptionsFor(document: vscode.TextDocument): FixOptions {
  const settings = readFixSettings(document.uri);
  const known = new Set<string>(defaultHandledErrorClasses);
  const chosen = settings.errorClasses.filter((key): key is ErrorClassKey => known.has(key));
  return {
    handlerStyle: settings.handlerStyle,
    errorClasses: chosen.length > 0 ? chosen : defaultHandledErrorClasses,
    extraClientNames: readAnalysisSettings(document.uri).extraClientNames,
    sdkPackage: document.uri.scheme === 'file' ? sdkPackageOf(document.uri.fsPath) : undefined,
    projectErrorClass: settings.projectErrorClass || undefined,
    lineLength: document.uri.scheme === 'file' ? projectLineLength(document.uri.fsPath, document.languageId === 'python') : undefined,
  };
}

/** A diagnostic belongs to a finding with the same rule at the call's range (or, unreachable-handler, the handler's). */
function matches(finding: Finding, diagnostic: vscode.Diagnostic): boolean {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  if (code !== finding.rule) return false;
  return [finding.range, finding.handlerRange].some((range) => range !== undefined
    && range.start.line === diagnostic.range.start.line && range.start.character === diagnostic.range.start.character
    && range.end.line === diagnostic.range.end.line && range.end.character === diagnostic.range.end.character);
}

function toPosition(position: { line: number; character: number }): vscode.Position {
  return new vscode.Position(position.line, position.character);
}

function toWorkspaceEdit(uri: vscode.Uri, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const textEdit of edits) {
    edit.replace(uri, new vscode.Range(toPosition(textEdit.range.start), toPosition(textEdit.range.end)), textEdit.newText);
  }
  return edit;
}
