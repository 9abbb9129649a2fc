import * as assert from 'node:assert/strict';
import * as path from 'path';
import { builtinCatalog, renderEntryMarkdown, renderEntryText } from '../../../src/core/catalog';
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
});
