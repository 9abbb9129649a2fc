// Activation only wires features together; each feature lives in its own module under src/vscode.
import * as vscode from 'vscode';
import { initLocalization } from './vscode/l10n';
import { registerOutput } from './vscode/output';
import { registerDiagnostics } from './vscode/diagnostics';
import { registerCodeActions } from './vscode/codeActions';
import { registerHover } from './vscode/hover';
import { registerHealthCheck } from './vscode/healthCheck';
import { registerExplainCommand } from './vscode/explainCommand';
import { registerTerminalLinks } from './vscode/terminalLinks';
import { registerDebugOutputWatcher } from './vscode/debugOutput';
import { WorkspaceIndexFeature } from './vscode/workspaceIndex';

export function activate(context: vscode.ExtensionContext): void {
  initLocalization();
  const workspaceIndex = new WorkspaceIndexFeature();
  const analysis = registerDiagnostics(context, workspaceIndex);
  context.subscriptions.push(
    registerOutput(),
    workspaceIndex,
    analysis,
    registerCodeActions(context, analysis),
    registerHover(context),
    registerHealthCheck(context),
    registerExplainCommand(context),
    registerTerminalLinks(),
    registerDebugOutputWatcher(),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
