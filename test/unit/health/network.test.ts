// TLS, proxies and Azure, each against a real local server: certificate failures are named as TLS errors,
// a CONNECT proxy carries the check, and Azure endpoints get their own header and query.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { runHealthCheck, type HealthResult } from '../../../src/core/health';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fakeOpenAI';

const key = 'sk-proj-NETWORKnetworkNETWORK0123456789netw';

function stepNames(result: HealthResult): string[] {
  return result.steps.map((step) => `${step.name}:${step.ok ? 'ok' : 'failed'}`);
}

interface TestProxy {
  url: string;
  /** What each client asked for: "CONNECT host:port" or "GET http://…". */
  seen: string[];
  close(): Promise<void>;
}

/** A tiny HTTP proxy: CONNECT tunnels and absolute-form GETs, optionally requiring Basic credentials. */
async function startProxy(requiredAuthorization?: string): Promise<TestProxy> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    if (requiredAuthorization && request.headers['proxy-authorization'] !== requiredAuthorization) {
      response.writeHead(407, { 'proxy-authenticate': 'Basic' }).end();
      return;
    }
    const target = new URL(request.url ?? '');
    const forwarded = http.request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forwarded.on('error', () => response.writeHead(502).end());
    request.pipe(forwarded);
  });
  server.on('connection', (socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)); });
  server.on('connect', (request: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${request.url}`);
    if (requiredAuthorization && request.headers['proxy-authorization'] !== requiredAuthorization) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    const [host, port] = (request.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

describe('health check over TLS', () => {
  let secure: FakeOpenAI;
  before(async () => { secure = await startFakeOpenAI({ https: true }); });
  after(() => secure.close());

  it('a self-signed certificate ends in tls-error with its OpenSSL code and the CA advice', async () => {
    const result = await runHealthCheck({ baseUrl: secure.baseUrl, env: { OPENAI_API_KEY: key } });
    assert.equal(result.verdict, 'tls-error');
    assert.deepEqual(stepNames(result), ['key:ok', 'dns:ok', 'tcp:ok', 'tls:failed']);
    assert.match(result.detail ?? '', /DEPTH_ZERO_SELF_SIGNED_CERT/);
    assert.match(result.detail ?? '', /NODE_EXTRA_CA_CERTS/);
    assert.equal(secure.requests.length, 0, 'the key is never sent over an unverified connection');
  });

  it('passes once the certificate is trusted, and says who issued it', async () => {
    const result = await runHealthCheck({ baseUrl: secure.baseUrl, env: { OPENAI_API_KEY: key }, extraCaCertificates: [secure.certificatePem ?? ''] });
    assert.equal(result.verdict, 'ok');
    assert.deepEqual(stepNames(result), ['key:ok', 'dns:ok', 'tcp:ok', 'tls:ok', 'models:ok']);
    assert.match(result.steps[3].detail ?? '', /TLSv1\.[23]/);
  });

  it('a trusted certificate for another host name ends in tls-error naming the host mismatch', async () => {
    const wrongHost = await startFakeOpenAI({ https: true, certificate: 'wrong-host' });
    try {
      const result = await runHealthCheck({ baseUrl: wrongHost.baseUrl, env: { OPENAI_API_KEY: key }, extraCaCertificates: [wrongHost.certificatePem ?? ''] });
      assert.equal(result.verdict, 'tls-error');
      assert.match(result.detail ?? '', /ERR_TLS_CERT_ALTNAME_INVALID/);
    } finally {
      await wrongHost.close();
    }
  });

  it('https:// to a plain HTTP server ends in tls-error suggesting http://', async () => {
    const plain = await startFakeOpenAI();
    try {
      const result = await runHealthCheck({ baseUrl: plain.baseUrl.replace('http:', 'https:'), env: { OPENAI_API_KEY: key } });
      assert.equal(result.verdict, 'tls-error');
      assert.match(result.detail ?? '', /http:\/\//);
    } finally {
      await plain.close();
    }
  });
});

describe('health check through a proxy', () => {
  let proxy: TestProxy;
  let secure: FakeOpenAI;
  let plain: FakeOpenAI;
  before(async () => {
    [proxy, secure, plain] = await Promise.all([startProxy(), startFakeOpenAI({ https: true }), startFakeOpenAI()]);
  });
  after(() => Promise.all([proxy.close(), secure.close(), plain.close()]));

  it('tunnels HTTPS with CONNECT from HTTPS_PROXY', async () => {
    const result = await runHealthCheck({ baseUrl: secure.baseUrl, env: { OPENAI_API_KEY: key, HTTPS_PROXY: proxy.url }, extraCaCertificates: [secure.certificatePem ?? ''] });
    assert.equal(result.verdict, 'ok');
    assert.deepEqual(stepNames(result), ['key:ok', 'dns:ok', 'tcp:ok', 'proxy:ok', 'tls:ok', 'models:ok']);
    assert.equal(result.proxy, `${proxy.url}/`);
    assert.ok(proxy.seen.includes(`CONNECT 127.0.0.1:${secure.port}`));
    assert.equal(secure.requests.length, 1);
  });

  it('sends plain HTTP to the proxy with the full URL, from the editor setting', async () => {
    const result = await runHealthCheck({ baseUrl: plain.baseUrl, env: { OPENAI_API_KEY: key }, proxy: proxy.url });
    assert.equal(result.verdict, 'ok');
    assert.ok(proxy.seen.includes(`GET ${plain.baseUrl}/models`));
  });

  it('skips the proxy for hosts in NO_PROXY', async () => {
    proxy.seen.length = 0;
    const result = await runHealthCheck({ baseUrl: plain.baseUrl, env: { OPENAI_API_KEY: key, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
    assert.equal(result.verdict, 'ok');
    assert.deepEqual(proxy.seen, []);
    assert.equal(result.proxy, undefined);
  });

  it('a proxy that wants credentials ends in proxy-error at the proxy step; given them, it passes', async () => {
    const guarded = await startProxy(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    try {
      const refused = await runHealthCheck({ baseUrl: secure.baseUrl, env: { OPENAI_API_KEY: key, HTTPS_PROXY: guarded.url }, extraCaCertificates: [secure.certificatePem ?? ''] });
      assert.equal(refused.verdict, 'proxy-error');
      assert.equal(refused.steps.at(-1)?.name, 'proxy');
      assert.match(refused.detail ?? '', /407/);
      const withCredentials = guarded.url.replace('http://', 'http://alice:s3cret@');
      const accepted = await runHealthCheck({ baseUrl: secure.baseUrl, env: { OPENAI_API_KEY: key, HTTPS_PROXY: withCredentials }, extraCaCertificates: [secure.certificatePem ?? ''] });
      assert.equal(accepted.verdict, 'ok');
      assert.ok(!JSON.stringify(accepted).includes('s3cret'));
    } finally {
      await guarded.close();
    }
  });
});

describe('health check of an Azure OpenAI endpoint', () => {
  it('sends api-key and api-version to /openai/models', async () => {
    const server = await startFakeOpenAI();
    try {
      const result = await runHealthCheck({ baseUrl: `${server.origin}/openai/deployments/gpt-4o`, env: { AZURE_OPENAI_API_KEY: '0123456789abcdef0123456789abcdef' }, model: 'gpt-4o' });
      assert.equal(result.verdict, 'ok');
      assert.equal(result.azure, true);
      assert.equal(result.key?.source, 'env:AZURE_OPENAI_API_KEY');
      assert.match(server.requests[0].url, /^\/openai\/models\?api-version=\d{4}-\d{2}-\d{2}/);
      assert.equal(server.requests[0].headers['api-key'], '0123456789abcdef0123456789abcdef');
      assert.equal(server.requests[0].headers.authorization, undefined);
      assert.match(server.requests[1].url, /^\/openai\/models\/gpt-4o\?api-version=/);
    } finally {
      await server.close();
    }
  });
});
