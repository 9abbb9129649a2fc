// The text and HTML reports: every step with its time, the verdict with cause and fix, values escaped, and
// the key in masked form only.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { formatHealthReport, renderReportHtml, runHealthCheck, verdictMessage, verdictStatus, type HealthResult } from '../../../src/core/health';
import { loadBundle, useBundle } from '../../../src/core/l10n';
import { scenarios, startFakeOpenAI } from '../../support/fakeOpenAI';

const key = 'sk-proj-REPORTreportREPORT0123456789rprt';
const page = { cspSource: 'vscode-webview://abc', styleUri: 'vscode-webview://abc/report.css', rerunUri: 'command:openaiErrorGuard.checkHealth', checkedAt: '2026-01-01 12:00' };

const failed: HealthResult = {
  ok: false,
  verdict: 'insufficient-quota',
  detail: 'The server answered 429: <b>quota</b> & "more"',
  key: { source: 'env:OPENAI_API_KEY', masked: 'sk-proj-…rprt' },
  baseUrl: 'https://api.openai.com/v1',
  azure: false,
  steps: [
    { name: 'key', ok: true, ms: 0, detail: 'env:OPENAI_API_KEY sk-proj-…rprt' },
    { name: 'dns', ok: true, ms: 3, detail: '1.2.3.4' },
    { name: 'models', ok: false, ms: 120, detail: '<script>alert(1)</script>' },
  ],
  requestId: 'req_1',
  rateLimits: { 'remaining-requests': '0' },
  warnings: ['insecure-base-url'],
};

describe('health reports', () => {
  it('text: a line per step with ✓/✗ and its time, then the verdict with cause and fix', () => {
    const text = formatHealthReport(failed);
    const lines = text.split('\n');
    assert.match(lines.find((line) => line.includes('DNS lookup')) ?? '', /^✓ DNS lookup +3 ms {2}1\.2\.3\.4$/);
    assert.match(lines.find((line) => line.includes('List models')) ?? '', /^✗ List models +120 ms/);
    assert.match(text, /✗ Verdict: .+ \(insufficient-quota\)/);
    assert.match(text, /Cause: .+\n {2}Fix: .+/);
    assert.match(text, /Request id: req_1/);
    assert.match(text, /remaining-requests=0/);
    assert.match(text, /plain HTTP/);
  });

  it('html: a strict policy, no script, every value escaped', () => {
    const html = renderReportHtml(failed, page);
    assert.match(html, /content="default-src 'none'; style-src vscode-webview:\/\/abc;"/);
    assert.ok(!html.includes('<script>'));
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /&lt;b&gt;quota&lt;\/b&gt; &amp; &quot;more&quot;/);
    assert.match(html, /data-verdict="insufficient-quota"/);
    assert.match(html, /href="command:openaiErrorGuard\.checkHealth"/);
    assert.equal((html.match(/<tr class=/g) ?? []).length, 3);
  });

  it('neither report contains the full key, for any scenario', async () => {
    const server = await startFakeOpenAI();
    try {
      for (const scenario of scenarios) {
        server.setScenario(scenario);
        const result = await runHealthCheck({ baseUrl: server.baseUrl, env: { OPENAI_API_KEY: key }, timeoutMs: 300, model: 'gpt-4o-mini' });
        for (const output of [formatHealthReport(result), renderReportHtml(result, page), JSON.stringify(result)]) {
          assert.ok(!output.includes(key), `${scenario} leaked the key`);
        }
      }
    } finally {
      await server.close();
    }
  });
});

describe('health notification and status bar words', () => {
  const wrongKey: HealthResult = {
    ...failed,
    verdict: 'incorrect-api-key',
    detail: 'Incorrect API key provided: sk-abc***wxyz',
    warnings: [],
  };
  afterEach(() => useBundle('en', {}));

  it('the notification closes each part as a sentence, so the server message and the fix do not run together', () => {
    const message = verdictMessage(wrongKey);
    assert.match(message, /^Incorrect API key\. Incorrect API key provided: sk-abc\*\*\*wxyz\. \S/);
    assert.doesNotMatch(message, /wxyz [A-Z]/);
    assert.doesNotMatch(message, /\.\./);
  });

  it('a part that already ends a sentence keeps its own punctuation', () => {
    assert.doesNotMatch(verdictMessage({ ...wrongKey, detail: 'The key was revoked.' }), /revoked\.\./);
  });

  it('the status bar shows the short title, and the catalog id only in the tooltip', () => {
    const status = verdictStatus(wrongKey);
    assert.equal(status.label, 'Incorrect API key');
    assert.match(status.tooltip, /incorrect-api-key/);
    assert.match(status.tooltip, /120 ms|123 ms/);
  });

  it('the status bar title is translated too (Korean)', () => {
    loadBundle('ko', path.join(__dirname, '..', '..', '..', '..', 'l10n'));
    const status = verdictStatus(wrongKey);
    assert.equal(status.label, '잘못된 API 키');
    assert.doesNotMatch(status.label, /incorrect-api-key/);
    assert.match(status.tooltip, /incorrect-api-key/);
  });
});
