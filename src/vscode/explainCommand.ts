// "Explain OpenAI Error…": explains the selection, or the clipboard when nothing is selected, in the
// explanation panel, and says so when the text holds no OpenAI error. Other features (terminal links, the
// debug-output watcher) run the same command with the text they found, so every path shows the same panel.
import * as path from 'path';
import * as vscode from 'vscode';
import { explainText, isAboutOpenAI } from '../core/catalog';
import { t } from '../core/l10n';
import { ExplanationPanel } from './explainPanel';

export const explainCommand = 'openaiErrorGuard.explainError';

/** Arguments for callers other than the palette: the text to explain and what is known about its document. */
export interface ExplainErrorArgs {
  text: string;
  /** Whether the text's surroundings are about OpenAI (default: whether the text itself is). */
  mentionsOpenAI?: boolean;
  /** Where the text came from, shown in the panel. */
  source?: string;
}

/** What the command found: the catalog ids, best first (empty when there was nothing to explain). */
export interface ExplainErrorResult {
  ids: string[];
}

interface Subject {
  text: string;
  mentionsOpenAI: boolean;
  source: string;
  notFound: string;
}

export function registerExplainCommand(context: vscode.ExtensionContext): vscode.Disposable {
  const panel = new ExplanationPanel(context.extensionUri);
  const command = vscode.commands.registerCommand(explainCommand, async (args?: ExplainErrorArgs): Promise<ExplainErrorResult> => {
    const subject = isExplainArgs(args) ? fromArgs(args) : (fromSelection() ?? (await fromClipboard()));
    if (subject.text.trim() === '') {
      void vscode.window.showInformationMessage(t('Nothing to explain: select the error text, or copy it to the clipboard, and run "Explain OpenAI Error…" again.'));
      return { ids: [] };
    }
    const matches = explainText(subject.text, undefined, { mentionsOpenAI: subject.mentionsOpenAI });
    if (matches.length === 0) {
      void vscode.window.showInformationMessage(subject.notFound);
      return { ids: [] };
    }
    panel.show(subject.text, matches, subject.source);
    return { ids: [...new Set(matches.map((match) => match.id))] };
  });
  return vscode.Disposable.from(command, panel);
}

function isExplainArgs(args: unknown): args is ExplainErrorArgs {
  return typeof args === 'object' && args !== null && typeof (args as ExplainErrorArgs).text === 'string';
}

function fromArgs(args: ExplainErrorArgs): Subject {
  return {
    text: args.text,
    mentionsOpenAI: args.mentionsOpenAI ?? isAboutOpenAI(args.text),
    source: args.source ?? '',
    notFound: t('No OpenAI error found in this text.'),
  };
}

function fromSelection(): Subject | undefined {
  const editor = vscode.window.activeTextEditor;
  const selected = editor?.selections.filter((selection) => !selection.isEmpty) ?? [];
  if (!editor || selected.length === 0) return undefined;
  const document = editor.document;
  return {
    text: selected.map((selection) => document.getText(selection)).join('\n'),
    mentionsOpenAI: isAboutOpenAI(document.getText()),
    source: t('Selection in {0}', path.basename(document.uri.path)),
    notFound: t('No OpenAI error found in the selection.'),
  };
}

async function fromClipboard(): Promise<Subject> {
  const text = await vscode.env.clipboard.readText();
  return { text, mentionsOpenAI: isAboutOpenAI(text), source: t('Clipboard'), notFound: t('No OpenAI error found in the clipboard.') };
}
