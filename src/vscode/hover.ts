// Explains OpenAI errors under the mouse: anywhere in logs and plain text, inside strings and comments in code.
// The line under the cursor goes through the catalog matcher; the hover shows the best explanation of that
// line when the cursor is on one of its mentions.
import * as vscode from 'vscode';
import { explainText, healthCheckCommand, mentionsOpenAI, renderEntryMarkdown, type CatalogMatch } from '../core/catalog';
import { isInStringOrComment, isProseLanguage } from '../core/catalog/lineRegion';
import { configSection } from './configuration';
import { registerCatalogLoader } from './catalogLoader';

const selector: vscode.DocumentSelector = [
  { scheme: 'file' },
  { scheme: 'untitled' },
  { scheme: 'vscode-remote' },
  { scheme: 'vscode-userdata' },
  { language: 'log' },
];

export function registerHover(_context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.Disposable.from(registerCatalogLoader(), vscode.languages.registerHoverProvider(selector, { provideHover }));
}

function provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  if (!vscode.workspace.getConfiguration(configSection, document.uri).get<boolean>('hover.enable', true)) return undefined;
  const line = document.lineAt(position.line).text;
  const prose = isProseLanguage(document.languageId);
  if (!prose && !isInStringOrComment(line, position.character, document.languageId)) return undefined;
  const matches = explainText(line, undefined, { mentionsOpenAI: documentMentionsOpenAI(document) });
  const hovered = matches.find((match) => match.start.character <= position.character && position.character < match.end.character);
  if (!hovered) return undefined;
  const best = matches[0];
  return new vscode.Hover(markdownFor(best), rangeOf(hovered, position.line));
}

function markdownFor(match: CatalogMatch): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(renderEntryMarkdown(match.entry, { seen: match, commandLinks: true }));
  markdown.isTrusted = { enabledCommands: [healthCheckCommand] };
  return markdown;
}

function rangeOf(match: CatalogMatch, line: number): vscode.Range {
  return new vscode.Range(line, match.start.character, line, match.end.character);
}

/** Whether the document says "openai" anywhere: bare class names and everyday phrases need that context. */
const openAIMentionCache = new WeakMap<vscode.TextDocument, { version: number; mentions: boolean }>();

function documentMentionsOpenAI(document: vscode.TextDocument): boolean {
  const cached = openAIMentionCache.get(document);
  if (cached?.version === document.version) return cached.mentions;
  const mentions = mentionsOpenAI(document.getText());
  openAIMentionCache.set(document, { version: document.version, mentions });
  return mentions;
}
