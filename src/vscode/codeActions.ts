// PLACEHOLDER until the quick-fix work lands (issue 4).
import * as vscode from 'vscode';
import type { DocumentAnalysisService } from './analysisService';

export function registerCodeActions(_context: vscode.ExtensionContext, _analysis: DocumentAnalysisService): vscode.Disposable {
  return vscode.commands.registerCommand('openaiErrorGuard.fixAllInFile', () => undefined);
}
