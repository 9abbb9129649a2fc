import * as assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/analysis/lineIndex';
import { SourceText } from '../../../src/core/analysis/sourceText';
import { random } from './support';

/** ~40 KB of lines of varied length, so the text spans several chunks. */
function sampleText(): string {
  const lines: string[] = [];
  for (let i = 0; i < 1500; i++) lines.push(`${'  '.repeat(i % 5)}value_${i} = compute(${'x'.repeat(i % 37)})`);
  return lines.join('\n') + '\n';
}

const insertions = ['', 'x', '\n', 'two\nlines\n', '\n\n\n', 'ü€', 'a'.repeat(9000), 'row\n'.repeat(3000)];

/** Random edits, applied to a SourceText and a LineIndex and to a plain string; `check` compares them. */
function editRandomly(seed: number, steps: number, check: (model: string, source: SourceText, lines: LineIndex) => void): void {
  const next = random(seed);
  let model = sampleText();
  const source = SourceText.editable(model);
  const lines = new LineIndex(model);
  for (let step = 0; step < steps; step++) {
    const start = Math.floor(next() * (model.length + 1));
    const end = Math.min(model.length, start + (next() < 0.5 ? Math.floor(next() * 20) : Math.floor(next() * 12_000)));
    const inserted = insertions[Math.floor(next() * insertions.length)];
    source.edit(start, end, inserted);
    lines.applyEdit(start, end, inserted);
    model = model.slice(0, start) + inserted + model.slice(end);
    check(model, source, lines);
  }
}

describe('SourceText', () => {
  it('keeps the text of a plain string through random edits', () => {
    editRandomly(3, 200, (model, source) => {
      assert.equal(source.length, model.length);
      assert.ok(source.equals(model));
      assert.ok(!source.equals(model + ' '));
      assert.equal(source.toString(), model);
    });
  });

  it('reads any range, and each line inside one window', () => {
    const next = random(9);
    editRandomly(5, 120, (model, source) => {
      for (let probe = 0; probe < 20; probe++) {
        const start = Math.floor(next() * (model.length + 1));
        const end = Math.min(model.length, start + Math.floor(next() * 9000));
        assert.equal(source.slice(start, end), model.slice(start, end));
        const window = source.window(start, end);
        assert.ok(window.base <= start && end <= window.base + window.text.length);
        assert.equal(window.text, model.slice(window.base, window.base + window.text.length));
        assert.equal(source.linePrefix(start), model.slice(model.lastIndexOf('\n', start - 1) + 1, start));
      }
    });
  });

  it('gives the parser the text chunk by chunk from any index', () => {
    editRandomly(7, 60, (model, source) => {
      let read = '';
      for (let piece = source.readAt(0); piece.length > 0; piece = source.readAt(read.length)) read += piece;
      assert.equal(read, model);
      const middle = Math.floor(model.length / 2);
      assert.ok(model.startsWith(source.readAt(middle), middle));
    });
  });

  it('finds a needle only in the chunks that hold it, with their offsets', () => {
    const text = sampleText();
    const source = SourceText.editable(text);
    const at = text.indexOf('value_1200 ');
    source.edit(at, at, 'needle');
    const found = [...source.chunksContaining('needle')];
    assert.equal(found.length, 1);
    assert.equal(found[0].base + found[0].text.indexOf('needle'), at);
    assert.ok(!source.includes('haystack'));
    assert.ok(source.includes('needle'));
  });

  it('survives deleting everything and typing again', () => {
    const source = SourceText.editable(sampleText());
    source.edit(0, source.length, '');
    assert.equal(source.length, 0);
    assert.equal(source.readAt(0), '');
    source.edit(0, 0, 'a\nb');
    assert.equal(source.toString(), 'a\nb');
    assert.equal(source.linePrefix(3), 'b');
  });
});

describe('LineIndex', () => {
  it('follows random edits like an index built from the edited text', () => {
    const next = random(11);
    editRandomly(13, 200, (model, _source, lines) => {
      const fresh = new LineIndex(model);
      assert.equal(lines.lineCount, fresh.lineCount);
      for (let probe = 0; probe < 30; probe++) {
        const offset = Math.floor(next() * (model.length + 1));
        assert.deepEqual(lines.positionAt(offset), fresh.positionAt(offset));
      }
    });
  });
});
