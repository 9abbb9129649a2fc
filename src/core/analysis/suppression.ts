// Suppression comments (ARCHITECTURE.md): `# openai-error-guard: ignore` at the end of a line,
// `…: ignore-next-line` on the line before, `…: ignore-file` anywhere; an optional rule list in brackets
// (`ignore[unhandled-call, partial-handling]`). The fixes module writes them with suppressionComment().
import type { Finding, RuleId, SourceLanguage } from '../types';
import { SourceText } from './sourceText';

export type SuppressionKind = 'ignore' | 'ignore-next-line' | 'ignore-file';

export interface Suppression {
  kind: SuppressionKind;
  /** Zero-based line of the comment. */
  line: number;
  /** The rules it names; undefined silences every rule. */
  rules?: string[];
  /** UTF-16 offset of the comment marker, so callers can check it really sits in a comment. */
  offset: number;
}

const marker = 'openai-error-guard:';

function commentPrefix(language: SourceLanguage): string {
  return language === 'python' ? '#' : '//';
}

/** The comment text for a suppression, e.g. `# openai-error-guard: ignore[unhandled-call]`. */
export function suppressionComment(language: SourceLanguage, kind: SuppressionKind, rules: readonly RuleId[] = []): string {
  const list = rules.length > 0 ? `[${rules.join(', ')}]` : '';
  return `${commentPrefix(language)} ${marker} ${kind}${list}`;
}

function suppressionPattern(language: SourceLanguage): RegExp {
  const prefix = language === 'python' ? '#' : '\\/\\/';
  return new RegExp(`${prefix}[ \\t]*openai-error-guard:[ \\t]*(ignore-file|ignore-next-line|ignore)\\b(?:\\[([^\\]\\n]*)\\])?`, 'g');
}

/**
 * Every suppression comment in the text. `isComment(offset)` confirms that a match is inside a real comment
 * (not a string); the detectors answer it from the syntax tree.
 */
export function parseSuppressions(text: string, language: SourceLanguage, isComment: (offset: number) => boolean = () => true): Suppression[] {
  return findSuppressions(SourceText.of(text), language, isComment, (offset) => lineOf(text, offset));
}

/** parseSuppressions over a chunked text; `lineAt` gives the zero-based line of an offset. */
export function findSuppressions(source: SourceText, language: SourceLanguage, isComment: (offset: number) => boolean, lineAt: (offset: number) => number): Suppression[] {
  const result: Suppression[] = [];
  // A suppression comment stays on one line, and a line never spans two chunks.
  for (const { text, base } of source.chunksContaining(marker)) {
    const pattern = suppressionPattern(language);
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const offset = base + match.index;
      if (!isComment(offset)) continue;
      const rules = match[2]?.split(',').map((rule) => rule.trim()).filter((rule) => rule.length > 0);
      result.push({ kind: match[1] as SuppressionKind, line: lineAt(offset), rules: rules && rules.length > 0 ? rules : undefined, offset });
    }
  }
  return result;
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}

function silences(suppression: Suppression, rule: RuleId): boolean {
  return suppression.rules === undefined || suppression.rules.includes(rule);
}

/**
 * Drops the findings a suppression silences. A line comment applies to findings that start on its line,
 * `ignore-next-line` to findings that start on the following line.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[]): Finding[] {
  if (suppressions.length === 0) return [...findings];
  return findings.filter((finding) => !suppressions.some((s) => {
    if (!silences(s, finding.rule)) return false;
    if (s.kind === 'ignore-file') return true;
    const line = s.kind === 'ignore' ? s.line : s.line + 1;
    return finding.range.start.line === line;
  }));
}
