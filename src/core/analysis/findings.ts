// Turns offset-located findings into the public Finding shape and applies suppression comments.
import type { Finding, Position, SourceLanguage } from '../types';
import type { LocatedFinding } from './detector';
import type { LineIndex } from './lineIndex';
import type { SourceText } from './sourceText';
import { applySuppressions, findSuppressions } from './suppression';

export function toFinding(located: LocatedFinding, lines: LineIndex): Finding {
  const { start, end, handlerStart, handlerEnd, ...rest } = located;
  const result: Finding = { ...rest, range: lines.rangeAt(start, end) };
  if (handlerStart !== undefined && handlerEnd !== undefined) result.handlerRange = lines.rangeAt(handlerStart, handlerEnd);
  return result;
}

function isAt(position: Position | undefined, offset: number | undefined, lines: LineIndex): boolean {
  if (position === undefined || offset === undefined) return position === undefined && offset === undefined;
  const line = lines.lineAt(offset);
  return position.line === line && position.character === offset - lines.lineStart(line);
}

/** Whether a Finding made earlier still says where a located finding is (an edit elsewhere left its lines alone). */
function describes(finding: Finding, located: LocatedFinding, lines: LineIndex): boolean {
  return isAt(finding.range.start, located.start, lines) && isAt(finding.range.end, located.end, lines)
    && isAt(finding.handlerRange?.start, located.handlerStart, lines) && isAt(finding.handlerRange?.end, located.handlerEnd, lines);
}

/**
 * The public findings, without the suppressed ones. `published[i]` is the Finding handed out last time for
 * `located[i]` (kept in step by the caller; filled in here): an open document re-publishes after every edit,
 * and most findings have not moved.
 */
export function locateFindings(located: readonly LocatedFinding[], source: SourceText, language: SourceLanguage, isComment: (offset: number) => boolean, lines: LineIndex, published?: (Finding | undefined)[]): Finding[] {
  const findings: Finding[] = new Array(located.length);
  for (let index = 0; index < located.length; index++) {
    const item = located[index];
    let finding = published?.[index];
    if (!finding || !describes(finding, item, lines)) {
      finding = toFinding(item, lines);
      if (published) published[index] = finding;
    }
    findings[index] = finding;
  }
  const suppressions = findSuppressions(source, language, isComment, (offset) => lines.lineAt(offset));
  return suppressions.length === 0 ? findings : applySuppressions(findings, suppressions);
}
