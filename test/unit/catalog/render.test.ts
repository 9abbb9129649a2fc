import * as assert from 'node:assert/strict';
import * as path from 'path';
import { builtinCatalog, explainText, renderEntryMarkdown, renderEntryText, renderExplanationPage } from '../../../src/core/catalog';
import { loadBundle, useBundle } from '../../../src/core/l10n';
import { expectGolden, repoRoot } from './fixtures';

describe('catalog renderers', () => {
  const entry = (id: string) => {
    const found = builtinCatalog().get(id);
    assert.ok(found, id);
    return found;
  };

  afterEach(() => useBundle('en', {}));

  it('writes the hover Markdown (golden file)', () => {
    const markdown = [
      renderEntryMarkdown(entry('insufficient-quota'), { seen: { status: 429, code: 'insufficient_quota' }, commandLinks: true }),
      renderEntryMarkdown(entry('connection-error'), { commandLinks: true }),
      renderEntryMarkdown(entry('missing-api-key'), { commandLinks: false }),
    ].join('\n\n---\n\n');
    expectGolden('render.expected.md', markdown + '\n', (actual, expected) => assert.equal(actual, expected));
  });

  it('writes the same sections as plain text (golden file)', () => {
    const text = [renderEntryText(entry('insufficient-quota')), renderEntryText(entry('rate-limit'), { seen: { status: 429 } })].join('\n\n');
    expectGolden('render.expected.txt', text + '\n', (actual, expected) => assert.equal(actual, expected));
  });

  it('gives the retry advice that fits', () => {
    assert.match(renderEntryText(entry('rate-limit')), /Retry: Yes, with backoff\. The SDK .* already retried it twice/);
    assert.match(renderEntryText(entry('insufficient-quota')), /Retry: No, it will fail again\. The SDK still retries it twice/);
    assert.match(renderEntryText(entry('model-not-found')), /Retry: No, fix the cause first\./);
  });

  it('never promises a retry for a bare 429, and says how to tell a rate limit from an exhausted quota', () => {
    const text = renderEntryText(entry('rate-limit-or-quota'), { seen: { status: 429 } });
    assert.match(text, /Retry: Only if it is a rate limit/);
    assert.doesNotMatch(text, /Retry: Yes/);
    assert.match(text, /rate_limit_exceeded/);
    assert.match(text, /insufficient_quota/);
  });

  it('links the health check only for key and connection problems, and only when asked', () => {
    assert.match(renderEntryMarkdown(entry('incorrect-api-key'), { commandLinks: true }), /\(command:openaiErrorGuard\.checkHealth\)/);
    assert.doesNotMatch(renderEntryMarkdown(entry('incorrect-api-key')), /command:/);
    assert.doesNotMatch(renderEntryMarkdown(entry('context-length-exceeded'), { commandLinks: true }), /command:/);
  });

  it('escapes Markdown in texts from custom catalogs and drops non-https links', () => {
    const markdown = renderEntryMarkdown({
      id: 'x', title: '[click](command:workbench.action.terminal.new)', cause: '<img src=x>', solution: '**s**',
      retryable: false, sdkRetries: false, docsUrl: 'javascript:alert(1)', exceptions: { 'openai-python-v1': 'a`b' },
    });
    assert.doesNotMatch(markdown, /\]\(command:workbench/);
    assert.doesNotMatch(markdown, /(?<!\\)<img/);
    assert.doesNotMatch(markdown, /javascript:/);
    assert.match(markdown, /\\\[click\\\]/);
    assert.match(markdown, /`a'b`/);
  });

  it('renders in Korean with the Korean bundle', () => {
    loadBundle('ko', path.join(repoRoot, 'l10n'));
    const text = renderEntryText(entry('connection-error'));
    assert.match(text, /^연결 실패\n/);
    assert.match(text, /재시도: 예, 백오프를 두고/);
    assert.match(text, /AxiosError \(응답 없음\)/);
  });

  describe('the explanation panel page', () => {
    const options = { cspSource: 'vscode-webview://x', styleUri: 'vscode-webview://x/media/explanation.css', source: 'Terminal: bash <1>' };

    it('shows the text and one section per explanation, best first, with the health-check link', () => {
      const text = 'openai.APIConnectionError: Connection error. (Caused by ProxyError(\'Cannot connect to proxy.\'))';
      const page = renderExplanationPage(text, explainText(text), options);
      const ids = [...page.matchAll(/data-id="([^"]+)"/g)].map((found) => found[1]);
      assert.deepEqual(ids, ['proxy-error', 'connection-error']);
      assert.match(page, /<h2>Proxy failed<\/h2>/);
      assert.match(page, /<a href="command:openaiErrorGuard\.checkHealth">Check API key and connection<\/a>/);
      assert.match(page, /Terminal: bash &lt;1&gt;/);
    });

    it('allows no script and escapes everything it quotes, masking keys', () => {
      const text = '<script>alert(1)</script> Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz0123456789Q9z1 (openai)';
      const page = renderExplanationPage(text, explainText(text), options);
      assert.match(page, /content="default-src 'none'; style-src vscode-webview:\/\/x;"/);
      assert.doesNotMatch(page, /<script>/);
      assert.match(page, /&lt;script&gt;/);
      assert.doesNotMatch(page, /abcdefghijklmnopqrstuvwxyz/);
      assert.match(page, /sk-…Q9z1/);
    });
  });
});
