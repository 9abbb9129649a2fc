// Fix-all: applies the preferred fix of every finding, one at a time with a fresh analysis in between, so
// fixes never overlap or work from stale positions (each wrap moves the lines after it).
import type { Finding, Position, SourceLanguage } from '../types';
import type { FixOptions } from './options';
import type { TextEdit } from '../types';
import { applyEdits, comparePositions, positionsAfterEdits } from './text';

export type Analyzer = (text: string, language: SourceLanguage, options: FixOptions) => Promise<Finding[]>;
export type PreferredFix = (text: string, language: SourceLanguage, finding: Finding, options: FixOptions) => Promise<{ edits: Parameters<typeof applyEdits>[1] } | undefined>;

export interface FixAllResult {
  text: string;
  applied: number;
  /** What the final analysis still reports (findings with no automatic fix). */
  remaining: Finding[];
  /** True when `isCancelled` stopped the work early: `text` then holds only the fixes applied until then. */
  cancelled: boolean;
}

/**
 * `isCancelled` is asked between fixes, so a save that times out does not leave the work running on.
 *
 * Each round computes every finding's fix against the same text. The fixes that are a single edit (nothing to
 * add at file level: the imports and logger already exist) and do not overlap go in together, checked by one
 * re-analysis; so fix-all costs a few analyses, not one per finding. Otherwise (the first fix of a file adds its
 * imports; a batch that did not clear its findings) one fix is applied, as before.
 */
export async function fixAllWith(analyze: Analyzer, preferredFix: PreferredFix, text: string, language: SourceLanguage, options: FixOptions, isCancelled: () => boolean = () => false, only?: readonly Finding[]): Promise<FixAllResult> {
  let current = text;
  let applied = 0;
  const left = new LeftAlone(only);
  const analyzeKept = async (next: string): Promise<Finding[]> => left.filter(await analyze(next, language, options));
  let findings = left.start(await analyze(current, language, options));
  // Every round either clears at least one finding or ends the loop, so it runs at most once per finding.
  const unfixable = new Set<string>();
  const keyOf = (finding: Finding): string => `${finding.rule}:${finding.call}:${JSON.stringify(finding.range)}`;
  for (let rounds = findings.length; rounds > 0; rounds--) {
    const fixes: { finding: Finding; edits: readonly TextEdit[] }[] = [];
    let stoppedEarly = false;
    for (const finding of findings) {
      if (isCancelled()) return { text: current, applied, remaining: findings, cancelled: true };
      if (unfixable.has(keyOf(finding))) continue;
      const fix = await preferredFix(current, language, finding, options);
      if (!fix) {
        unfixable.add(keyOf(finding));
        continue;
      }
      fixes.push({ finding, edits: fix.edits });
      // The file's first fix brings its imports: applied alone, it turns the others into single edits, so
      // computing them all against this text first would be wasted work.
      if (fix.edits.length > 1 && fixes.length === 1) {
        stoppedEarly = true;
        break;
      }
    }
    const batch = disjointSingleEdits(fixes.map((fix) => fix.edits));
    if (batch.length > 1) {
      const next = applyEdits(current, batch);
      left.try(current, batch, next);
      const nextFindings = await analyzeKept(next);
      if (nextFindings.length <= findings.length - batch.length) {
        left.keep();
        current = next;
        findings = nextFindings;
        applied += batch.length;
        continue;
      }
      left.undo();
    }
    let progressed = false;
    for (const { finding, edits } of fixes) {
      if (isCancelled()) return { text: current, applied, remaining: findings, cancelled: true };
      const next = applyEdits(current, edits);
      left.try(current, edits, next);
      const nextFindings = await analyzeKept(next);
      // A fix that does not clear its finding is dropped rather than applied again and again.
      if (nextFindings.length >= findings.length) {
        left.undo();
        unfixable.add(keyOf(finding));
        continue;
      }
      left.keep();
      current = next;
      findings = nextFindings;
      applied++;
      progressed = true;
      break;
    }
    // A round cut short tried one fix only: the next round goes on with the others.
    if (!progressed && !stoppedEarly) break;
  }
  return { text: current, applied, remaining: findings, cancelled: false };
}

/**
 * The findings fix-all leaves alone when it is given the ones to fix (`only`: a project-aware analysis's, which
 * drops calls every caller handles): the others, followed through each applied fix by their start.
 */
class LeftAlone {
  private current: Position[] = [];
  /** Where they stand in a text being tried, until keep() or undo() settles it. */
  private tried: Position[] | undefined;

  constructor(private readonly only: readonly Finding[] | undefined) {}

  /** The findings of the text as given, without those left alone (which it notes). */
  start(findings: Finding[]): Finding[] {
    if (!this.only) return findings;
    const wanted = new Set(this.only.map(startKey));
    this.current = findings.filter((finding) => !wanted.has(startKey(finding))).map((finding) => finding.range.start);
    return this.filter(findings);
  }

  /** The findings of the current text (or of the one being tried) that are not left alone. */
  filter(findings: Finding[]): Finding[] {
    if (!this.only) return findings;
    const left = new Set((this.tried ?? this.current).map((position) => `${position.line}:${position.character}`));
    return findings.filter((finding) => !left.has(`${finding.range.start.line}:${finding.range.start.character}`));
  }

  /** Follows them into `edited`, the text `edits` make of `text`, which is being tried. */
  try(text: string, edits: readonly TextEdit[], edited: string): void {
    if (this.only) this.tried = positionsAfterEdits(text, edits, edited, this.current).filter((position): position is Position => position !== undefined);
  }

  /** The text tried is kept. */
  keep(): void {
    if (this.tried) this.current = this.tried;
    this.tried = undefined;
  }

  /** The text tried is dropped. */
  undo(): void {
    this.tried = undefined;
  }
}

function startKey(finding: Finding): string {
  return `${finding.rule}:${finding.range.start.line}:${finding.range.start.character}`;
}

/** The one-edit fixes whose edits neither overlap nor touch one another, in order. */
function disjointSingleEdits(fixes: readonly (readonly TextEdit[])[]): TextEdit[] {
  const taken: TextEdit[] = [];
  const before = (a: TextEdit['range']['start'], b: TextEdit['range']['start']): boolean => comparePositions(a, b) < 0;
  for (const edits of fixes) {
    if (edits.length !== 1) continue;
    const [edit] = edits;
    if (taken.every((other) => before(edit.range.end, other.range.start) || before(other.range.end, edit.range.start))) taken.push(edit);
  }
  return taken;
}
