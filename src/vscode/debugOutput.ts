// The debug console has no hover or link API for extensions; what the API does allow is watching the output a
// debug adapter sends. When that output holds an OpenAI error, a notification offers the explanation panel,
// once per kind of error and debug session, so a retry loop does not flood the screen.
import * as vscode from 'vscode';
import { activeCatalog, localizeEntry, OutputWatcher } from '../core/catalog';
import { t } from '../core/l10n';
import { explainCommand, type ExplainErrorArgs } from './explainCommand';

interface OutputEvent {
  type: 'event';
  event: 'output';
  body: { output: string; category?: string };
}

function isOutputEvent(message: unknown): message is OutputEvent {
  const candidate = message as Partial<OutputEvent> | undefined;
  return candidate?.type === 'event' && candidate.event === 'output' && typeof candidate.body?.output === 'string';
}

export function registerDebugOutputWatcher(): vscode.Disposable {
  return vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker(session) {
      const watcher = new OutputWatcher(activeCatalog);
      return {
        onDidSendMessage(message: unknown) {
          if (!isOutputEvent(message) || message.body.category === 'telemetry') return;
          const output = message.body.output;
          const best = watcher.next(output);
          if (!best) return;
          void offerExplanation(localizeEntry(best.entry).title, { text: output, mentionsOpenAI: watcher.mentionsOpenAI, source: t('Debug console: {0}', session.name) });
        },
      };
    },
  });
}

async function offerExplanation(title: string, args: ExplainErrorArgs): Promise<void> {
  const explain = t('Explain');
  const choice = await vscode.window.showWarningMessage(t('OpenAI error in the debug output: {0}', title), explain);
  if (choice === explain) await vscode.commands.executeCommand(explainCommand, args);
}
