// The "ignore" actions: a suppression comment naming the rule, for this line or for the whole file.
import type { Finding, SourceLanguage, TextEdit } from '../types';
import { suppressionComment } from '../analysis/suppression';
import { leadingWhitespace, lineEnding, splitLines } from './text';

/** `…: ignore-next-line[rule]` on its own line above the call, indented like it (the call's line stays untouched). */
export function ignoreLineEdit(text: string, language: SourceLanguage, finding: Finding): TextEdit {
  const line = finding.range.start.line;
  const indent = leadingWhitespace(splitLines(text)[line] ?? '');
  const comment = suppressionComment(language, 'ignore-next-line', [finding.rule]);
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: indent + comment + lineEnding(text) };
}

/** `…: ignore-file[rule]` at the top, below a shebang or Python encoding line, which must stay first. */
export function ignoreFileEdit(text: string, language: SourceLanguage, finding: Finding): TextEdit {
  const lines = splitLines(text);
  let line = 0;
  while (line < Math.min(lines.length, 2) && (lines[line].startsWith('#!') || (language === 'python' && /^#.*coding[:=]/.test(lines[line])))) line++;
  const comment = suppressionComment(language, 'ignore-file', [finding.rule]);
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: comment + lineEnding(text) };
}
