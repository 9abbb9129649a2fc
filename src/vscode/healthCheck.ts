// PLACEHOLDER until the health-check work lands (issue 6).
import * as vscode from 'vscode';

export function registerHealthCheck(_context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('openaiErrorGuard.checkHealth', () => undefined),
    vscode.commands.registerCommand('openaiErrorGuard.setApiKey', () => undefined),
    vscode.commands.registerCommand('openaiErrorGuard.clearApiKey', () => undefined),
  );
}
