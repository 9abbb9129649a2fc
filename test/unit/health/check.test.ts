// The whole check against the fake OpenAI server: every scenario ends in its verdict, failures at each layer
// (DNS, TCP, TLS, timeout) are named after that layer, and the full key appears nowhere in the result.
import * as assert from 'node:assert/strict';
import { runHealthCheck, HealthCheckCancelled, type HealthCheckOptions, type HealthResult } from '../../../src/core/health';
import { startFakeOpenAI, unusedPort, type FakeOpenAI, type Scenario } from '../../support/fakeOpenAI';

export const testKey = 'sk-proj-TESTkeyTESTkeyTESTkey0123456789wxyz';

function stepNames(result: HealthResult): string[] {
  return result.steps.map((step) => `${step.name}:${step.ok ? 'ok' : 'failed'}`);
}

describe('health check against the fake OpenAI server', () => {
  let server: FakeOpenAI;
  const check = (extra: Partial<HealthCheckOptions> = {}) => runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: testKey }, timeoutMs: 2000, ...extra });

  before(async () => { server = await startFakeOpenAI(); });
  after(() => server.close());
  beforeEach(() => { server.setScenario('ok'); server.requests.length = 0; });

  it('a healthy account passes every step and reports the request id and rate limits', async () => {
    const result = await check();
    assert.equal(result.verdict, 'ok');
    assert.equal(result.ok, true);
    assert.deepEqual(stepNames(result), ['key:ok', 'dns:ok', 'tcp:ok', 'models:ok']);
    assert.deepEqual(result.key, { source: 'env:OPENAI_API_KEY', masked: 'sk-proj-…wxyz' });
    assert.match(result.requestId ?? '', /^req_/);
    assert.equal(result.rateLimits?.['remaining-requests'], '499');
    assert.equal(result.status, 200);
    assert.deepEqual(result.warnings, []);
    for (const step of result.steps) assert.ok(Number.isInteger(step.ms) && step.ms >= 0);
    assert.equal(server.requests[0].url, '/v1/models');
    assert.equal(server.requests[0].headers.authorization, `Bearer ${testKey}`);
  });

  it('sends the organization and project headers when configured', async () => {
    await check({ organization: 'org-123', project: 'proj_456' });
    assert.equal(server.requests[0].headers['openai-organization'], 'org-123');
    assert.equal(server.requests[0].headers['openai-project'], 'proj_456');
  });

  const expected: [Scenario, string][] = [
    ['invalid-api-key', 'incorrect-api-key'],
    ['missing-api-key', 'missing-api-key'],
    ['no-organization', 'no-organization'],
    ['mismatched-organization', 'mismatched-organization'],
    ['missing-scope', 'missing-scope'],
    ['ip-not-authorized', 'ip-not-authorized'],
    ['unsupported-region', 'unsupported-region'],
    ['model-not-found', 'model-not-found'],
    ['context-length-exceeded', 'context-length-exceeded'],
    ['insufficient-quota', 'insufficient-quota'],
    ['rate-limit', 'rate-limit'],
    ['server-error', 'server-error'],
    ['engine-overloaded', 'engine-overloaded'],
    ['service-unavailable', 'service-unavailable'],
    ['slow-down', 'slow-down'],
    ['bad-gateway-html', 'bad-gateway'],
    ['not-json-error', 'server-error'],
    ['not-json', 'api-error'],
  ];
  for (const [scenario, verdict] of expected) {
    it(`${scenario} → ${verdict}, and the key is never shown in full`, async () => {
      server.setScenario(scenario);
      const result = await check();
      assert.equal(result.verdict, verdict);
      assert.equal(result.ok, false);
      assert.deepEqual(stepNames(result), ['key:ok', 'dns:ok', 'tcp:ok', 'models:failed']);
      assert.ok(result.detail, 'a failure says what happened');
      assert.ok(!JSON.stringify(result).includes(testKey));
    });
  }

  it('keeps the rate-limit headers and retry-after of a 429', async () => {
    server.setScenario('rate-limit');
    const result = await check();
    assert.equal(result.rateLimits?.['remaining-requests'], '0');
    assert.equal(result.rateLimits?.['retry-after'], '1');
  });

  it('checks a configured model: available, or model-not-found', async () => {
    const available = await check({ model: 'gpt-4o-mini' });
    assert.equal(available.verdict, 'ok');
    assert.deepEqual(available.model, { name: 'gpt-4o-mini', available: true });
    assert.deepEqual(stepNames(available), ['key:ok', 'dns:ok', 'tcp:ok', 'models:ok', 'model:ok']);
    assert.equal(server.requests[1].url, '/v1/models/gpt-4o-mini');
    const missing = await check({ model: 'gpt-9-turbo' });
    assert.equal(missing.verdict, 'model-not-found');
    assert.deepEqual(missing.model, { name: 'gpt-9-turbo', available: false });
    assert.equal(missing.steps.at(-1)?.name, 'model');
  });

  it('a server that never answers ends in timeout within the step limit', async () => {
    server.setScenario('hang');
    const result = await check({ timeoutMs: 300 });
    assert.equal(result.verdict, 'timeout');
    assert.equal(result.steps.at(-1)?.name, 'models');
    assert.match(result.detail ?? '', /300 ms/);
  });

  it('a slow answer within the limit still passes', async () => {
    const slow = await startFakeOpenAI({ scenario: 'slow', slowMs: 100 });
    try {
      const result = await runHealthCheck({ baseUrl: slow.baseUrl, env: { OPENAI_API_KEY: testKey }, timeoutMs: 5000 });
      assert.equal(result.verdict, 'ok');
    } finally {
      await slow.close();
    }
  });

  it('cancelling stops the check with HealthCheckCancelled', async () => {
    server.setScenario('hang');
    const controller = new AbortController();
    const running = check({ timeoutMs: 60_000, signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(running, HealthCheckCancelled);
  });

  it('a refused port ends in connection-error at the TCP step', async () => {
    const result = await runHealthCheck({ baseUrl: `http://127.0.0.1:${await unusedPort()}/v1`, env: { OPENAI_API_KEY: testKey } });
    assert.equal(result.verdict, 'connection-error');
    assert.deepEqual(stepNames(result), ['key:ok', 'dns:ok', 'tcp:failed']);
    assert.match(result.detail ?? '', /ECONNREFUSED/);
  });

  it('a name that does not resolve ends in dns-error', async () => {
    const result = await runHealthCheck({ baseUrl: 'https://nonexistent.invalid/v1', env: { OPENAI_API_KEY: testKey } });
    assert.equal(result.verdict, 'dns-error');
    assert.deepEqual(stepNames(result), ['key:ok', 'dns:failed']);
    assert.match(result.detail ?? '', /nonexistent\.invalid/);
  });

  it('a missing key is diagnosed without any request', async () => {
    const result = await check({ env: {} });
    assert.equal(result.verdict, 'missing-api-key');
    assert.equal(result.key, undefined);
    assert.deepEqual(stepNames(result), ['key:failed']);
    assert.equal(server.requests.length, 0);
  });

  for (const [label, malformed] of [
    ['a line break', `${testKey}\n`],
    ['quotes', `"${testKey}"`],
    ['a space inside', 'sk-proj-TESTkeyTEST keyTESTkey0123456789wxyz'],
    ['a leading space', ` ${testKey}`],
  ] as const) {
    it(`a key with ${label} is diagnosed without any request`, async () => {
      const result = await check({ env: { OPENAI_API_KEY: malformed } });
      assert.equal(result.verdict, 'invalid-authentication');
      assert.deepEqual(stepNames(result), ['key:failed']);
      assert.equal(server.requests.length, 0);
      assert.ok(!JSON.stringify(result).includes(testKey.slice(8, 30)));
    });
  }

  it('a key without the sk- prefix is rejected for api.openai.com only, without a request', async () => {
    const official = await runHealthCheck({ env: { OPENAI_API_KEY: 'AIzaSyA-not-an-openai-key-0123456789' } });
    assert.equal(official.verdict, 'invalid-authentication');
    assert.match(official.detail ?? '', /sk-/);
    const compatible = await check({ env: { OPENAI_API_KEY: 'local-server-key-0123456789abcdef' } });
    assert.equal(compatible.verdict, 'ok');
  });

  it('flags a plain-HTTP base URL that is not this computer', async () => {
    const result = await runHealthCheck({ baseUrl: 'http://nonexistent.invalid/v1', env: { OPENAI_API_KEY: testKey } });
    assert.deepEqual(result.warnings, ['insecure-base-url']);
  });
});
