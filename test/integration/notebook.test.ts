// Jupyter notebook cells are analysed like Python files: a cell's unprotected call is flagged on that cell.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor, workspaceFile } from './helpers';

function ourCodes(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === 'openai-error-guard')
    .map((diagnostic) => `${typeof diagnostic.code === 'object' ? diagnostic.code.value : String(diagnostic.code)}@${diagnostic.range.start.line}`);
}

suite('Notebook cells in a real VS Code', () => {
  let notebook: vscode.NotebookDocument;

  suiteSetup(async () => {
    await activateExtension();
    notebook = await vscode.workspace.openNotebookDocument(workspaceFile('notebook', 'ask.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the cell with an unprotected call gets the diagnostic, the protected cell none', async () => {
    const codeCells = notebook.getCells().filter((cell) => cell.kind === vscode.NotebookCellKind.Code);
    assert.equal(codeCells.length, 3);
    for (const cell of codeCells) assert.equal(cell.document.uri.scheme, 'vscode-notebook-cell');
    const [setup, ask, protectedCell] = codeCells;
    await waitFor('the diagnostic on the second code cell', () => (ourCodes(ask.document.uri).length > 0 ? true : undefined));
    assert.deepEqual(ourCodes(ask.document.uri), ['unhandled-call@0']);
    assert.deepEqual(ourCodes(setup.document.uri), []);
    assert.deepEqual(ourCodes(protectedCell.document.uri), []);
  });
});
