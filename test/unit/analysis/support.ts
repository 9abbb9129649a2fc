// Paths and helpers shared by the analysis tests.
import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../../../src/core/types';

/** The repository root (tests run from out/test/unit/analysis). */
export const repoRoot = path.resolve(__dirname, '../../../..');
export const fixtureDir = path.join(repoRoot, 'test/fixtures/analysis');

export function readFixture(name: string): string {
  return fs.readFileSync(path.join(fixtureDir, name), 'utf8');
}

/** A compact, reviewable form of a finding: 1-based "line:col-line:col" ranges. */
export function describeFinding(finding: Finding): Record<string, unknown> {
  const at = (r: Finding['range']) => `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
  return {
    rule: finding.rule,
    range: at(finding.range),
    call: finding.call,
    sdk: finding.sdk,
    ...(finding.escaping ? { escaping: finding.escaping } : {}),
    ...(finding.handlerRange ? { handlerRange: at(finding.handlerRange) } : {}),
    message: finding.message,
  };
}

/** A small deterministic generator, so failures of randomised tests reproduce. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}
