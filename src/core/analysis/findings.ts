// Turns offset-located findings into the public Finding shape and applies suppression comments.
import type { Finding, SourceLanguage } from '../types';
import type { LocatedFinding } from './detector';
import { LineIndex } from './lineIndex';
import { applySuppressions, parseSuppressions } from './suppression';

export function toFinding(located: LocatedFinding, lines: LineIndex): Finding {
  const { start, end, handlerStart, handlerEnd, ...rest } = located;
  const result: Finding = { ...rest, range: lines.rangeAt(start, end) };
  if (handlerStart !== undefined && handlerEnd !== undefined) result.handlerRange = lines.rangeAt(handlerStart, handlerEnd);
  return result;
}

export function locateFindings(located: readonly LocatedFinding[], text: string, language: SourceLanguage, isComment: (offset: number) => boolean, lines = new LineIndex(text)): Finding[] {
  const findings = located.map((item) => toFinding(item, lines));
  return applySuppressions(findings, parseSuppressions(text, language, isComment));
}
