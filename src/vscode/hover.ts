// PLACEHOLDER until the catalog and hover work lands (issue 5).
import * as vscode from 'vscode';

export function registerHover(_context: vscode.ExtensionContext): vscode.Disposable {
  return new vscode.Disposable(() => undefined);
}
