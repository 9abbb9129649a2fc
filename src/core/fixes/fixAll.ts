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
  /** What the final analysis still reports (findings with no automatic fix, or left by the bound). */
  remaining: Finding[];
}

export async function fixAllWith(analyze: Analyzer, preferredFix: PreferredFix, text: string, language: SourceLanguage, options: FixOptions): Promise<FixAllResult> {
  let current = text;
  let applied = 0;
  let findings = await analyze(current, language, options);
  // Findings whose fix is unavailable are skipped by their position in the stable text order; the bound
  // guarantees termination even if a fix ever failed to clear its finding.
  const bound = findings.length * 2 + 4;
  const unfixable = new Set<string>();
  for (let round = 0; round < bound; round++) {
    let progressed = false;
    for (const finding of findings) {
      const key = `${finding.rule}:${finding.call}:${JSON.stringify(finding.range)}`;
      if (unfixable.has(key)) continue;
      const fix = await preferredFix(current, language, finding, options);
      if (!fix) {
        unfixable.add(key);
        continue;
      }
      current = applyEdits(current, fix.edits);
      applied++;
      progressed = true;
      break;
    }
    if (!progressed) break;
    findings = await analyze(current, language, options);
  }
  return { text: current, applied, remaining: findings };
}
