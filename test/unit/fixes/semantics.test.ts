// Runs fixed code for real and checks that each failure lands in its own handler and, with the default
// handler style, still propagates: JavaScript with the real `openai` npm package against the fake OpenAI
// server, Python with the stand-in package of test/fixtures/pystub raising each class from a fake client.
import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'child_process';
import { promisify } from 'util';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyEdits, fixesForFinding, type HandlerStyle } from '../../../src/core/fixes';
import { defaultHandledErrorClasses } from '../../../src/core/sdk/errorHierarchy';
import { startFakeOpenAI, unusedPort, type FakeOpenAI, type Scenario } from '../../support/fakeOpenAI';
import { findingForCall, fixturesDir, loadCases, repoRoot } from './fixtureCases';

interface Outcome {
  raised: string | null;
  logged: string[];
}

const options = { handlerStyle: 'logAndRethrow', errorClasses: defaultHandledErrorClasses } as const;
let scratch: string;

before(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'oeg-fix-semantics-'));
});
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function fixedCopy(source: string, language: 'python' | 'javascript', call: string, sdk: 'openai-python-v1' | 'openai-python-v0' | 'openai-node-v4', handlerStyle: HandlerStyle = options.handlerStyle): Promise<string> {
  const text = fs.readFileSync(source, 'utf8');
  const finding = await findingForCall(text, language, call, sdk);
  const [wrap] = await fixesForFinding(text, language, finding!, { ...options, handlerStyle });
  const target = path.join(scratch, `${handlerStyle}-${path.basename(source)}`);
  fs.writeFileSync(target, applyEdits(text, wrap.edits));
  return target;
}

describe('fixes: semantics of the fixed JavaScript with the real openai package', () => {
  let fake: FakeOpenAI;
  let fixedModule: string;
  before(async () => {
    fake = await startFakeOpenAI();
    fixedModule = await fixedCopy(path.join(fixturesDir, 'semantics', 'ask.js'), 'javascript', 'client.chat.completions.create', 'openai-node-v4');
  });
  after(() => fake.close());

  // Asynchronous on purpose: the fake server lives in this process and must keep answering meanwhile.
  async function run(baseUrl: string, module: string): Promise<Outcome> {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(fixturesDir, 'semantics', 'run_fixed.js'), module], {
      env: { ...process.env, OPENAI_BASE_URL: baseUrl, OPENAI_API_KEY: 'sk-test-semantics', NODE_PATH: path.join(repoRoot, 'node_modules') },
      encoding: 'utf8',
    });
    return JSON.parse(stdout) as Outcome;
  }

  const expectations: [Scenario, string, string][] = [
    ['insufficient-quota', 'RateLimitError', 'OpenAI quota exhausted, check plan and billing:'],
    ['rate-limit', 'RateLimitError', 'OpenAI rate limit reached:'],
    ['invalid-api-key', 'AuthenticationError', 'OpenAI rejected the API key:'],
    ['server-error', 'InternalServerError', 'OpenAI server error:'],
  ];
  for (const [scenario, raised, message] of expectations) {
    it(`${scenario}: logged by its own handler, then rethrown`, async () => {
      fake.setScenario(scenario);
      assert.deepEqual(await run(fake.baseUrl, fixedModule), { raised, logged: [message] });
    });
  }

  it('refused connection: logged by the connection handler, then rethrown', async () => {
    const outcome = await run(`http://127.0.0.1:${await unusedPort()}/v1`, fixedModule);
    assert.deepEqual(outcome, { raised: 'APIConnectionError', logged: ['Could not connect to the OpenAI API:'] });
  });

  describe('with the retryWithBackoff style', () => {
    let retryingModule: string;
    before(async () => {
      retryingModule = await fixedCopy(path.join(fixturesDir, 'semantics', 'ask.js'), 'javascript', 'client.chat.completions.create', 'openai-node-v4', 'retryWithBackoff');
    });

    it('a rate limit twice, then success: the call succeeds after two waits', async () => {
      const before = fake.requests.length;
      fake.failFirst(2, 'rate-limit');
      assert.deepEqual(await run(fake.baseUrl, retryingModule), { raised: null, logged: [] });
      assert.equal(fake.requests.length - before, 3);
    });

    it('insufficient_quota: no retry, logged as quota and rethrown', async () => {
      const before = fake.requests.length;
      fake.failFirst(2, 'insufficient-quota');
      assert.deepEqual(await run(fake.baseUrl, retryingModule), { raised: 'RateLimitError', logged: ['OpenAI quota exhausted, check plan and billing:'] });
      assert.equal(fake.requests.length - before, 1);
    });

    it('a rate limit on every attempt: gives up after three, logged once and rethrown', async () => {
      const before = fake.requests.length;
      fake.failFirst(Infinity, 'rate-limit');
      assert.deepEqual(await run(fake.baseUrl, retryingModule), { raised: 'RateLimitError', logged: ['OpenAI rate limit reached:'] });
      assert.equal(fake.requests.length - before, 3);
    });
  });
});

describe('fixes: semantics of the fixed Python with the stand-in openai package', () => {
  const scenarios: [string, string, string, string][] = [
    // [stub error, class raised by 1.x, class raised by 0.x, log message of the handler that must run]
    ['429:insufficient_quota', 'RateLimitError', 'RateLimitError', 'OpenAI quota exhausted, check plan and billing'],
    ['429:rate_limit_exceeded', 'RateLimitError', 'RateLimitError', 'OpenAI rate limit reached'],
    ['401:invalid_api_key', 'AuthenticationError', 'AuthenticationError', 'OpenAI rejected the API key'],
    ['500:server_error', 'InternalServerError', 'APIError', 'OpenAI server error'],
    ['connection', 'APIConnectionError', 'APIConnectionError', 'Could not connect to the OpenAI API'],
    ['timeout', 'APITimeoutError', 'Timeout', 'OpenAI request timed out'],
  ];
  const pythonCases = loadCases().filter((c) => c.language === 'python' && c.rule === 'unhandled-call' && c.options.handlerStyle === 'logAndRethrow' && c.options.errorClasses === defaultHandledErrorClasses && /^(async )?def ask\(\w+\):/m.test(c.text));

  it('covers both SDK generations', () => {
    assert.ok(pythonCases.some((c) => c.sdk === 'openai-python-v1'));
    assert.ok(pythonCases.some((c) => c.sdk === 'openai-python-v0'));
  });

  for (const c of pythonCases) {
    for (const [stubError, v1Class, v0Class, message] of scenarios) {
      it(`${c.name}, ${stubError}: logged by its own handler, then re-raised`, async () => {
        const fixed = await fixedCopy(c.file, 'python', c.call, c.sdk as 'openai-python-v1' | 'openai-python-v0');
        const stub = path.join(repoRoot, 'test', 'fixtures', 'pystub', c.sdk === 'openai-python-v0' ? 'v0' : 'v1');
        const result = spawnSync('python3', [path.join(fixturesDir, 'semantics', 'run_fixed.py'), fixed], {
          env: { ...process.env, PYTHONPATH: stub, OEG_STUB_ERROR: stubError },
          encoding: 'utf8',
        });
        assert.equal(result.status, 0, result.stderr);
        const outcome = JSON.parse(result.stdout) as Outcome;
        assert.equal(outcome.raised, c.sdk === 'openai-python-v0' ? v0Class : v1Class);
        assert.equal(outcome.logged.length, 1, JSON.stringify(outcome.logged));
        assert.ok(outcome.logged[0].startsWith(`${message}: `), outcome.logged[0]);
      });
    }
  }
});

describe('fixes: semantics of the retryWithBackoff style in Python with the stand-in openai package', () => {
  function run(fixed: string, stubError: string, failures: number): Outcome {
    const result = spawnSync('python3', [path.join(fixturesDir, 'semantics', 'run_fixed.py'), fixed], {
      env: { ...process.env, PYTHONPATH: path.join(repoRoot, 'test', 'fixtures', 'pystub', 'v1'), OEG_STUB_ERROR: stubError, OEG_STUB_FAILURES: String(failures) },
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as Outcome;
  }

  let fixed: string;
  before(async () => {
    fixed = await fixedCopy(path.join(fixturesDir, 'py_style_retry.py'), 'python', 'client.chat.completions.create', 'openai-python-v1', 'retryWithBackoff');
  });

  it('a rate limit twice, then success: the call succeeds', () => {
    assert.deepEqual(run(fixed, '429:rate_limit_exceeded', 2), { raised: null, logged: [] });
  });

  it('insufficient_quota: no retry, logged as quota and re-raised', () => {
    const outcome = run(fixed, '429:insufficient_quota', 2);
    assert.equal(outcome.raised, 'RateLimitError');
    assert.deepEqual(outcome.logged.map((line) => line.split(':')[0]), ['OpenAI quota exhausted, check plan and billing']);
  });

  it('a server error on every attempt: gives up after three, logged once and re-raised', () => {
    const outcome = run(fixed, '500:server_error', 99);
    assert.equal(outcome.raised, 'InternalServerError');
    assert.deepEqual(outcome.logged.map((line) => line.split(':')[0]), ['OpenAI server error']);
  });
});
