// Small helpers shared by the integration suites (they run inside the real extension host).
import * as path from 'path';
import * as vscode from 'vscode';

export const extensionId = 'openai-error-guard.openai-error-guard';

/** The workspace folder the launcher opened (test/fixtures/workspace). */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need test/fixtures/workspace opened as the workspace');
  return folder.uri.fsPath;
}

export function workspaceFile(...segments: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), ...segments));
}

/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(description: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${lastError ? `: ${String(lastError)}` : ''}`);
}

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`extension ${extensionId} is not loaded`);
  await extension.activate();
  return extension;
}

/** This extension's diagnostics on a document (other extensions may add their own). */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'openai-error-guard');
}

/** Opens a file and waits for its first unhandled-call diagnostic. */
export async function flaggedCall(uri: vscode.Uri): Promise<{ document: vscode.TextDocument; diagnostic: vscode.Diagnostic }> {
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const [diagnostic] = await waitFor('an unhandled-call diagnostic', () => {
    const found = ourDiagnostics(uri);
    return found.length > 0 ? found : undefined;
  }, 30_000);
  return { document, diagnostic };
}
