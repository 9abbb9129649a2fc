// The error hover inside a real VS Code: in a log file, in a Python string (and not in Python code), the
// health-check command link, the enable setting, and a custom catalog listed in the settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor, workspaceFile } from './helpers';

async function hoverText(uri: vscode.Uri, line: number, character: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character));
  return (hovers ?? []).flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : content.value)).join('\n---\n');
}

/** The character where `needle` starts on `line` of the document, plus `offset`. */
async function columnOf(uri: vscode.Uri, line: number, needle: string, offset = 1): Promise<number> {
  const document = await vscode.workspace.openTextDocument(uri);
  const column = document.lineAt(line).text.indexOf(needle);
  assert.ok(column >= 0, `"${needle}" is on line ${line + 1}`);
  return column + offset;
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('openaiErrorGuard');
}

suite('Error hover in a real VS Code', () => {
  const log = () => workspaceFile('hover', 'app.log');
  const python = () => workspaceFile('hover', 'client.py');

  suiteSetup(async () => {
    await activateExtension();
  });

  test('explains a Python 1.x error line in a .log file by its code', async () => {
    const text = await waitFor('the hover', async () => {
      const value = await hoverText(log(), 1, await columnOf(log(), 1, "'insufficient_quota'", 3));
      return value.includes('Quota exhausted') ? value : undefined;
    });
    assert.match(text, /`429` `insufficient_quota`/);
    assert.match(text, /Add credit/);
    assert.match(text, /openai\.RateLimitError/);
    assert.match(text, /platform\.openai\.com\/docs\/guides\/error-codes/);
  });

  test('explains the error line wherever the pointer is on it, not only on the code', async () => {
    const text = await waitFor('the hover', async () => {
      const value = await hoverText(log(), 1, 3);
      return value.includes('Quota exhausted') ? value : undefined;
    });
    assert.match(text, /Add credit/);
  });

  test('gives no hover of ours on ordinary log text', async () => {
    assert.doesNotMatch(await hoverText(log(), 0, await columnOf(log(), 0, 'status=200')), /What to do/);
  });

  test('explains an error inside a Python string, but not the same class name in code', async () => {
    const inString = await waitFor('the hover', async () => {
      const value = await hoverText(python(), 3, await columnOf(python(), 3, 'model_not_found', 2));
      return value.includes('Model not found') ? value : undefined;
    });
    assert.match(inString, /`404` `model_not_found`/);
    assert.doesNotMatch(await hoverText(python(), 4, await columnOf(python(), 4, 'openai.RateLimitError', 8)), /What to do/);
    assert.match(await hoverText(python(), 4, await columnOf(python(), 4, '# handled by openai.RateLimitError', 20)), /Rate limit or exhausted quota/);
  });

  test('links the health check for connection errors, and the link runs it', async () => {
    const healthCheck = vscode.workspace.getConfiguration('openaiErrorGuard.healthCheck');
    const text = await hoverText(log(), 2, await columnOf(log(), 2, 'APIConnectionError', 2));
    assert.match(text, /Connection failed/);
    const link = /\]\((command:[^)\s]+)\)/.exec(text)?.[1];
    assert.equal(link, 'command:openaiErrorGuard.checkHealth');
    const uri = vscode.Uri.parse(link);
    assert.ok((await vscode.commands.getCommands(true)).includes(uri.path), 'the linked command is registered');
    // A closed local port makes the check end quickly (and offline) in a connection verdict.
    await healthCheck.update('baseUrl', 'http://127.0.0.1:9/v1', vscode.ConfigurationTarget.Global);
    await healthCheck.update('timeoutMs', 1000, vscode.ConfigurationTarget.Global);
    try {
      const result = await vscode.commands.executeCommand<{ verdict?: string } | undefined>(uri.path);
      assert.ok(result === undefined || typeof result.verdict === 'string', 'the health check ran and returned its result');
    } finally {
      await healthCheck.update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
      await healthCheck.update('timeoutMs', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('respects openaiErrorGuard.hover.enable', async () => {
    const position = await columnOf(log(), 1, "'insufficient_quota'", 3);
    await config().update('hover.enable', false, vscode.ConfigurationTarget.Workspace);
    try {
      assert.doesNotMatch(await hoverText(log(), 1, position), /Quota exhausted/);
    } finally {
      await config().update('hover.enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the hover to come back', async () => ((await hoverText(log(), 1, position)).includes('Quota exhausted') ? true : undefined));
  });

  test('uses a custom catalog listed in openaiErrorGuard.catalog.extraFiles', async () => {
    const position = await columnOf(log(), 3, 'acme_budget_exceeded', 2);
    assert.doesNotMatch(await hoverText(log(), 3, position), /ACME/);
    await config().update('catalog.extraFiles', ['hover/team.openai-errors.jsonc'], vscode.ConfigurationTarget.Workspace);
    try {
      const text = await waitFor('the custom entry', async () => {
        const value = await hoverText(log(), 3, position);
        return value.includes('ACME gateway budget used up') ? value : undefined;
      });
      assert.match(text, /Ask the platform team/);
    } finally {
      await config().update('catalog.extraFiles', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('the custom entry to go away', async () => ((await hoverText(log(), 3, position)).includes('ACME') ? undefined : true));
  });
});
