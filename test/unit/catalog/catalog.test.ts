import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { builtinCatalog, catalogEntries, getCatalogEntry, useCatalog, overlayCatalog } from '../../../src/core/catalog';
import { loadBundle, useBundle } from '../../../src/core/l10n';
import { repoRoot } from './fixtures';

/** The ids ARCHITECTURE.md promises (health-check verdicts and `explain` output use them). */
const contractIds = [
  'invalid-authentication', 'incorrect-api-key', 'no-organization', 'missing-api-key', 'mismatched-organization',
  'missing-scope', 'ip-not-authorized', 'unsupported-region', 'permission-denied', 'model-not-found', 'not-found',
  'context-length-exceeded', 'invalid-request', 'conflict', 'unprocessable-entity', 'rate-limit', 'request-too-large',
  'insufficient-quota', 'engine-overloaded', 'slow-down', 'server-error', 'service-unavailable', 'bad-gateway',
  'connection-error', 'timeout', 'tls-error', 'dns-error', 'api-error',
];

describe('built-in catalog', () => {
  const entries = builtinCatalog().entries;

  it('has every contract id, each once', () => {
    const ids = entries.map((entry) => entry.id);
    assert.deepEqual(contractIds.filter((id) => !ids.includes(id)), []);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('keeps cause and solution short enough for a one-line handler comment', () => {
    for (const entry of entries) {
      assert.ok(entry.cause.length <= 110, `${entry.id} cause is ${entry.cause.length} characters`);
      assert.ok(entry.solution.length <= 120, `${entry.id} solution is ${entry.solution.length} characters`);
      assert.ok(!/\n/.test(entry.cause + entry.solution), entry.id);
    }
  });

  it('links official documentation over https', () => {
    for (const entry of entries) assert.match(entry.docsUrl ?? '', /^https:\/\/(platform\.openai\.com|learn\.microsoft\.com|github\.com\/openai)\//, entry.id);
  });

  it('never calls a failure retry-worthy that the SDK would not at least see', () => {
    for (const entry of entries.filter((candidate) => candidate.retryable)) assert.ok(entry.sdkRetries, entry.id);
  });

  it('names an exception class for every SDK flavour where the failure reaches user code as an HTTP or network error', () => {
    for (const entry of entries.filter((candidate) => candidate.id !== 'removed-in-v1')) {
      assert.deepEqual(Object.keys(entry.exceptions ?? {}).sort(), ['openai-node-v3', 'openai-node-v4', 'openai-python-v0', 'openai-python-v1'], entry.id);
    }
  });

  it('has a Korean translation for every title, cause, solution and class note', () => {
    const korean = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n/bundle.l10n.ko.json'), 'utf8')) as Record<string, string>;
    const notes = entries.flatMap((entry) => Object.values(entry.exceptions ?? {}))
      .map((written) => /^\S+ \((.+)\)$/.exec(written)?.[1])
      .filter((note): note is string => note !== undefined && !/^(response\.status|code) /.test(note));
    const texts = [...entries.flatMap((entry) => [entry.title, entry.cause, entry.solution, ...(entry.retryAdvice ? [entry.retryAdvice] : [])]), ...notes];
    assert.deepEqual(texts.filter((text) => !korean[text]?.trim()), []);
  });
});

describe('catalog lookups', () => {
  afterEach(() => {
    useBundle('en', {});
    useCatalog(undefined);
  });

  it('finds entries by id and says undefined for unknown ids', () => {
    assert.equal(getCatalogEntry('insufficient-quota')?.status?.[0], 429);
    assert.equal(getCatalogEntry('no-such-id'), undefined);
    assert.equal(catalogEntries().length, builtinCatalog().entries.length);
  });

  it('hands out translated entries in the active language', () => {
    loadBundle('ko', path.join(repoRoot, 'l10n'));
    assert.equal(getCatalogEntry('insufficient-quota')?.title, '사용 한도 소진');
    assert.equal(builtinCatalog().get('insufficient-quota')?.title, 'Quota exhausted');
  });

  it('reflects the catalog in use, with overrides', () => {
    useCatalog(overlayCatalog(builtinCatalog(), [{ id: 'rate-limit', solution: 'Use the queue.' }]));
    assert.equal(getCatalogEntry('rate-limit')?.solution, 'Use the queue.');
    assert.equal(getCatalogEntry('rate-limit')?.title, 'Rate limit reached');
  });
});
