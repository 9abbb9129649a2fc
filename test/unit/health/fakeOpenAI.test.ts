// The fake server must look like OpenAI to the official SDK: each scenario raises the error class and status
// the real service would cause, with the request id and headers attached.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import OpenAI from 'openai';
import { startFakeOpenAI, unusedPort, scenarios, type FakeOpenAI, type Scenario } from '../../support/fakeOpenAI';

const key = 'sk-proj-FAKEfakeFAKEfake1234567890abcd';

function client(server: FakeOpenAI, extra: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}): OpenAI {
  return new OpenAI({ apiKey: key, baseURL: server.baseUrl, maxRetries: 0, timeout: 5000, ...extra });
}

describe('fake OpenAI server', () => {
  let server: FakeOpenAI;
  before(async () => { server = await startFakeOpenAI(); });
  after(() => server.close());
  beforeEach(() => { server.setScenario('ok'); server.requests.length = 0; });

  it('lists models and answers chat completions, plain and streamed', async () => {
    const models = await client(server).models.list();
    assert.ok(models.data.some((model) => model.id === 'gpt-4o-mini'));
    const completion = await client(server).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(completion.choices[0].message.content, 'Hello from the fake OpenAI server.');
    const stream = await client(server).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, 'Hello from the fake OpenAI server.');
    assert.equal(server.requests[1].headers.authorization, `Bearer ${key}`);
  });

  it('answers embeddings, responses and a model lookup', async () => {
    const embedding = await client(server).embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    assert.equal(embedding.data.length, 2);
    const response = await client(server).responses.create({ model: 'gpt-4o-mini', input: 'hi' });
    assert.equal(response.output_text, 'Hello from the fake OpenAI server.');
    assert.equal((await client(server).models.retrieve('gpt-4o')).id, 'gpt-4o');
    await assert.rejects(client(server).models.retrieve('gpt-9'), (error: unknown) => error instanceof OpenAI.NotFoundError && error.code === 'model_not_found');
  });

  const expectedErrors: [Scenario, new (...args: never[]) => Error, number, string | null][] = [
    ['invalid-api-key', OpenAI.AuthenticationError, 401, 'invalid_api_key'],
    ['missing-api-key', OpenAI.AuthenticationError, 401, null],
    ['no-organization', OpenAI.AuthenticationError, 401, 'no_organization'],
    ['mismatched-organization', OpenAI.AuthenticationError, 401, 'mismatched_organization'],
    ['missing-scope', OpenAI.AuthenticationError, 401, 'missing_scope'],
    ['ip-not-authorized', OpenAI.AuthenticationError, 401, 'ip_not_authorized'],
    ['unsupported-region', OpenAI.PermissionDeniedError, 403, 'unsupported_country_region_territory'],
    ['model-not-found', OpenAI.NotFoundError, 404, 'model_not_found'],
    ['context-length-exceeded', OpenAI.BadRequestError, 400, 'context_length_exceeded'],
    ['insufficient-quota', OpenAI.RateLimitError, 429, 'insufficient_quota'],
    ['rate-limit', OpenAI.RateLimitError, 429, 'rate_limit_exceeded'],
    ['server-error', OpenAI.InternalServerError, 500, null],
    ['engine-overloaded', OpenAI.InternalServerError, 503, null],
    ['service-unavailable', OpenAI.InternalServerError, 503, null],
    ['slow-down', OpenAI.InternalServerError, 503, null],
    ['bad-gateway-html', OpenAI.InternalServerError, 502, null],
    ['not-json-error', OpenAI.InternalServerError, 500, null],
  ];

  for (const [scenario, errorClass, status, code] of expectedErrors) {
    it(`${scenario}: the SDK raises ${errorClass.name} ${status} with the request id`, async () => {
      server.setScenario(scenario);
      await assert.rejects(client(server).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
        assert.ok(error instanceof errorClass, `got ${String(error)}`);
        const apiError = error as InstanceType<typeof OpenAI.APIError>;
        assert.equal(apiError.status, status);
        assert.equal(apiError.code ?? null, code);
        assert.match(String(apiError.requestID), /^req_[0-9a-f]{32}$/);
        return true;
      });
    });
  }

  it('never echoes the full key, only a masked form', async () => {
    server.setScenario('invalid-api-key');
    await assert.rejects(client(server).models.list(), (error: unknown) => {
      const message = (error as Error).message;
      assert.ok(!message.includes(key));
      assert.match(message, /sk-proj-\*+abcd/);
      return true;
    });
  });

  it('sends rate-limit headers with a 429', async () => {
    server.setScenario('rate-limit');
    await assert.rejects(client(server).models.list(), (error: unknown) => {
      const headers = (error as InstanceType<typeof OpenAI.APIError>).headers;
      assert.equal(headers?.get('x-ratelimit-remaining-requests'), '0');
      assert.equal(headers?.get('retry-after'), '1');
      return true;
    });
  });

  it('raises the error event of a stream that breaks halfway', async () => {
    server.setScenario('stream-error');
    const stream = await client(server).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    await assert.rejects(async () => { for await (const _chunk of stream) { /* drain */ } }, OpenAI.APIError);
  });

  it('a hang ends in the SDK timeout, a slow answer arrives late, and close() frees hanging sockets', async () => {
    server.setScenario('hang');
    await assert.rejects(client(server, { timeout: 300 }).models.list(), OpenAI.APIConnectionTimeoutError);
    const slow = await startFakeOpenAI({ scenario: 'slow', slowMs: 200 });
    try {
      assert.ok((await client(slow).models.list()).data.length > 0);
    } finally {
      await slow.close();
    }
  });

  it('a 200 that is not JSON is returned as text by the SDK', async () => {
    server.setScenario('not-json');
    const response = await client(server).models.list().asResponse();
    assert.equal(await response.text(), 'OK');
  });

  it('failFirst answers that many requests with the scenario, then succeeds again', async () => {
    server.failFirst(2, 'rate-limit');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.baseUrl}/models`, { headers: { authorization: 'Bearer sk-test-failfirst' } })).status);
    assert.deepEqual(statuses, [429, 429, 200]);
    server.setScenario('ok');
  });

  it('lists every scenario it plays', () => {
    assert.ok(scenarios.includes('ok') && scenarios.includes('hang') && scenarios.includes('bad-gateway-html'));
  });

  it('serves HTTPS with a self-signed certificate the SDK rejects unless trusted', async () => {
    const secure = await startFakeOpenAI({ https: true });
    try {
      assert.match(secure.baseUrl, /^https:\/\/127\.0\.0\.1:\d+\/v1$/);
      assert.match(secure.certificatePem ?? '', /BEGIN CERTIFICATE/);
      await assert.rejects(client(secure).models.list(), OpenAI.APIConnectionError);
    } finally {
      await secure.close();
    }
  });

  it('finds a port where connections are refused', async () => {
    const port = await unusedPort();
    await assert.rejects(new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(undefined); });
      socket.on('error', reject);
    }), /ECONNREFUSED/);
  });
});
