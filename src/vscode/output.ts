// The extension's one output channel, a LogOutputChannel so users can pick the level. Nothing logged here
// may contain an API key: callers pass masked keys only.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function outputChannel(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('OpenAI Error Guard', { log: true });
  return channel;
}

export function registerOutput(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('openaiErrorGuard.showOutput', () => outputChannel().show(true)),
    { dispose: () => { channel?.dispose(); channel = undefined; } },
  );
}
