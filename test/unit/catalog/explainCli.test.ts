import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';
import { expectGolden, fixtureDir, readFixture, repoRoot } from './fixtures';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function explain(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
    readStdin: async () => options.stdin ?? '',
    stdinIsTTY: options.stdin === undefined,
    cwd: fixtureDir,
    env: options.env ?? {},
  };
  const code = await runCli(['explain', ...args], io);
  return { code, stdout, stderr };
}

describe('explain command', () => {
  it('explains TEXT arguments joined with spaces, best first, in the hover\'s words', async () => {
    const run = await explain(['openai.RateLimitError:', 'Error', 'code:', '429', '-', "{'code': 'insufficient_quota'}"]);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^At 1:52: "insufficient_quota"\nQuota exhausted \(429 insufficient_quota\)\n/);
    assert.match(run.stdout, /\n\nAt 1:1, 1:24: "openai\.RateLimitError"\nRate limit or exhausted quota \(429\)\n/);
  });

  it('reads standard input when no TEXT is given, and prints json by the contract (golden file)', async () => {
    const run = await explain(['--format', 'json'], { stdin: readFixture('sample.log') });
    assert.equal(run.code, 0);
    expectGolden('sample.explain.json', run.stdout, (actual, expected) => assert.equal(actual, expected));
    const parsed = JSON.parse(run.stdout) as { matches: Array<{ id: string; start: { line: number; character: number } }> };
    assert.equal(parsed.matches[0].id, 'context-length-exceeded');
    assert.ok(parsed.matches.every((match) => match.start.line >= 1 && match.start.character >= 1), '1-based positions');
  });

  it('says so when there is no OpenAI error, and still exits 0', async () => {
    assert.deepEqual(await explain(['all', 'good', 'status=200']), { code: 0, stdout: 'No OpenAI error found.\n', stderr: '' });
    assert.deepEqual(JSON.parse((await explain(['--format', 'json', 'fine'])).stdout), { matches: [] });
  });

  it('is a usage error without TEXT on a terminal, or with a bad flag', async () => {
    const bare = await explain([]);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /give the error text as arguments or pipe it/);
    assert.equal((await explain(['--format', 'xml', 'x'])).code, 2);
    assert.equal((await explain(['--nope', 'x'])).code, 2);
  });

  it('adds --catalog files, warns about their problems with file:line:column, and keeps going', async () => {
    const custom = await explain(['--catalog', 'custom/team.openai-errors.jsonc', '{"code": "acme_budget_exceeded"}']);
    assert.equal(custom.code, 0);
    assert.match(custom.stdout, /ACME gateway budget used up \(429 acme_budget_exceeded\)/);
    const broken = await explain(['--catalog', 'custom/malformed.openai-errors.jsonc', 'openai.APITimeoutError']);
    assert.equal(broken.code, 0);
    assert.match(broken.stderr, /^warning: custom\/malformed\.openai-errors\.jsonc:6:7: JSON syntax error: CommaExpected$/m);
    assert.match(broken.stdout, /Request timed out/);
    const missing = await explain(['--catalog', 'custom/nope.json', 'x']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read catalog file custom\/nope\.json/);
  });

  it('speaks Korean when LANG is ko', async () => {
    const run = await explain(['insufficient_quota'], { env: { LANG: 'ko_KR.UTF-8' } });
    assert.match(run.stdout, /사용 한도 소진 \(429 insufficient_quota\)/);
    assert.match(run.stdout, /해결 방법:/);
    await explain([], { env: { LANG: 'en' } }); // back to English for the other tests
  });

  it('works the same as a bundled node script, reading a pipe', function () {
    this.timeout(60_000);
    const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oeg-explain-')), 'cli.js');
    try {
      // The project's own build script, so the test runs exactly what ships.
      execFileSync(process.execPath, ['esbuild.mjs', '--outdir', path.dirname(outfile)], { cwd: repoRoot, stdio: 'pipe' });
      const result = spawnSync(process.execPath, [outfile, 'explain', '--format', 'json', '--catalog', 'custom/team.openai-errors.jsonc'], {
        cwd: fixtureDir,
        input: 'ERROR openai.APIConnectionError: Connection error.\n{"code": "acme_budget_exceeded"}\n',
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', LANG: 'C' },
      });
      assert.equal(result.status, 0, result.stderr);
      const ids = (JSON.parse(result.stdout) as { matches: Array<{ id: string }> }).matches.map((match) => match.id);
      assert.deepEqual([...new Set(ids)], ['acme-gateway-budget', 'connection-error']);
    } finally {
      fs.rmSync(path.dirname(outfile), { recursive: true, force: true });
    }
  });
});
