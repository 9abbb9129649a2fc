// Real error lines that users pasted into public issue threads (test/fixtures/catalog/real-lines.jsonl), each
// with the catalog id it should be explained as (null: not an OpenAI error, must stay unexplained) and the
// thread it came from. `context` holds another line of the same paste when the line alone does not show
// where it came from; it stands for the rest of the document, as the hover and the terminal see it.
// `holdout` lines were collected after the matcher was changed for the others, to measure what it was not
// tuned for; `knownMiss` records a line the matcher still gets wrong, what it says instead, and why.
import * as fs from 'fs';
import { fixturePath } from './fixtures';

export interface RealLine {
  line: string;
  expected: string | null;
  source: string;
  context?: string;
  holdout?: boolean;
  knownMiss?: { actual: string | null; why: string };
}

export type Outcome = 'expected' | 'wrong' | 'unexplained';

export interface Scored extends RealLine {
  actual: string | null;
  outcome: Outcome;
}

export interface Figures {
  count: number;
  expected: number;
  wrong: number;
  unexplained: number;
}

export function readRealLines(): RealLine[] {
  return fs.readFileSync(fixturePath('real-lines.jsonl'), 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as RealLine);
}

/** The document a line appears in: its context lines, then the line itself. */
export function documentOf(real: RealLine): string {
  return real.context === undefined ? real.line : `${real.context}\n${real.line}`;
}

/**
 * Scores one explainer: `bestId(line, document)` is the id it shows for `line` inside `document`, or null.
 * A wrong explanation of an OpenAI error and any explanation of a non-OpenAI line both count as wrong.
 */
export function scoreRealLines(lines: readonly RealLine[], bestId: (line: string, document: string) => string | null): { scored: Scored[]; figures: Figures } {
  const scored = lines.map((real): Scored => {
    const actual = bestId(real.line, documentOf(real));
    const outcome: Outcome = actual === real.expected ? 'expected' : actual === null ? 'unexplained' : 'wrong';
    return { ...real, actual, outcome };
  });
  const count = (outcome: Outcome) => scored.filter((entry) => entry.outcome === outcome).length;
  return { scored, figures: { count: scored.length, expected: count('expected'), wrong: count('wrong'), unexplained: count('unexplained') } };
}

export function formatFigures(figures: Figures): string {
  const percent = (part: number) => `${((100 * part) / figures.count).toFixed(1)}%`;
  return `${figures.count} real lines: ${figures.expected} expected (${percent(figures.expected)}), ${figures.wrong} wrong (${percent(figures.wrong)}), ${figures.unexplained} unexplained (${percent(figures.unexplained)})`;
}
