// The contract between the diagnostics feature (which owns document analysis) and the features that
// reuse its results (code actions, fix-all).
import type * as vscode from 'vscode';
import type { Finding } from '../core/types';

export interface DocumentAnalysisService extends vscode.Disposable {
  /** Up-to-date findings for the document's current text (analyses now if the cached result is stale). */
  findingsFor(document: vscode.TextDocument, token?: vscode.CancellationToken): Promise<Finding[]>;
  /** Fires after a document's diagnostics were refreshed. */
  readonly onDidAnalyze: vscode.Event<vscode.Uri>;
}
