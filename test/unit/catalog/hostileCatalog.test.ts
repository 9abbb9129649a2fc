// Custom catalogs and explain input built to break things (issue 10, items 11 and 12). Each must finish (mocha's
// timeout is the guard; no time is asserted) and give the right answer.
import * as assert from 'node:assert/strict';
import { builtinCatalog, explainText, formatProblem, loadCatalogFiles, localizeEntry } from '../../../src/core/catalog';
import { runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';

function catalogWith(entry: Record<string, unknown>, prefix = '') {
  return loadCatalogFiles([{ file: 'team.jsonc', text: prefix + JSON.stringify({ entries: [entry] }) }], builtinCatalog());
}

async function explainStdin(stdin: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, readStdin: async () => stdin, stdinIsTTY: false, cwd: process.cwd(), env: { LANG: 'C' } };
  const code = await runCli(['explain', ...args], io);
  return { code, stdout, stderr };
}

describe('hostile custom catalogs and explain input (issue 10)', () => {
  it('12: templates with several placeholders match 100 KB of their own separators in linear time', () => {
    const { catalog, problems } = catalogWith({ id: 'dashes', title: 'T', cause: 'C', solution: 'S', messages: ['-{a}-{b}-{c}-{d}-!', '-{x}-{x}-!'] });
    assert.deepEqual(problems, []);
    const hostile = '-'.repeat(100 * 1024);
    assert.deepEqual(explainText(hostile, catalog, { mentionsOpenAI: true }).filter((match) => match.id === 'dashes'), []);
    const [found] = explainText(`${hostile.slice(0, 1000)} -one-two-three-four-!`, catalog, { mentionsOpenAI: true }).filter((match) => match.id === 'dashes');
    assert.ok(found, 'a real occurrence is still found after the hostile run');
  });

  it('12: placeholders still match the text between their neighbours', () => {
    const [best] = explainText('Rate limit reached for gpt-4o in organization org-abc on requests per min (RPM): Limit 3, Used 3, Requested 1.');
    assert.equal(best.id, 'rate-limit');
  });

  for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    it(`12: a text field equal to "${word}" is shown as written (explain and the hover's localisation)`, async () => {
      const { catalog, problems } = catalogWith({ id: 'odd-words', title: word, cause: word, solution: word, codes: ['odd_word_code'] });
      assert.deepEqual(problems, []);
      const [match] = explainText('"code": "odd_word_code"', catalog);
      assert.equal(localizeEntry(match.entry).title, word);
    });
  }

  it('12: explain --catalog with a text field "constructor" prints it instead of failing', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oeg-cat-')), 'c.jsonc');
    fs.writeFileSync(file, JSON.stringify({ entries: [{ id: 'odd', title: 'constructor', cause: 'toString', solution: '__proto__', codes: ['odd_code'] }] }));
    const run = await explainStdin('{"code": "odd_code"}', ['--catalog', file]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /constructor/);
    assert.match(run.stdout, /__proto__/);
  });

  it('12: a catalog nested 10,000 levels deep is a problem with file and position, not a stack overflow', () => {
    const deep = `{"entries": [${'['.repeat(10_000)}${']'.repeat(10_000)}]}`;
    const { catalog, problems } = loadCatalogFiles([{ file: 'deep.jsonc', text: deep }], builtinCatalog());
    assert.equal(catalog.entries.length, builtinCatalog().entries.length);
    assert.equal(problems.length, 1);
    assert.match(formatProblem(problems[0]), /^deep\.jsonc:1:\d+: .*nest/i);
  });

  it('12: a catalog saved with a UTF-8 byte-order mark loads without a warning', () => {
    const { catalog, problems } = catalogWith({ id: 'with-bom', title: 'T', cause: 'C', solution: 'S', codes: ['bom_code'] }, '\ufeff');
    assert.deepEqual(problems, []);
    assert.ok(catalog.get('with-bom'));
  });

  it('11: explain reads the whole input: an error after the first 1,048,576 characters is found', async () => {
    const run = await explainStdin(`${'log line without errors\n'.repeat(50_000)}openai.RateLimitError: Error code: 429 - {'error': {'code': 'insufficient_quota'}}\n`);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^At 50001:/);
    assert.match(run.stdout, /insufficient_quota/);
  });
});
