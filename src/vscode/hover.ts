// Explains OpenAI errors under the mouse: anywhere in logs, plain text and output channels, inside strings and
// comments in code. The line under the cursor goes through the catalog matcher; the hover shows the best
// explanation of that line wherever the cursor is on the error line (in code: on the error text).
import * as vscode from 'vscode';
import { explainText, healthCheckCommand, isAboutOpenAI, renderEntryMarkdown, type CatalogMatch } from '../core/catalog';
import { isInStringOrComment, isProseLanguage } from '../core/catalog/lineRegion';
import { configSection } from './configuration';
import { registerCatalogLoader } from './catalogLoader';

const selector: vscode.DocumentSelector = [
  { scheme: 'file' },
  { scheme: 'untitled' },
  { scheme: 'vscode-remote' },
  { scheme: 'vscode-userdata' },
  { scheme: 'output' },
  { language: 'log' },
];

export function registerHover(_context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.Disposable.from(registerCatalogLoader(), vscode.languages.registerHoverProvider(selector, { provideHover }));
}

function provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  if (!vscode.workspace.getConfiguration(configSection, document.uri).get<boolean>('hover.enable', true)) return undefined;
  const line = document.lineAt(position.line);
  const prose = isProseLanguage(document.languageId) || document.uri.scheme === 'output';
  if (!prose && !isInStringOrComment(line.text, position.character, document.languageId)) return undefined;
  const matches = explainText(line.text, undefined, { mentionsOpenAI: documentAboutOpenAI(document) });
  if (matches.length === 0) return undefined;
  const range = prose ? line.range.with(line.range.start.translate(0, line.firstNonWhitespaceCharacterIndex)) : errorTextRange(matches, position.line);
  if (!range.contains(position)) return undefined;
  return new vscode.Hover(markdownFor(matches[0]), range);
}

/** In code, the error text inside the string or comment: from its first mention to its last. */
function errorTextRange(matches: readonly CatalogMatch[], line: number): vscode.Range {
  const start = Math.min(...matches.map((match) => match.start.character));
  const end = Math.max(...matches.map((match) => match.end.character));
  return new vscode.Range(line, start, line, end);
}

function markdownFor(match: CatalogMatch): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(renderEntryMarkdown(match.entry, { seen: match, commandLinks: true }));
  markdown.isTrusted = { enabledCommands: [healthCheckCommand] };
  return markdown;
}

/** Whether the document is about OpenAI: bare class names, statuses and everyday phrases need that context. */
const aboutOpenAICache = new WeakMap<vscode.TextDocument, { version: number; about: boolean }>();

function documentAboutOpenAI(document: vscode.TextDocument): boolean {
  const cached = aboutOpenAICache.get(document);
  if (cached?.version === document.version) return cached.about;
  const about = isAboutOpenAI(document.getText());
  aboutOpenAICache.set(document, { version: document.version, about });
  return about;
}
