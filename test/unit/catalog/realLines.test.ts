// The real-lines measurement (test/fixtures/catalog/real-lines.jsonl): every line a user pasted into a public
// issue thread is explained as its thread shows, and non-OpenAI lines stay unexplained. Each line is judged
// as the hover and the terminal judge it: the line, with the evidence of the whole document around it.
import * as assert from 'node:assert/strict';
import { explainText, isAboutOpenAI } from '../../../src/core/catalog';
import { formatFigures, readRealLines, scoreRealLines } from './realLines';

function bestId(line: string, document: string): string | null {
  return explainText(line, undefined, { mentionsOpenAI: isAboutOpenAI(document) })[0]?.id ?? null;
}

describe('real error lines from public issue threads', () => {
  const lines = readRealLines();
  const { scored, figures } = scoreRealLines(lines, bestId);

  it('has a source thread and a known expectation for every line, and near-misses among them', () => {
    assert.ok(lines.length >= 100, `${lines.length} lines`);
    assert.deepEqual(lines.filter((line) => !/^https:\/\/github\.com\/[^/]+\/[^/]+\/(issues|pull)\/\d+$/.test(line.source)).map((line) => line.line), []);
    assert.ok(lines.filter((line) => line.expected === null).length >= 20, 'near-misses');
  });

  it(`explains at least 95% as expected and at most 2% wrongly (${formatFigures(figures)})`, () => {
    assert.ok(figures.expected / figures.count >= 0.95, formatFigures(figures));
    assert.ok(figures.wrong / figures.count <= 0.02, formatFigures(figures));
  });

  it(`does as well on the lines collected after the change (${formatFigures(scoreRealLines(lines.filter((line) => line.holdout), bestId).figures)})`, () => {
    const holdout = scoreRealLines(lines.filter((line) => line.holdout), bestId).figures;
    assert.ok(holdout.count >= 30, `${holdout.count} holdout lines`);
    assert.ok(holdout.expected / holdout.count >= 0.95, formatFigures(holdout));
  });

  describe('each line', () => {
    for (const entry of scored) {
      it(`${entry.expected ?? 'nothing'}: ${entry.line.slice(0, 90)}`, () => {
        if (entry.knownMiss) {
          assert.equal(entry.actual, entry.knownMiss.actual, `this known miss changed (${entry.knownMiss.why}): update real-lines.jsonl\n${entry.source}`);
        } else {
          assert.equal(entry.actual, entry.expected, `${entry.source}\n${entry.line}`);
        }
      });
    }
  });
});
