// Runs fixed code for real and checks that each failure lands in its own handler and, with the default
// handler style, still propagates: JavaScript with the real `openai` npm package and Python with the real
// `openai` package (a venv, test/support/install-python-sdk.sh) against the fake OpenAI server; Python 0.x
// and 1.x also with the stand-in package of test/fixtures/pystub raising each class from a fake client.
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

  // [scenario, class that propagates, the group's log line starts with, and names]
  const expectations: [Scenario, string, string, string][] = [
    ['insufficient-quota', 'RateLimitError', 'OpenAI rate limit or quota: insufficient_quota', 'exceeded your current quota'],
    ['rate-limit', 'RateLimitError', 'OpenAI rate limit or quota: rate_limit_exceeded', 'Rate limit reached'],
    ['invalid-api-key', 'AuthenticationError', 'OpenAI rejected the API key or its permissions:', 'Incorrect API key'],
    ['server-error', 'InternalServerError', 'OpenAI unreachable or failing (the SDK retried twice):', '500'],
  ];
  for (const [scenario, raised, prefix, detail] of expectations) {
    it(`${scenario}: logged once by its group's handler, then rethrown`, async () => {
      fake.setScenario(scenario);
      const outcome = await run(fake.baseUrl, fixedModule);
      assert.equal(outcome.raised, raised);
      assert.equal(outcome.logged.length, 1, JSON.stringify(outcome.logged));
      assert.ok(outcome.logged[0].startsWith(prefix) && outcome.logged[0].includes(detail), outcome.logged[0]);
    });
  }

  it('refused connection: logged by the unavailable group, then rethrown', async () => {
    const outcome = await run(`http://127.0.0.1:${await unusedPort()}/v1`, fixedModule);
    assert.equal(outcome.raised, 'APIConnectionError');
    assert.equal(outcome.logged.length, 1);
    assert.ok(outcome.logged[0].startsWith('OpenAI unreachable or failing (the SDK retried twice):'), outcome.logged[0]);
  });

  describe('with the retryWithBackoff style (the SDK\'s own maxRetries on the request)', () => {
    let retryingModule: string;
    before(async () => {
      retryingModule = await fixedCopy(path.join(fixturesDir, 'semantics', 'ask.js'), 'javascript', 'client.chat.completions.create', 'openai-node-v4', 'retryWithBackoff');
    });

    it('a rate limit four times, then success: the SDK retries past its default two (retry-after honoured)', async () => {
      const before = fake.requests.length;
      fake.failFirst(4, 'rate-limit');
      assert.deepEqual(await run(fake.baseUrl, retryingModule), { raised: null, logged: [] });
      assert.equal(fake.requests.length - before, 5);
    });

    it('a rate limit on every attempt: one request and five retries, logged once and rethrown', async () => {
      const before = fake.requests.length;
      fake.failFirst(Infinity, 'rate-limit');
      const outcome = await run(fake.baseUrl, retryingModule);
      assert.equal(outcome.raised, 'RateLimitError');
      assert.equal(outcome.logged.length, 1);
      assert.equal(fake.requests.length - before, 6);
    });
  });
});

describe('fixes: semantics of the fixed Python with the stand-in openai package', () => {
  const scenarios: [string, string, string, string][] = [
    // [stub error, class raised by 1.x, class raised by 0.x, log message of the handler that must run]
    ['429:insufficient_quota', 'RateLimitError', 'RateLimitError', 'OpenAI rate limit or quota'],
    ['429:rate_limit_exceeded', 'RateLimitError', 'RateLimitError', 'OpenAI rate limit or quota'],
    ['401:invalid_api_key', 'AuthenticationError', 'AuthenticationError', 'OpenAI rejected the API key or its permissions'],
    ['500:server_error', 'InternalServerError', 'APIError', 'OpenAI unreachable or failing'],
    ['connection', 'APIConnectionError', 'APIConnectionError', 'OpenAI unreachable or failing'],
    ['timeout', 'APITimeoutError', 'Timeout', 'OpenAI unreachable or failing'],
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
        assert.ok(outcome.logged[0].startsWith(message), outcome.logged[0]);
        // 1.x tells quota from rate limit by the error code in the line.
        if (c.sdk === 'openai-python-v1' && stubError.startsWith('429:')) assert.ok(outcome.logged[0].includes(stubError.slice(4)), outcome.logged[0]);
      });
    }
  }
});

/**
 * The interpreter of a virtual environment holding the real `openai` package (test/support/install-python-sdk.sh
 * creates it; OEG_PYTHON_SDK points elsewhere), or undefined when there is none.
 */
function pythonWithSdk(): string | undefined {
  const named = process.env.OEG_PYTHON_SDK;
  // Named explicitly (CI does), it must be there: a missing interpreter is a broken set-up, not a reason to skip.
  if (named) {
    if (!fs.existsSync(named)) throw new Error(`OEG_PYTHON_SDK names ${named}, which does not exist`);
    return named;
  }
  const cached = path.join(os.homedir(), '.cache', 'openai-error-guard', 'python-sdk-venv', 'bin', 'python');
  return fs.existsSync(cached) ? cached : undefined;
}

describe('fixes: semantics of the fixed Python with the real openai package against the fake server', function () {
  const python = pythonWithSdk();
  let fake: FakeOpenAI;
  let compact: string;
  let retrying: string;
  let asyncCompact: string;
  before(async function () {
    if (!python) {
      // Loud, not silent: the suite runs these once test/support/install-python-sdk.sh has made the venv.
      console.warn('SKIPPED: no Python venv with the openai package; run test/support/install-python-sdk.sh');
      this.skip();
    }
    fake = await startFakeOpenAI();
    compact = await fixedCopy(path.join(fixturesDir, 'py_from_import_client.py'), 'python', 'client.chat.completions.create', 'openai-python-v1');
    retrying = await fixedCopy(path.join(fixturesDir, 'py_style_retry.py'), 'python', 'client.chat.completions.create', 'openai-python-v1', 'retryWithBackoff');
    asyncCompact = await fixedCopy(path.join(fixturesDir, 'semantics', 'ask_async.py'), 'python', 'client.chat.completions.create', 'openai-python-v1');
  });
  after(() => fake?.close());

  async function run(module: string, baseUrl = fake.baseUrl, extraEnv: Record<string, string> = {}): Promise<Outcome & { blockedMs?: number }> {
    const { stdout } = await promisify(execFile)(python!, [path.join(fixturesDir, 'semantics', 'run_fixed.py'), module], {
      env: { ...process.env, OPENAI_BASE_URL: baseUrl, OPENAI_API_KEY: 'sk-test-semantics', ...extraEnv },
      encoding: 'utf8',
    });
    return JSON.parse(stdout) as Outcome;
  }

  const expectations: [Scenario, string, string, string][] = [
    ['insufficient-quota', 'RateLimitError', 'OpenAI rate limit or quota: insufficient_quota', 'exceeded your current quota'],
    ['rate-limit', 'RateLimitError', 'OpenAI rate limit or quota: rate_limit_exceeded', 'Rate limit reached'],
    ['invalid-api-key', 'AuthenticationError', 'OpenAI rejected the API key or its permissions:', 'Incorrect API key'],
    ['server-error', 'InternalServerError', 'OpenAI unreachable or failing (the SDK retried twice):', '500'],
  ];
  for (const [scenario, raised, prefix, detail] of expectations) {
    it(`${scenario}: lands in its group's handler, logged once, re-raised`, async () => {
      fake.setScenario(scenario);
      const outcome = await run(compact);
      assert.equal(outcome.raised, raised);
      assert.equal(outcome.logged.length, 1, JSON.stringify(outcome.logged));
      assert.ok(outcome.logged[0].startsWith(prefix) && outcome.logged[0].includes(detail), outcome.logged[0]);
    });
  }

  it('refused connection: the unavailable group, after the SDK\'s own retries', async () => {
    const outcome = await run(compact, `http://127.0.0.1:${await unusedPort()}/v1`);
    assert.equal(outcome.raised, 'APIConnectionError');
    assert.deepEqual(outcome.logged.map((line) => line.split(':')[0]), ['OpenAI unreachable or failing (the SDK retried twice)']);
  });

  it('retry style: five rate limits then success; the SDK retried with_options(max_retries=5), honouring retry-after', async () => {
    const before = fake.requests.length;
    fake.failFirst(5, 'rate-limit');
    assert.deepEqual(await run(retrying), { raised: null, logged: [] });
    assert.equal(fake.requests.length - before, 6);
  });

  it('retry style: quota exhausted on every attempt ends in the rate-limit group, logged once', async () => {
    fake.failFirst(Infinity, 'insufficient-quota');
    const outcome = await run(retrying);
    assert.equal(outcome.raised, 'RateLimitError');
    assert.equal(outcome.logged.length, 1);
    assert.ok(outcome.logged[0].includes('insufficient_quota'), outcome.logged[0]);
  });

  it('async code: the handler runs inside the event loop without blocking it', async () => {
    fake.setScenario('rate-limit');
    const outcome = await run(asyncCompact, fake.baseUrl, { OEG_CHECK_EVENT_LOOP: '1' });
    assert.equal(outcome.raised, 'RateLimitError');
    assert.ok(outcome.logged.some((line) => line.startsWith('OpenAI rate limit or quota: rate_limit_exceeded')), JSON.stringify(outcome.logged));
    assert.ok(outcome.logged.includes('event loop ticked while the request was retried'), JSON.stringify(outcome.logged));
  });
});
