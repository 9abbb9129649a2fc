// Inputs built to make a backtracking pattern blow up: each must finish (mocha's timeout is the guard; speed
// itself is measured in bench/catalog.ts, not asserted) and still find what is really there.
import * as assert from 'node:assert/strict';
import { explainText, builtinCatalog } from '../../../src/core/catalog';
import { adversarialInputs, realisticLine } from './inputs';

describe('catalog matcher on adversarial input', () => {
  for (const input of adversarialInputs()) {
    it(`completes on ${input.name} (${Math.round(input.text.length / 1024)} KB)`, () => {
      const matches = explainText(input.text);
      assert.ok(Array.isArray(matches));
    });
  }

  it('finds the one real error at the end of a 100 KB line', () => {
    const line = realisticLine(100 * 1024);
    const [best] = explainText(line);
    assert.equal(best.id, 'insufficient-quota');
    assert.equal(best.start.line, 0);
    assert.ok(best.start.character > 99 * 1024);
  });

  it('finds nothing in the runs of spaces, digits, quotes and braces', () => {
    for (const name of ['spaces', 'digits', 'quotes', 'nested braces', 'binary']) {
      const input = adversarialInputs().find((candidate) => candidate.name === name);
      assert.deepEqual(explainText(input?.text ?? '').length, 0, name);
    }
  });

  it('scans only up to the cap and returns at most maxMatches', () => {
    const many = "openai.APITimeoutError\n".repeat(5000);
    const capped = explainText(many, builtinCatalog(), { maxChars: 230 });
    assert.equal(capped.length, 10);
    assert.equal(explainText(many, builtinCatalog(), { maxMatches: 3 }).length, 3);
  });

  it('does not throw on lone surrogates and NUL characters', () => {
    assert.doesNotThrow(() => explainText('\ud800\u0000openai.RateLimitError\udfff'));
    assert.equal(explainText('\ud800\u0000openai.RateLimitError\udfff')[0].id, 'rate-limit-or-quota');
  });
});
