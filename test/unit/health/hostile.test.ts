// The health check against hostile servers, proxies and settings (issue 10): every attack runs against a
// server on 127.0.0.1. Where the attack needs a host that is not this machine, a stand-in resolver names it
// and a stand-in connector records the attempt (and, where the old code would have gone on, leads it to a
// local server), so no packet ever leaves 127.0.0.1.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { connectTcp, type ResolvedAddress } from '../../../src/core/health/connection';
import { formatHealthReport, renderReportHtml, runHealthCheck, type HealthResult } from '../../../src/core/health';
import type { NetworkAccess } from '../../../src/core/health/check';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fakeOpenAI';
import { startRecordingProxy, type RecordingProxy } from '../../support/recordingProxy';

const key = 'sk-proj-HOSTILEhostileHOSTILE0123456789abcdWXYZ';
const secretPart = key.slice('sk-proj-'.length);
const page = { cspSource: 'vscode-webview://x', styleUri: 'style.css', rerunUri: 'command:x', checkedAt: 'now' };

/** Every output a user can see: the text report, the webview page and the JSON of `doctor`. */
function outputsOf(result: HealthResult): string[] {
  return [formatHealthReport(result), renderReportHtml(result, page), JSON.stringify(result)];
}

/** The first run of 8 characters of the key's secret part found in `text`, if any. */
function leakedPiece(text: string): string | undefined {
  for (let start = 0; start + 8 <= secretPart.length; start++) {
    const piece = secretPart.slice(start, start + 8);
    if (text.includes(piece)) return piece;
  }
  return undefined;
}

interface StandInNetwork extends NetworkAccess {
  /** host names asked for, and addresses connected to */
  lookups: string[];
  connects: string[];
}

/**
 * Resolves the given names to the given (possibly remote) addresses, but every connection really goes to
 * 127.0.0.1:`localPort` (or to the port asked for when none is given), so a check that wrongly goes ahead
 * still talks only to this machine.
 */
function standInNetwork(names: Record<string, string>, localPort?: number): StandInNetwork {
  const lookups: string[] = [];
  const connects: string[] = [];
  return {
    lookups,
    connects,
    lookup: (hostname) => {
      lookups.push(hostname);
      const address = names[hostname] ?? hostname;
      return Promise.resolve({ address, family: net.isIP(address) || 4 });
    },
    connect: (address: ResolvedAddress, port: number, signal: AbortSignal) => {
      connects.push(`${address.address}:${port}`);
      return connectTcp({ address: '127.0.0.1', family: 4 }, localPort ?? port, signal);
    },
  };
}

describe('health check against hostile input (issue 10)', () => {
  let server: FakeOpenAI;
  before(async () => { server = await startFakeOpenAI(); });
  after(() => server.close());
  beforeEach(() => { server.setScenario('ok'); server.requests.length = 0; });

  describe('the key never leaks', () => {
    it('1: a server echoing the key in x-request-id, x-ratelimit-* and retry-after gets it masked everywhere', async () => {
      server.setScenario('echo-key-headers');
      const result = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key } });
      assert.equal(server.requests.length, 1, 'the check really talked to the echoing server');
      assert.ok(result.requestId && result.rateLimits, 'the echoed fields are still reported');
      for (const output of outputsOf(result)) assert.equal(leakedPiece(output), undefined, output);
    });

    it('2: a key after 250 characters of an error message is masked, not cut and printed in part', async () => {
      server.setScenario('echo-key-late');
      const result = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key } });
      assert.match(result.detail ?? '', /gateway/);
      for (const output of outputsOf(result)) assert.equal(leakedPiece(output), undefined, output);
    });

    it('2: a key split by a line break is masked in both pieces', async () => {
      server.setScenario('echo-key-split');
      const result = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key } });
      assert.match(result.detail ?? '', /Key received/);
      for (const output of outputsOf(result)) assert.equal(leakedPiece(output), undefined, output);
    });

    it('3: plain HTTP to a host that is not this machine is refused before anything is sent', async () => {
      const network = standInNetwork({ 'api.corp.example': '192.0.2.10' }, server.port);
      const result = await runHealthCheck({ baseUrl: `http://api.corp.example:${server.port}/v1`, env: { OPENAI_API_KEY: key }, network });
      assert.deepEqual(network.connects, [], 'no connection was even attempted');
      assert.equal(server.requests.length, 0);
      assert.equal(result.ok, false);
      assert.match(result.detail ?? '', /plain HTTP/);
      assert.deepEqual(result.warnings, ['insecure-base-url']);
    });

    it('3: allowed explicitly, plain HTTP goes ahead and the report keeps the warning', async () => {
      const network = standInNetwork({ 'api.corp.example': '192.0.2.10' }, server.port);
      const result = await runHealthCheck({ baseUrl: `http://api.corp.example:${server.port}/v1`, env: { OPENAI_API_KEY: key }, network, allowInsecureHttp: true });
      assert.equal(result.verdict, 'ok');
      assert.deepEqual(result.warnings, ['insecure-base-url']);
      assert.match(formatHealthReport(result), /unencrypted/);
    });

    describe('4: a plain-HTTP proxy', () => {
      let proxy: RecordingProxy;
      before(async () => { proxy = await startRecordingProxy(); });
      after(() => proxy.close());
      beforeEach(() => { proxy.received.length = 0; });

      it('on another computer never receives the key in clear, even for a loopback base URL', async () => {
        const network = standInNetwork({ 'proxy.corp.example': '192.0.2.20' }, proxy.port);
        const result = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key, HTTP_PROXY: `http://proxy.corp.example:${proxy.port}` }, network });
        assert.deepEqual(proxy.received, [], 'the proxy saw nothing');
        assert.deepEqual(network.connects, []);
        assert.equal(result.ok, false);
        assert.ok(result.warnings.includes('insecure-proxy'), JSON.stringify(result.warnings));
        assert.match(result.detail ?? '', /proxy/);
      });

      it('on this machine carries the check as before', async () => {
        const result = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key, HTTP_PROXY: proxy.url } });
        assert.equal(proxy.received.length, 1);
        assert.deepEqual(result.warnings, []);
      });
    });

    it('4: a name under .localhost that resolves to another computer is not trusted by its name', async () => {
      const network = standInNetwork({ 'api.localhost': '192.0.2.30' }, server.port);
      const result = await runHealthCheck({ baseUrl: `http://api.localhost:${server.port}/v1`, env: { OPENAI_API_KEY: key }, network });
      assert.deepEqual(network.lookups, ['api.localhost']);
      assert.deepEqual(network.connects, [], 'refused after the lookup, before connecting');
      assert.equal(server.requests.length, 0);
      assert.match(result.detail ?? '', /192\.0\.2\.30/);
    });

    it('4: localhost that resolves to this machine is trusted by its address', async () => {
      const network = standInNetwork({ localhost: '127.0.0.1' });
      const result = await runHealthCheck({ baseUrl: `http://localhost:${server.port}/v1`, env: { OPENAI_API_KEY: key }, network });
      assert.equal(result.verdict, 'ok');
      assert.deepEqual(result.warnings, []);
    });

    describe('5 and 10: proxy credentials', () => {
      let proxy: RecordingProxy;
      let secure: FakeOpenAI;
      before(async () => { [proxy, secure] = await Promise.all([startRecordingProxy(), startFakeOpenAI({ https: true })]); });
      after(() => Promise.all([proxy.close(), secure.close()]));
      beforeEach(() => { proxy.received.length = 0; });

      it('5: a password with a "/" is used, and never printed', async () => {
        const network = standInNetwork({ 'proxy.corp.example': '127.0.0.1' }, proxy.port);
        const result = await runHealthCheck({ baseUrl: secure.baseUrl, env: { OPENAI_API_KEY: key, HTTPS_PROXY: `http://alice:S3cr/etPW@proxy.corp.example:${proxy.port}` }, network });
        for (const output of outputsOf(result)) {
          assert.ok(!output.includes('etPW') && !output.includes('S3cr'), output);
        }
        assert.equal(proxy.received[0]?.headers['proxy-authorization'], `Basic ${Buffer.from('alice:S3cr/etPW').toString('base64')}`);
      });

      it('10: a password with a bare "%" gives a report, not "URI malformed"', async () => {
        const result = await runHealthCheck({ baseUrl: secure.baseUrl, env: { OPENAI_API_KEY: key, HTTPS_PROXY: `http://alice:50%off@127.0.0.1:${proxy.port}` } });
        assert.equal(result.steps.at(-1)?.name, 'proxy');
        assert.equal(proxy.received[0]?.headers['proxy-authorization'], `Basic ${Buffer.from('alice:50%off').toString('base64')}`);
        for (const output of outputsOf(result)) assert.ok(!output.includes('50%off'), output);
      });
    });

    it('7: NODE_TLS_REJECT_UNAUTHORIZED=0 is reported, and the check still verifies certificates', async () => {
      const secure = await startFakeOpenAI({ https: true });
      const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
      try {
        const result = await runHealthCheck({ baseUrl: secure.baseUrl, env: { OPENAI_API_KEY: key, NODE_TLS_REJECT_UNAUTHORIZED: '0' } });
        assert.equal(result.verdict, 'tls-error', 'a self-signed certificate is still refused');
        assert.equal(secure.requests.length, 0, 'the key was not sent over the unverified connection');
        assert.ok(result.warnings.includes('tls-checks-disabled'));
        assert.match(formatHealthReport(result), /NODE_TLS_REJECT_UNAUTHORIZED/);
      } finally {
        if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
        else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
        await secure.close();
      }
    });
  });

  describe('robustness', () => {
    it('8: a line break in the organization is caught before connecting, and no socket is left open', async () => {
      const result = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key }, organization: 'org-a\r\nX-Injected: yes' });
      assert.notEqual(result.verdict, 'connection-error');
      assert.equal(result.verdict, 'mismatched-organization');
      assert.deepEqual(result.steps.map((step) => `${step.name}:${step.ok}`), ['key:false']);
      assert.equal(server.connections().open, 0);
      assert.match(result.detail ?? '', /line break/);
    });

    it('8: a control character in the project is caught the same way', async () => {
      const accepted = server.connections().accepted;
      const result = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key }, project: 'proj_\u0007x' });
      assert.equal(result.ok, false);
      assert.equal(server.connections().accepted, accepted, 'nothing connected');
    });

    it('9: a step time limit beyond what a timer can hold is clamped, not turned into 2 ms', async () => {
      const result = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key }, timeoutMs: 3_000_000_000 });
      assert.equal(result.verdict, 'ok');
    });
  });

  describe('already right (regressions)', () => {
    it('a redirect to another origin is not followed', async () => {
      const other = await startFakeOpenAI();
      try {
        server.setRedirect(`${other.baseUrl}/models`);
        const result = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key } });
        assert.equal(result.ok, false);
        assert.equal(other.requests.length, 0, 'the other origin never saw the key');
      } finally {
        server.setRedirect(undefined);
        await other.close();
      }
    });

    it('a 100 MB body is read only as far as needed', async () => {
      server.setScenario('huge-body');
      const result = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key } });
      assert.equal(result.status, 200);
      assert.ok(server.hugeBodyBytesSent() < 100 * 1024 * 1024, `sent ${server.hugeBodyBytesSent()} bytes`);
    });

    it('a body that never ends runs into the step time limit', async () => {
      server.setScenario('endless-body');
      const result = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key }, timeoutMs: 500 });
      assert.equal(result.verdict, 'timeout');
    });

    it('429 quota and 429 rate limit are told apart', async () => {
      server.setScenario('insufficient-quota');
      const quota = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key } });
      server.setScenario('rate-limit');
      const rate = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key } });
      assert.deepEqual([quota.status, quota.verdict, rate.status, rate.verdict], [429, 'insufficient-quota', 429, 'rate-limit']);
    });
  });
});
