import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId, waitFor, workspaceFile } from './helpers';

suite('Activation in a real VS Code', () => {
  test('runs in VS Code 1.139', () => {
    assert.match(vscode.version, /^1\.139\./);
  });

  test('opening a Python file activates the extension', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('activation', 'hello.py'));
    await vscode.window.showTextDocument(document);
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, 'the extension is installed in the test host');
    await waitFor('the extension to activate', () => (extension.isActive ? true : undefined));
  });

  test('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['openaiErrorGuard.checkHealth', 'openaiErrorGuard.setApiKey', 'openaiErrorGuard.clearApiKey', 'openaiErrorGuard.fixAllInFile', 'openaiErrorGuard.showOutput']) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
  });
});
