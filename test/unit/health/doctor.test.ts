// `doctor` end to end: in-process through runCli for every scenario, and once as the bundled dist/cli.js.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';
import { scenarios, startFakeOpenAI, unusedPort, type FakeOpenAI } from '../../support/fakeOpenAI';
import { startRecordingProxy, type RecordingProxy } from '../../support/recordingProxy';

const repoRoot = path.resolve(__dirname, '../../../..');
const key = 'sk-proj-DOCTORdoctorDOCTOR0123456789doct';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function doctor(args: string[], env: NodeJS.ProcessEnv, cwd = os.tmpdir()): Promise<Run> {
  return doctorCapturing(args, env, [], cwd);
}

/** Like doctor(), with standard error also collected into `stderrSoFar` as it is written. */
async function doctorCapturing(args: string[], env: NodeJS.ProcessEnv, stderrSoFar: string[], cwd = os.tmpdir()): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; stderrSoFar.push(text); },
    readStdin: () => Promise.resolve(''),
    stdinIsTTY: true,
    cwd,
    env: { LANG: 'C', ...env },
  };
  const code = await runCli(['doctor', ...args], io);
  return { code, stdout, stderr };
}

describe('doctor', () => {
  let server: FakeOpenAI;
  before(async () => { server = await startFakeOpenAI(); });
  after(() => server.close());
  beforeEach(() => server.setScenario('ok'));

  it('prints one line per step with its time, then the verdict, and exits 0 when healthy', async () => {
    const run = await doctor(['--base-url', server.baseUrl], { OPENAI_API_KEY: key });
    assert.equal(run.code, 0);
    const lines = run.stdout.split('\n');
    for (const label of ['API key', 'DNS lookup', 'TCP connect', 'List models']) {
      assert.ok(lines.some((line) => line.startsWith('✓ ' + label) && /\d+ ms/.test(line)), `${label} in\n${run.stdout}`);
    }
    assert.match(run.stdout, /sk-proj-…doct/);
    assert.match(run.stdout, /✓ Healthy/);
    assert.equal(run.stderr, '');
  });

  it('prints the verdict with the catalog cause and fix, and exits 1, for a diagnosed problem', async () => {
    server.setScenario('insufficient-quota');
    const run = await doctor(['--base-url', server.baseUrl], { OPENAI_API_KEY: key });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /✗ List models/);
    assert.match(run.stdout, /\(insufficient-quota\)/);
    assert.match(run.stdout, /Cause: .+/);
    assert.match(run.stdout, /Fix: .+/);
    assert.match(run.stdout, /Request id: req_/);
  });

  it('json: the contract of ARCHITECTURE.md', async () => {
    server.setScenario('rate-limit');
    const run = await doctor(['--format', 'json', '--base-url', server.baseUrl, '--model', 'gpt-4o-mini'], { OPENAI_API_KEY: key });
    assert.equal(run.code, 1);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.equal(result.ok, false);
    assert.equal(result.verdict, 'rate-limit');
    assert.deepEqual(result.key, { source: 'env:OPENAI_API_KEY', masked: 'sk-proj-…doct' });
    assert.deepEqual((result.steps as { name: string }[]).map((step) => step.name), ['key', 'dns', 'tcp', 'models']);
    assert.ok((result.steps as { ms: unknown }[]).every((step) => typeof step.ms === 'number'));
    assert.match(String(result.requestId), /^req_/);
    assert.equal((result.rateLimits as Record<string, string>)['limit-requests'], '3');
  });

  it('takes the key from .env in the working folder, and the base URL and organization from the environment', async () => {
    const run = await doctor(['--format', 'json'], { OPENAI_BASE_URL: server.baseUrl, OPENAI_ORG_ID: 'org-doctor' }, path.join(repoRoot, 'test/fixtures/health/dotenv-project'));
    assert.equal(run.code, 0, run.stdout);
    assert.equal((JSON.parse(run.stdout) as { key: { source: string } }).key.source, 'dotenv:OPENAI_API_KEY');
    assert.equal(server.requests.at(-1)?.headers['openai-organization'], 'org-doctor');
  });

  it('never prints the full key, whatever the scenario', async () => {
    for (const scenario of scenarios) {
      server.setScenario(scenario);
      for (const format of ['text', 'json']) {
        const run = await doctor(['--format', format, '--base-url', server.baseUrl, '--timeout', '300', '--model', 'gpt-4o-mini'], { OPENAI_API_KEY: key });
        assert.ok(!run.stdout.includes(key) && !run.stderr.includes(key), `${scenario} ${format} leaked the key`);
        assert.ok(!run.stdout.includes(key.slice(8, -4)), `${scenario} ${format} leaked part of the key`);
        assert.ok(run.code === 0 || run.code === 1, `${scenario}: exit ${run.code}`);
      }
    }
  });

  it('diagnoses a missing key and a refused connection with exit 1', async () => {
    const missing = await doctor(['--base-url', server.baseUrl], {});
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /\(missing-api-key\)/);
    const refused = await doctor(['--format', 'json', '--base-url', `http://127.0.0.1:${await unusedPort()}/v1`], { OPENAI_API_KEY: key });
    assert.equal((JSON.parse(refused.stdout) as { verdict: string }).verdict, 'connection-error');
  });

  describe('3: plain HTTP to another computer', () => {
    // The recording proxy on 127.0.0.1 stands in for the way out: whatever doctor would send goes to it.
    let proxy: RecordingProxy;
    before(async () => { proxy = await startRecordingProxy(); });
    after(() => proxy.close());
    beforeEach(() => { proxy.received.length = 0; proxy.onRequest = undefined; });

    it('is refused with exit 2 and nothing sent, unless --allow-insecure-http is given', async () => {
      const run = await doctor(['--base-url', 'http://api.corp.example/v1'], { OPENAI_API_KEY: key, HTTP_PROXY: proxy.url });
      assert.equal(run.code, 2);
      assert.deepEqual(proxy.received, []);
      assert.match(run.stderr, /plain HTTP/);
      assert.match(run.stderr, /--allow-insecure-http/);
    });

    it('with --allow-insecure-http, the warning is printed before the key is sent', async () => {
      let printedBeforeSending = '';
      const stderrSoFar: string[] = [];
      proxy.onRequest = () => { printedBeforeSending = stderrSoFar.join(''); };
      const run = await doctorCapturing(['--allow-insecure-http', '--base-url', 'http://api.corp.example/v1'], { OPENAI_API_KEY: key, HTTP_PROXY: proxy.url }, stderrSoFar);
      assert.equal(proxy.received.length, 1, 'allowed, the request went out');
      assert.match(printedBeforeSending, /plain HTTP/);
      assert.equal(run.code, 1);
    });
  });

  it('9: a --timeout beyond what a timer can hold is a usage error', async () => {
    for (const value of ['3000000000', '1e9', '-5']) {
      const run = await doctor(['--timeout', value, '--base-url', server.baseUrl], { OPENAI_API_KEY: key });
      assert.equal(run.code, 2, value);
      assert.match(run.stderr, /--timeout/);
    }
  });

  it('8: a line break in OPENAI_ORG_ID is named, and doctor does not hang', async () => {
    server.requests.length = 0;
    const run = await doctor(['--format', 'json', '--base-url', server.baseUrl], { OPENAI_API_KEY: key, OPENAI_ORG_ID: 'org-a\r\nX-Injected: yes' });
    assert.equal(run.code, 1);
    assert.equal((JSON.parse(run.stdout) as { verdict: string }).verdict, 'mismatched-organization');
    assert.equal(server.requests.length, 0);
  });

  for (const [label, args] of [
    ['an unknown flag', ['--verbose']],
    ['a bad format', ['--format', 'xml']],
    ['a bad timeout', ['--timeout', 'soon']],
    ['a zero timeout', ['--timeout', '0']],
    ['a base URL that is not a URL', ['--base-url', 'api.openai.com']],
    ['a stray argument', ['now']],
  ] as const) {
    it(`exits 2 with a one-line message on ${label}`, async () => {
      const run = await doctor([...args], { OPENAI_API_KEY: key });
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^openai-error-guard .+\n$/);
    });
  }

  it('works as the bundled dist/cli.js', async function () {
    const cli = path.join(repoRoot, 'dist/cli.js');
    if (!fs.existsSync(cli)) this.skip(); // built by `node esbuild.mjs` (npm test builds before it tests)
    server.setScenario('invalid-api-key');
    const run = promisify(execFile)(process.execPath, [cli, 'doctor', '--base-url', server.baseUrl], { env: { PATH: process.env.PATH, OPENAI_API_KEY: key, LANG: 'C' }, cwd: os.tmpdir() });
    await assert.rejects(run, (error: { code?: number; stdout?: string; stderr?: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stdout ?? '', /\(incorrect-api-key\)/);
      assert.ok(!`${error.stdout}${error.stderr}`.includes(key));
      return true;
    });
  });
});
