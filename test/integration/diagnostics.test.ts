import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor, workspaceFile } from './helpers';

const source = 'openai-error-guard';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === source);
}

function summary(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((d) => `${typeof d.code === 'object' ? d.code.value : d.code}@${d.range.start.line}:${d.range.start.character}/${vscode.DiagnosticSeverity[d.severity]}`).sort();
}

/** Waits until our diagnostics for the document equal `expected` (they arrive after a debounce). */
function waitForDiagnostics(uri: vscode.Uri, expected: string[]): Promise<true> {
  return waitFor(`diagnostics ${JSON.stringify(expected)}`, () => (JSON.stringify(summary(ours(uri))) === JSON.stringify([...expected].sort()) ? true : undefined));
}

suite('Diagnostics in a real VS Code', () => {
  const uri = workspaceFile('analysis', 'service.py');
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    await activateExtension();
    document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('opening a file shows its findings, with rule codes linking to the docs', async () => {
    await waitForDiagnostics(uri, ['unhandled-call@7:11/Warning', 'partial-handling@12:15/Warning']);
    const unhandled = ours(uri).find((d) => typeof d.code === 'object' && d.code.value === 'unhandled-call');
    assert.ok(unhandled && typeof unhandled.code === 'object');
    assert.equal(unhandled.code.target.toString(true), 'https://github.com/openai-error-guard/openai-error-guard#rule-unhandled-call');
    assert.match(unhandled.message, /client\.chat\.completions\.create can fail/);
  });

  test('editing the file updates them', async () => {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(16, 0), '\n\ndef files():\n    return client.files.list()\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(uri, ['unhandled-call@7:11/Warning', 'partial-handling@12:15/Warning', 'unhandled-call@18:11/Warning']);
  });

  test('a suppression comment removes one', async () => {
    const line = document.lineAt(7);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, line.range.end, '  # openai-error-guard: ignore[unhandled-call]');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(uri, ['partial-handling@12:15/Warning', 'unhandled-call@18:11/Warning']);
  });

  test('the severity setting changes one, and "off" hides it', async () => {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    assert.ok(folder);
    const config = vscode.workspace.getConfiguration('openaiErrorGuard', folder.uri);
    const previous = config.inspect('severity')?.workspaceFolderValue;
    try {
      await config.update('severity', { 'partial-handling': 'error' }, vscode.ConfigurationTarget.WorkspaceFolder);
      await waitForDiagnostics(uri, ['partial-handling@12:15/Error', 'unhandled-call@18:11/Warning']);
      await config.update('severity', { 'partial-handling': 'off' }, vscode.ConfigurationTarget.WorkspaceFolder);
      await waitForDiagnostics(uri, ['unhandled-call@18:11/Warning']);
    } finally {
      await config.update('severity', previous, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await waitForDiagnostics(uri, ['partial-handling@12:15/Warning', 'unhandled-call@18:11/Warning']);
  });
});

suite('Diagnostics follow the tabs', () => {
  const uri = workspaceFile('analysis', 'tabs.py');
  const expected = ['unhandled-call@6:11/Warning'];

  suiteSetup(activateExtension);

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  function tabOf(target: vscode.Uri): vscode.Tab | undefined {
    return vscode.window.tabGroups.all.flatMap((group) => group.tabs)
      .find((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === target.toString());
  }

  test('closing the last tab of a file clears its diagnostics', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
    await waitForDiagnostics(uri, expected);
    const tab = tabOf(uri);
    assert.ok(tab, 'the file is shown in a tab');
    assert.ok(await vscode.window.tabGroups.close(tab));
    await waitForDiagnostics(uri, []);
  });

  test('showing the file again brings them back', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
    await waitForDiagnostics(uri, expected);
  });
});

suite('Diagnostics respect test idioms', () => {
  const uri = workspaceFile('analysis', 'test_expected_failures.py');

  suiteSetup(activateExtension);

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a call under pytest.raises shows none; removing the idiom brings it back', async () => {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
    await waitForDiagnostics(uri, ['unhandled-call@13:11/Warning']);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, document.lineAt(8).range, '    if True:');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(uri, ['unhandled-call@9:8/Warning', 'unhandled-call@13:11/Warning']);
  });
});

suite('Diagnostics leave the SDK\'s own sources alone', () => {
  const sdkSource = workspaceFile('sdk-package', 'src', 'resources', 'completions.ts');
  const sdkTest = workspaceFile('sdk-package', 'tests', 'completions.test.ts');
  const otherSource = workspaceFile('other-package', 'src', 'resources', 'completions.ts');

  suiteSetup(activateExtension);

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('in the package named openai, src/ gets no diagnostic and no fix-all, its tests do; another package\'s src/ does', async () => {
    for (const uri of [sdkSource, sdkTest, otherSource]) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    await waitForDiagnostics(sdkTest, ['unhandled-call@5:8/Warning']);
    await waitForDiagnostics(otherSource, ['unhandled-call@7:11/Warning']);
    assert.deepEqual(summary(ours(sdkSource)), []);
    const fixAll = (uri: vscode.Uri) => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri,
      new vscode.Range(0, 0, 0, 0), 'source.fixAll.openaiErrorGuard');
    assert.deepEqual((await fixAll(sdkSource)).filter((action) => action.kind?.value === 'source.fixAll.openaiErrorGuard'), []);
    assert.equal((await fixAll(otherSource)).filter((action) => action.kind?.value === 'source.fixAll.openaiErrorGuard').length, 1);
  });
});
