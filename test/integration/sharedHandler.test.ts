// The "use a shared handler" quick fix in a real VS Code: creating the module and wrapping the call, then the
// next unprotected call offered "wrap and call" with the module just created.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { activateExtension, flaggedCall, ourDiagnostics, waitFor, workspaceFile } from './helpers';

async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, 20);
}

suite('Shared OpenAI error handler quick fix in a real VS Code', () => {
  const moduleUri = () => workspaceFile('shared', 'openai_errors.py');

  suiteSetup(async () => {
    await activateExtension();
  });

  suiteTeardown(() => {
    fs.rmSync(moduleUri().fsPath, { force: true });
  });

  test('creates openai_errors.py where asked and wraps the call to pass its errors there', async () => {
    const uri = workspaceFile('shared', 'chat.py');
    const { document, diagnostic } = await flaggedCall(uri);
    const create = (await quickFixes(uri, diagnostic)).find((action) => action.title === 'Create a shared OpenAI error handler module…');
    assert.ok(create?.command, 'the create action is offered');
    assert.equal(create.command.command, 'openaiErrorGuard.createSharedHandler');

    await vscode.commands.executeCommand(create.command.command, ...(create.command.arguments ?? []), moduleUri());
    const created = fs.readFileSync(moduleUri().fsPath, 'utf8');
    assert.match(created, /^def handle_openai_error\(e: openai\.OpenAIError\) -> NoReturn:$/m);
    assert.match(document.getText(), /^from openai_errors import handle_openai_error$/m);
    assert.match(document.getText(), /\n {4}except openai\.OpenAIError as e:\n {8}handle_openai_error\(e\)\n {4}return /);
    await waitFor('the diagnostic to clear', () => (ourDiagnostics(uri).length === 0 ? true : undefined), 30_000);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('offers the module just created for the next call, and its edit clears the diagnostic', async () => {
    const uri = workspaceFile('shared', 'summary.py');
    const { document, diagnostic } = await flaggedCall(uri);
    const wrap = (await quickFixes(uri, diagnostic)).find((action) => action.title.startsWith('Wrap and call the shared OpenAI error handler'));
    assert.ok(wrap?.edit, 'the wrap-and-call action is offered with its edit');
    assert.equal(wrap.title, 'Wrap and call the shared OpenAI error handler (handle_openai_error in shared/openai_errors.py)');
    assert.ok(await vscode.workspace.applyEdit(wrap.edit));
    assert.match(document.getText(), /^from openai_errors import handle_openai_error$/m);
    await waitFor('the diagnostic to clear', () => (ourDiagnostics(uri).length === 0 ? true : undefined), 30_000);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
