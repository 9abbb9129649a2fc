// Explaining OpenAI errors where there is no hover, in a real VS Code: a line printed in the integrated
// terminal becomes a link whose activation opens the explanation panel; "Explain OpenAI Error…" explains the
// selection, else the clipboard, and says when there is nothing; the hover works in output channels.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OpenAIErrorLinkProvider } from '../../src/vscode/terminalLinks';
import { activateExtension, waitFor } from './helpers';

const explainCommand = 'openaiErrorGuard.explainError';
const errorLine = 'openai.RateLimitError: Error code: 429 - {"error": {"message": "You exceeded your current quota", "code": "insufficient_quota"}}';

interface ExplainResult {
  ids: string[];
}

function explanationTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('openaiErrorGuard.explanation'));
}

async function closeExplanation(): Promise<void> {
  const tab = explanationTab();
  if (tab) await vscode.window.tabGroups.close(tab);
}

/** Waits for shell integration, which lets the test read what the terminal really printed. */
function shellIntegrationOf(terminal: vscode.Terminal, timeoutMs: number): Promise<vscode.TerminalShellIntegration | undefined> {
  if (terminal.shellIntegration) return Promise.resolve(terminal.shellIntegration);
  return new Promise((resolve) => {
    const timer = setTimeout(() => { listener.dispose(); resolve(undefined); }, timeoutMs);
    const listener = vscode.window.onDidChangeTerminalShellIntegration((event) => {
      if (event.terminal !== terminal) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(event.shellIntegration);
    });
  });
}

/** Prints `line` in the terminal and returns the terminal line as the terminal shows it. */
async function printInTerminal(terminal: vscode.Terminal, line: string): Promise<string> {
  const command = `printf '%s\\n' '${line}'`;
  const shell = await shellIntegrationOf(terminal, 15_000);
  if (!shell) {
    terminal.sendText(command);
    console.log('      (no shell integration here: the test uses the line it printed as the terminal line)');
    return line;
  }
  let output = '';
  for await (const data of shell.executeCommand(command).read()) {
    output += data;
    if (output.includes('insufficient_quota"}}')) break;
  }
  // eslint-disable-next-line no-control-regex
  const printed = output.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '').split(/\r?\n/).find((candidate) => candidate.startsWith('openai.RateLimitError'));
  assert.ok(printed, `the terminal printed the error line (got ${JSON.stringify(output.slice(0, 300))})`);
  return printed;
}

suite('Explaining errors in the terminal and with "Explain OpenAI Error…"', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  teardown(closeExplanation);

  test('links an OpenAI error printed in the terminal, and the link opens the explanation', async () => {
    const terminal = vscode.window.createTerminal({ name: 'oeg-terminal-links', shellPath: '/bin/bash' });
    try {
      terminal.show();
      const line = await printInTerminal(terminal, errorLine);
      const provider = new OpenAIErrorLinkProvider();
      const links = provider.provideTerminalLinks({ line, terminal });
      assert.equal(links.length, 1);
      const linked = line.slice(links[0].startIndex, links[0].startIndex + links[0].length);
      assert.ok(linked.startsWith('openai.RateLimitError') && linked.includes('insufficient_quota'), linked);
      assert.equal(links[0].tooltip, 'Explain OpenAI error: Quota exhausted');
      assert.deepEqual(provider.provideTerminalLinks({ line: 'build 500 finished, 429 files copied', terminal }), []);

      await provider.handleTerminalLink(links[0]);
      const tab = await waitFor('the explanation panel', () => explanationTab());
      assert.equal(tab.label, 'OpenAI error explained');
      const result = await vscode.commands.executeCommand<ExplainResult>(explainCommand, links[0].explain);
      assert.equal(result.ids[0], 'insufficient-quota');
    } finally {
      terminal.dispose();
    }
  });

  test('explains the selection, and says when the selection holds no OpenAI error', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: `all good here\nERROR ${errorLine}\n` });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(1, 0, 1, document.lineAt(1).text.length);
    const found = await vscode.commands.executeCommand<ExplainResult>(explainCommand);
    assert.equal(found.ids[0], 'insufficient-quota');
    await waitFor('the explanation panel', () => explanationTab());
    await closeExplanation();

    editor.selection = new vscode.Selection(0, 0, 0, document.lineAt(0).text.length);
    assert.deepEqual(await vscode.commands.executeCommand<ExplainResult>(explainCommand), { ids: [] });
    assert.equal(explanationTab(), undefined);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('explains the clipboard when nothing is selected', async function () {
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'nothing selected here' });
    await vscode.window.showTextDocument(document);
    try {
      await vscode.env.clipboard.writeText('openai.APIConnectionError: Connection error.');
    } catch {
      // Headless browsers may refuse clipboard access.
    }
    if ((await vscode.env.clipboard.readText()) !== 'openai.APIConnectionError: Connection error.') {
      console.log('      (this host gives no clipboard access to the test)');
      this.skip();
    }
    const result = await vscode.commands.executeCommand<ExplainResult>(explainCommand);
    assert.equal(result.ids[0], 'connection-error');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('explains the whole error line on hover, also in an output channel', async function () {
    const channel = vscode.window.createOutputChannel('OEG hover test');
    try {
      channel.appendLine(`2026-08-01 10:00:01 ERROR ${errorLine}`);
      channel.show(true);
      const document = await waitFor('the output channel document', () => vscode.workspace.textDocuments
        .find((candidate) => candidate.uri.scheme === 'output' && candidate.getText().includes('insufficient_quota')), 10_000).catch(() => undefined);
      if (!document) {
        console.log('      (this host does not expose output channels as text documents)');
        this.skip();
      }
      const text = await waitFor('the hover', async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(document.lineCount - 2, 3));
        const value = (hovers ?? []).flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
        return value.includes('Quota exhausted') ? value : undefined;
      });
      assert.match(text, /Add credit/);
    } finally {
      channel.dispose();
    }
  });
});
