// The health check inside a real VS Code, against the fake OpenAI server started by the test itself: the key
// set with "Set API Key" is used and never returned in full, and the verdict follows the server's scenario.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HealthResult } from '../../src/core/health';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI';
import { activateExtension, waitFor } from './helpers';

const key = 'sk-proj-INTEGRATIONintegration0123456789intg';

function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('openaiErrorGuard.healthCheck');
}

function checkHealth(args?: { showReport?: boolean }): Thenable<HealthResult | undefined> {
  return vscode.commands.executeCommand<HealthResult | undefined>('openaiErrorGuard.checkHealth', args);
}

suite('Health check in a real VS Code', () => {
  let server: FakeOpenAI;

  suiteSetup(async () => {
    await activateExtension();
    server = await startFakeOpenAI();
    // User settings: a workspace cannot choose where the key goes unless it is trusted, the user always can.
    await settings().update('baseUrl', server.baseUrl, vscode.ConfigurationTarget.Global);
    await settings().update('timeoutMs', 3000, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('openaiErrorGuard.setApiKey', key), true);
  });

  suiteTeardown(async () => {
    await settings().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('timeoutMs', undefined, vscode.ConfigurationTarget.Global);
    await settings().update('model', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('openaiErrorGuard.clearApiKey');
    await server.close();
  });

  setup(() => server.setScenario('ok'));

  test('a healthy account: verdict ok, with the stored key, shown masked only', async () => {
    const result = await checkHealth();
    assert.ok(result, 'the command returns the result');
    assert.equal(result.verdict, 'ok', JSON.stringify(result.steps));
    assert.deepEqual(result.key, { source: 'secret-storage', masked: 'sk-proj-…intg' });
    assert.deepEqual(result.steps.map((step) => step.name), ['key', 'dns', 'tcp', 'models']);
    assert.equal(server.requests.at(-1)?.headers.authorization, `Bearer ${key}`);
    assert.ok(!JSON.stringify(result).includes(key));
  });

  test('quota exhausted: verdict insufficient-quota, and the report opens beside the editor', async () => {
    server.setScenario('insufficient-quota');
    const result = await checkHealth({ showReport: true });
    assert.equal(result?.verdict, 'insufficient-quota');
    assert.ok(!JSON.stringify(result).includes(key));
    await waitFor('the report view', () => vscode.window.tabGroups.all.flatMap((group) => group.tabs)
      .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('openaiErrorGuard.healthReport')));
  });

  test('an incorrect key and a configured model that does not exist get their own verdicts', async () => {
    server.setScenario('invalid-api-key');
    assert.equal((await checkHealth())?.verdict, 'incorrect-api-key');
    server.setScenario('ok');
    await settings().update('model', 'gpt-9-imaginary', vscode.ConfigurationTarget.Global);
    try {
      const result = await checkHealth();
      assert.equal(result?.verdict, 'model-not-found');
      assert.deepEqual(result?.model, { name: 'gpt-9-imaginary', available: false });
    } finally {
      await settings().update('model', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('a server that never answers ends in timeout', async () => {
    server.setScenario('hang');
    await settings().update('timeoutMs', 500, vscode.ConfigurationTarget.Global);
    try {
      assert.equal((await checkHealth())?.verdict, 'timeout');
    } finally {
      await settings().update('timeoutMs', 3000, vscode.ConfigurationTarget.Global);
    }
  });

  test('"Set API Key" refuses a malformed key and keeps the stored one', async () => {
    assert.equal(await vscode.commands.executeCommand('openaiErrorGuard.setApiKey', `"${key}"`), false);
    assert.equal((await checkHealth())?.key?.source, 'secret-storage');
  });

  test('after "Clear API Key" the stored key is no longer used', async function () {
    await vscode.commands.executeCommand('openaiErrorGuard.clearApiKey');
    try {
      const result = await checkHealth();
      assert.notEqual(result?.key?.source, 'secret-storage');
      if (!process.env.OPENAI_API_KEY) assert.equal(result?.verdict, 'missing-api-key');
    } finally {
      await vscode.commands.executeCommand('openaiErrorGuard.setApiKey', key);
    }
  });
});
