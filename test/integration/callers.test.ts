// Handling in a caller in another file, in a real VS Code: the workspace index builds in the background, and
// editing the caller re-judges the callee's open file after the debounce.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor, workspaceFile } from './helpers';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'openai-error-guard');
}

suite('Handling in callers across files', () => {
  const callee = workspaceFile('callers', 'llm.ts');
  const caller = workspaceFile('callers', 'route.ts');

  suiteSetup(async () => {
    await activateExtension();
  });

  suiteTeardown(async () => {
    for (const uri of [caller, callee]) {
      await vscode.window.showTextDocument(uri, { preview: false });
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a call whose only caller (in another file) wraps it in try shows no diagnostic', async () => {
    const document = await vscode.workspace.openTextDocument(callee);
    await vscode.window.showTextDocument(document, { preview: false });
    // Until the index is built the finding may show; once it is, the caller's try protects the call.
    await waitFor('no diagnostic in llm.ts', () => (ours(callee).length === 0 ? true : undefined), 30_000);
  });

  test('fix all in that file adds no handler while the caller handles the call', async () => {
    const document = await vscode.workspace.openTextDocument(callee);
    const before = document.getText();
    await vscode.commands.executeCommand('openaiErrorGuard.fixAllInFile', callee);
    assert.equal(document.getText(), before);
  });

  test('removing that try makes the diagnostic appear, naming the unprotected path', async () => {
    const document = await vscode.workspace.openTextDocument(caller);
    await vscode.window.showTextDocument(document, { preview: false });
    const edit = new vscode.WorkspaceEdit();
    edit.replace(caller, new vscode.Range(0, 0, document.lineCount, 0), "import { ask } from './llm';\n\nexport async function handle(question: string) {\n  return await ask(question);\n}\n");
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostic = await waitFor('a diagnostic in llm.ts', () => ours(callee)[0], 30_000);
    assert.equal(diagnostic.range.start.line, 5);
    assert.match(diagnostic.message, /`handle\(\)` at callers\/route\.ts:4/);
  });

  test('then fix all in the callee wraps the call', async () => {
    const document = await vscode.workspace.openTextDocument(callee);
    await vscode.commands.executeCommand('openaiErrorGuard.fixAllInFile', callee);
    await waitFor('the call wrapped in llm.ts', () => (/try \{\n\s+return await client\.responses\.create/.test(document.getText()) ? true : undefined), 10_000);
    await waitFor('no diagnostic in llm.ts', () => (ours(callee).length === 0 ? true : undefined), 30_000);
  });
});
