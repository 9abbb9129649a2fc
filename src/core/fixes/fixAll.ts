// Fix-all: applies the preferred fix of every finding, one at a time with a fresh analysis in between, so
// fixes never overlap or work from stale positions (each wrap moves the lines after it).
import type { Finding, SourceLanguage } from '../types';
import type { FixOptions } from './options';
import { applyEdits } from './text';

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

/** `isCancelled` is asked between fixes, so a save that times out does not leave the work running on. */
export async function fixAllWith(analyze: Analyzer, preferredFix: PreferredFix, text: string, language: SourceLanguage, options: FixOptions, isCancelled: () => boolean = () => false): Promise<FixAllResult> {
  let current = text;
  let applied = 0;
  let findings = await analyze(current, language, options);
  // Every round either clears at least one finding or ends the loop, so it runs at most once per finding.
  const unfixable = new Set<string>();
  for (let rounds = findings.length; rounds > 0; rounds--) {
    let progressed = false;
    for (const finding of findings) {
      if (isCancelled()) return { text: current, applied, remaining: findings, cancelled: true };
      const key = `${finding.rule}:${finding.call}:${JSON.stringify(finding.range)}`;
      if (unfixable.has(key)) continue;
      const fix = await preferredFix(current, language, finding, options);
      if (!fix) {
        unfixable.add(key);
        continue;
      }
      const next = applyEdits(current, fix.edits);
      const nextFindings = await analyze(next, language, options);
      // A fix that does not clear its finding is dropped rather than applied again and again.
      if (nextFindings.length >= findings.length) {
        unfixable.add(key);
        continue;
      }
      current = next;
      findings = nextFindings;
      applied++;
      progressed = true;
      break;
    }
    if (!progressed) break;
  }
  return { text: current, applied, remaining: findings, cancelled: false };
}
