// OpenAI error text printed in the integrated terminal becomes a link; activating it shows the explanation
// panel (the same explanation as the hover, with the health-check link). VS Code hands a provider one line at
// a time, so what the rest of the terminal says is gathered as it goes by: lines shown to the provider and,
// where shell integration is active, the output of each command, until the terminal shows it is about OpenAI.
import * as vscode from 'vscode';
import { explainText, isAboutOpenAI, localizeEntry } from '../core/catalog';
import { t } from '../core/l10n';
import { explainCommand, type ExplainErrorArgs } from './explainCommand';

/** Terminal lines longer than this are looked at only this far (a minified dump is not an error line). */
const maxLineLength = 8192;
/** Command output is scanned for OpenAI evidence only this far. */
const maxScannedOutput = 1_048_576;

export class OpenAIErrorLink extends vscode.TerminalLink {
  constructor(startIndex: number, length: number, tooltip: string, readonly explain: ExplainErrorArgs) {
    super(startIndex, length, tooltip);
  }
}

/** Links OpenAI error text in terminal lines; `aboutOpenAI` holds the terminals known to be about OpenAI. */
export class OpenAIErrorLinkProvider implements vscode.TerminalLinkProvider<OpenAIErrorLink> {
  constructor(private readonly aboutOpenAI: WeakSet<vscode.Terminal> = new WeakSet()) {}

  provideTerminalLinks(context: vscode.TerminalLinkContext): OpenAIErrorLink[] {
    const line = context.line.length > maxLineLength ? context.line.slice(0, maxLineLength) : context.line;
    if (!this.aboutOpenAI.has(context.terminal) && isAboutOpenAI(line)) this.aboutOpenAI.add(context.terminal);
    const mentionsOpenAI = this.aboutOpenAI.has(context.terminal);
    const matches = explainText(line, undefined, { mentionsOpenAI });
    if (matches.length === 0) return [];
    const start = Math.min(...matches.map((match) => match.startOffset));
    const end = Math.max(...matches.map((match) => match.endOffset));
    const tooltip = t('Explain OpenAI error: {0}', localizeEntry(matches[0].entry).title);
    return [new OpenAIErrorLink(start, end - start, tooltip, { text: line, mentionsOpenAI, source: t('Terminal: {0}', context.terminal.name) })];
  }

  async handleTerminalLink(link: OpenAIErrorLink): Promise<void> {
    await vscode.commands.executeCommand(explainCommand, link.explain);
  }
}

export function registerTerminalLinks(): vscode.Disposable {
  const aboutOpenAI = new WeakSet<vscode.Terminal>();
  return vscode.Disposable.from(
    vscode.window.registerTerminalLinkProvider(new OpenAIErrorLinkProvider(aboutOpenAI)),
    vscode.window.onDidStartTerminalShellExecution((event) => void watchOutput(event, aboutOpenAI)),
  );
}

/** Marks the terminal as about OpenAI as soon as a command's output shows it (then stops reading). */
async function watchOutput(event: vscode.TerminalShellExecutionStartEvent, aboutOpenAI: WeakSet<vscode.Terminal>): Promise<void> {
  if (aboutOpenAI.has(event.terminal)) return;
  let scanned = 0;
  for await (const data of event.execution.read()) {
    if (isAboutOpenAI(data)) {
      aboutOpenAI.add(event.terminal);
      return;
    }
    scanned += data.length;
    if (scanned > maxScannedOutput || aboutOpenAI.has(event.terminal)) return;
  }
}
