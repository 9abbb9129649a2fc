// Long runs of comment lines are blanked before a bulk parse (tree-sitter-python's scanner is quadratic on them):
// offsets stay the same, short runs and the end of a run stay as written, and the findings do not change.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { blankLongCommentRuns, longCommentRun } from '../../../src/core/analysis/commentRuns';
import { FileProcessor } from '../../../src/core/workspace/fileProcessor';

describe('long comment runs', () => {
  it('blanks the comment lines of a long run, keeping every offset and the last two lines', () => {
    const run = Array.from({ length: 100 }, (_, index) => `    # line ${index}`).join('\r\n');
    const text = `def f():\r\n${run}\r\n    return 1\r\n`;
    const blanked = blankLongCommentRuns(text);
    assert.equal(blanked.length, text.length);
    assert.deepEqual(blanked.split('\r\n').map((line) => line.length), text.split('\r\n').map((line) => line.length));
    const lines = blanked.split('\r\n');
    assert.equal(lines[1].trim(), '');
    assert.equal(lines[98].trim(), '');
    assert.equal(lines[99], '    # line 98');
    assert.equal(lines[100], '    # line 99');
    assert.equal(lines[101], '    return 1');
  });

  it('keeps suppression comments inside a run', () => {
    const text = `${'# banner\n'.repeat(40)}# openai-error-guard: ignore-file\n${'# banner\n'.repeat(40)}x = 1\n`;
    assert.ok(blankLongCommentRuns(text).includes('# openai-error-guard: ignore-file\n'));
    assert.equal(blankLongCommentRuns(text).split('# banner').length - 1, 2);
  });

  it('leaves short runs, code lines and texts without runs as they are', () => {
    const short = `${'# c\n'.repeat(longCommentRun - 1)}x = 1  # trailing\n`;
    assert.equal(blankLongCommentRuns(short), short);
    const noNewline = '# only\n'.repeat(longCommentRun) + '# last';
    assert.equal(blankLongCommentRuns(noNewline).length, noNewline.length);
    assert.ok(blankLongCommentRuns(noNewline).endsWith('# only\n# last'));
  });

  it('gives the same findings, at the same lines, for a file with thousands of comment lines', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oeg-comments-'));
    const banner = Array.from({ length: 3000 }, (_, index) => `# client.chat.completions.create(model="m${index}")`).join('\n');
    const code = 'from openai import OpenAI\n\nclient = OpenAI()\n';
    const calls = 'def ask():\n    return client.models.list()\n\n# openai-error-guard: ignore-next-line\nclient.files.list()\n';
    const plain = path.join(dir, 'plain.py');
    const long = path.join(dir, 'long.py');
    fs.writeFileSync(plain, `${code}${'\n'.repeat(3000)}\n${calls}`);
    fs.writeFileSync(long, `${code}${banner}\n\n${calls}`);
    const processor = await FileProcessor.create({ maxBytes: 1 << 20, extraClientNames: [] });
    try {
      const expected = (await processor.process({ path: plain, language: 'python', mode: 'analyze' })).findings;
      const actual = (await processor.process({ path: long, language: 'python', mode: 'analyze' })).findings;
      assert.equal(expected?.length, 1);
      assert.deepEqual(actual?.map((finding) => finding.range), expected?.map((finding) => finding.range));
    } finally {
      processor.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
