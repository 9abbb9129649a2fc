// Quick fixes in a real VS Code: the lightbulb on a flagged call, applying the preferred fix, fix-all on save.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { activateExtension, flaggedCall, ourDiagnostics, waitFor, workspaceFile } from './helpers';

/**
 * This extension's quick fixes among all the editor offers (Copilot adds its own). The actions the command
 * returns do not carry their diagnostics back, so they are told apart by their titles.
 */
function ourQuickFixes(actions: readonly vscode.CodeAction[]): vscode.CodeAction[] {
  const titles = /^(Wrap with OpenAI error handlers|Wrap with one OpenAI error handler per class|Handle OpenAI errors while the stream is read|Add the missing OpenAI error handlers|Move this handler before the one that shadows it|Ignore (unhandled-call|partial-handling|unreachable-handler) (on this line|in this file))$/;
  return actions.filter((action) => action.kind?.value === vscode.CodeActionKind.QuickFix.value && titles.test(action.title));
}

suite('Quick fixes in a real VS Code', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('the lightbulb lists the wrap fix first and preferred, applying it gives the golden text and clears the diagnostic', async () => {
    const uri = workspaceFile('fixes', 'ask.py');
    const { document, diagnostic } = await flaggedCall(uri);

    // Edits come on resolve: ask the editor to resolve the actions it returns, as it does for the one picked.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, 10);
    const ours = ourQuickFixes(actions);
    assert.deepEqual(ours.map((action) => action.isPreferred === true), [true, false, false, false]);
    assert.equal(ours[0].title, 'Wrap with OpenAI error handlers');
    assert.equal(ours[1].title, 'Wrap with one OpenAI error handler per class');
    assert.match(ours[2].title, /unhandled-call/);
    assert.match(ours[3].title, /unhandled-call/);

    assert.ok(await vscode.workspace.applyEdit(ours[0].edit!));
    assert.equal(document.getText(), fs.readFileSync(workspaceFile('fixes', 'ask.py.fixed').fsPath, 'utf8'));
    await waitFor('the diagnostic to clear', () => (ourDiagnostics(uri).length === 0 ? true : undefined), 30_000);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a handler shadowed by its base class: the reorder fix is offered first and preferred, and clears the diagnostic', async () => {
    const uri = workspaceFile('fixes', 'reorder.py');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
    const diagnostic = await waitFor('an unreachable-handler diagnostic', () => ourDiagnostics(uri).find((d) => codeOf(d) === 'unreachable-handler'), 30_000);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, 10);
    const ours = ourQuickFixes(actions);
    assert.deepEqual(ours.map((action) => action.isPreferred === true), [true, false, false]);
    assert.equal(ours[0].title, 'Move this handler before the one that shadows it');
    assert.match(ours[1].title, /unreachable-handler/);

    assert.ok(await vscode.workspace.applyEdit(ours[0].edit!));
    assert.equal(document.getText(), fs.readFileSync(workspaceFile('fixes', 'reorder.py.fixed').fsPath, 'utf8'));
    await waitFor('the diagnostic to clear', () => (ourDiagnostics(uri).length === 0 ? true : undefined), 30_000);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a stream handed on unread: the stream-read fix is offered first and preferred, no wrap, and it clears the diagnostic', async () => {
    const uri = workspaceFile('fixes', 'stream.js');
    const { document, diagnostic } = await flaggedCall(uri);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, 10);
    const ours = ourQuickFixes(actions);
    assert.deepEqual(ours.map((action) => [action.title, action.isPreferred === true]), [
      ['Handle OpenAI errors while the stream is read', true],
      ['Ignore unhandled-call on this line', false],
      ['Ignore unhandled-call in this file', false],
    ]);
    // A try around the call, which the shared handler's fix writes, would not reach the reads.
    assert.ok(!actions.some((action) => /shared OpenAI error handler/.test(action.title)), actions.map((action) => action.title).join(' | '));

    assert.ok(await vscode.workspace.applyEdit(ours[0].edit!));
    assert.equal(document.getText(), fs.readFileSync(workspaceFile('fixes', 'stream.js.fixed').fsPath, 'utf8'));
    await waitFor('the diagnostic to clear', () => (ourDiagnostics(uri).length === 0 ? true : undefined), 30_000);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('fix-all runs on save through editor.codeActionsOnSave', async () => {
    const uri = workspaceFile('fixes', 'save.ts');
    const config = vscode.workspace.getConfiguration('editor', { languageId: 'typescript' });
    await config.update('codeActionsOnSave', { 'source.fixAll.openaiErrorGuard': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(document);
      // Saving runs the save participants only for a changed document.
      await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// saved with fix-on-save\n'));
      await document.save();
      const expected = fs.readFileSync(workspaceFile('fixes', 'save.ts.fixed').fsPath, 'utf8');
      await waitFor('the file to be fixed on save', () => (document.getText() === expected ? true : undefined), 30_000);
      assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), expected);
    } finally {
      await config.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    }
  });

  test('the lightbulb offers fix-all (after the finding\'s own actions) only when the file has two or more findings', async () => {
    const fixAllTitle = 'Fix all OpenAI error handling in this file';
    const single = workspaceFile('fixes', 'ask.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(single));
    const [lone] = await waitFor('an unhandled-call diagnostic', () => {
      const found = ourDiagnostics(single);
      return found.length > 0 ? found : undefined;
    }, 30_000);
    const singleActions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', single, lone.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(!singleActions.some((action) => action.title === fixAllTitle));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    const uri = workspaceFile('fixes', 'two.py');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitFor('two unhandled-call diagnostics', () => {
      const found = ourDiagnostics(uri);
      return found.length === 2 ? found : undefined;
    }, 30_000);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostics[0].range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((action) => action.title);
    const fixAllIndex = titles.indexOf(fixAllTitle);
    assert.ok(fixAllIndex > titles.indexOf('Wrap with OpenAI error handlers'), titles.join(' | '));
    assert.ok(fixAllIndex > titles.indexOf('Ignore unhandled-call in this file'), titles.join(' | '));
    const fixAll = actions[fixAllIndex];
    assert.equal(fixAll.kind?.value, vscode.CodeActionKind.QuickFix.value);

    await vscode.commands.executeCommand(fixAll.command!.command, ...(fixAll.command!.arguments ?? []));
    await waitFor('both diagnostics to clear', () => (ourDiagnostics(uri).length === 0 ? true : undefined), 30_000);
    assert.ok((document.getText().match(/RateLimitError/g) ?? []).length >= 2, document.getText());
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
