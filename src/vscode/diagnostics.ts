// PLACEHOLDER until the language-service work lands (issue 3).
import * as vscode from 'vscode';
import type { DocumentAnalysisService } from './analysisService';

export function registerDiagnostics(_context: vscode.ExtensionContext): DocumentAnalysisService {
  const emitter = new vscode.EventEmitter<vscode.Uri>();
  return { findingsFor: async () => [], onDidAnalyze: emitter.event, dispose: () => emitter.dispose() };
}
