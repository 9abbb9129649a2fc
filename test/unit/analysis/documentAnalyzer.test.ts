import * as assert from 'node:assert/strict';
import { analyzeText, DocumentAnalyzer, type TextChange } from '../../../src/core/analysis';
import type { SourceLanguage } from '../../../src/core/types';
import { readFixture } from './support';

/** A small deterministic generator so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const snippets = [' ', '\n', 'x', ')', '(', 'try:\n    ', 'except Exception:\n    pass\n', '    ', ':', '"', '#', 'await ',
  'client.files.list()\n', '}', '{', 'try { ', '} catch (e) {}', '// openai-error-guard: ignore\n', 'import openai\n'];

async function assertIncrementalMatchesFull(fixture: string, language: SourceLanguage, seed: number, steps: number): Promise<void> {
  const next = random(seed);
  let text = readFixture(fixture);
  const analyzer = await DocumentAnalyzer.create(language);
  try {
    analyzer.analyze(text);
    for (let step = 0; step < steps; step++) {
      const offset = Math.floor(next() * (text.length + 1));
      const length = next() < 0.4 ? Math.min(Math.floor(next() * 12), text.length - offset) : 0;
      const change: TextChange = { rangeOffset: offset, rangeLength: length, text: next() < 0.3 ? '' : snippets[Math.floor(next() * snippets.length)] };
      text = text.slice(0, offset) + change.text + text.slice(offset + length);
      const incremental = analyzer.update([change]);
      assert.deepEqual(incremental, await analyzeText(text, language), `step ${step}: ${JSON.stringify(change)}`);
    }
  } finally {
    analyzer.dispose();
  }
}

describe('DocumentAnalyzer', () => {
  it('equals a full analysis after random Python edits', async () => {
    await assertIncrementalMatchesFull('py_self_client.py', 'python', 7, 150);
    await assertIncrementalMatchesFull('py_unreachable_timeout.py', 'python', 11, 150);
  });

  it('equals a full analysis after random TypeScript edits', async () => {
    await assertIncrementalMatchesFull('ts_partial_instanceof.ts', 'typescript', 5, 150);
    await assertIncrementalMatchesFull('ts_param_property.ts', 'typescript', 13, 150);
  });

  it('applies several changes of one event in order', async () => {
    const analyzer = await DocumentAnalyzer.create('python');
    try {
      const text = 'from openai import OpenAI\nclient = OpenAI()\n\n\n';
      analyzer.analyze(text);
      const call = 'client.files.list()\n';
      const changes: TextChange[] = [{ rangeOffset: text.length, rangeLength: 0, text: call }, { rangeOffset: text.length - 1, rangeLength: 0, text: call }];
      const findings = analyzer.update(changes);
      assert.deepEqual(findings.map((f) => f.range.start.line), [3, 5]);
    } finally {
      analyzer.dispose();
    }
  });

  it('resynchronises when the edits do not produce the expected text', async () => {
    const analyzer = await DocumentAnalyzer.create('python');
    try {
      analyzer.analyze('import openai\n');
      const expected = 'import openai\nopenai.files.list()\n';
      const findings = analyzer.update([{ rangeOffset: 0, rangeLength: 0, text: '#' }], expected);
      assert.equal(analyzer.analyzedText, expected);
      assert.equal(findings.length, 1);
    } finally {
      analyzer.dispose();
    }
  });

  it('skips binary, minified and oversized texts without parsing them', async () => {
    const analyzer = await DocumentAnalyzer.create('javascript', { maxBytes: 50_000 });
    try {
      const call = 'import OpenAI from "openai"; const c = new OpenAI(); c.files.list();';
      assert.equal(analyzer.analyze(call).length, 1);
      assert.deepEqual(analyzer.analyze(`${call}\0`), []);
      assert.deepEqual(analyzer.analyze(`${call}${' '.repeat(30_000)}${call}`), []);
      assert.deepEqual(analyzer.analyze(`${call}\n`.repeat(1000)), []);
    } finally {
      analyzer.dispose();
    }
  });

  it('refuses to be used after dispose', async () => {
    const analyzer = await DocumentAnalyzer.create('python');
    analyzer.dispose();
    assert.throws(() => analyzer.analyze('x = 1'), /dispose/);
  });

  it('keeps memory flat over many edit/re-analyse cycles', async () => {
    const text = readFixture('py_self_client.py');
    const analyzer = await DocumentAnalyzer.create('python');
    try {
      analyzer.analyze(text);
      const cycle = (count: number) => {
        for (let i = 0; i < count; i++) {
          analyzer.update([{ rangeOffset: 10, rangeLength: 0, text: ' ' }]);
          analyzer.update([{ rangeOffset: 10, rangeLength: 1, text: '' }]);
        }
      };
      cycle(200);
      const before = process.memoryUsage().rss;
      cycle(1000);
      const growth = process.memoryUsage().rss - before;
      // A leaked tree per edit costs far more than this (the WASM heap never shrinks).
      assert.ok(growth < 40 * 1024 * 1024, `RSS grew by ${Math.round(growth / 1024 / 1024)} MB`);
    } finally {
      analyzer.dispose();
    }
  });
});
