import * as assert from 'node:assert/strict';
import { builtinCatalog, explainText, formatProblem, loadCatalogFiles, parseCatalogFile } from '../../../src/core/catalog';
import * as fs from 'fs';
import * as path from 'path';
import { readFixture, repoRoot } from './fixtures';

function load(...names: string[]) {
  return loadCatalogFiles(names.map((name) => ({ file: name, text: readFixture(`custom/${name}`) })), builtinCatalog());
}

describe('custom catalogs', () => {
  it('adds new ids that the matcher finds by code and by message', () => {
    const { catalog, problems } = load('team.openai-errors.jsonc');
    assert.deepEqual(problems, []);
    assert.equal(explainText('{"error": {"code": "acme_budget_exceeded"}}', catalog)[0].id, 'acme-gateway-budget');
    assert.equal(explainText('Team budget of 500 USD exhausted for search-team', catalog)[0].id, 'acme-gateway-budget');
    assert.equal(catalog.get('acme-gateway-budget')?.sdkRetries, true);
  });

  it('overrides only the fields it gives', () => {
    const { catalog } = load('team.openai-errors.jsonc');
    const rateLimit = catalog.get('rate-limit');
    assert.equal(rateLimit?.solution, 'Use the shared queue in acme.llm.queue instead of calling the API directly.');
    assert.equal(rateLimit?.title, 'Rate limit reached');
    assert.deepEqual(rateLimit?.codes, ['rate_limit_exceeded']);
    assert.equal(builtinCatalog().get('rate-limit')?.solution.startsWith('Wait'), true);
  });

  it('reports a syntax error with file, line and column and keeps the built-in catalog', () => {
    const { catalog, problems } = load('malformed.openai-errors.jsonc');
    assert.deepEqual(problems.map(formatProblem).slice(0, 1), ['malformed.openai-errors.jsonc:6:7: JSON syntax error: CommaExpected']);
    assert.equal(catalog.get('rate-limit')?.title, 'Rate limit reached');
    assert.equal(explainText('openai.RateLimitError', catalog)[0].id, 'rate-limit-or-quota');
  });

  it('reports each invalid field or entry and keeps what is valid', () => {
    const { catalog, problems } = load('invalid-fields.openai-errors.json');
    assert.deepEqual(problems.map(formatProblem), [
      'invalid-fields.openai-errors.json:3:5: New entry "needs-texts" needs "cause", "solution" (skipped).',
      'invalid-fields.openai-errors.json:4:40: "retryable" must be true or false.',
      'invalid-fields.openai-errors.json:4:47: Unknown property "colour" (ignored).',
      'invalid-fields.openai-errors.json:5:86: "messages" has a message template that is empty, only placeholders, or longer than 300 characters.',
      'invalid-fields.openai-errors.json:6:81: "docsUrl" must be an https:// URL.',
      'invalid-fields.openai-errors.json:7:5: Each entry must be an object.',
    ]);
    assert.equal(catalog.get('needs-texts'), undefined);
    assert.equal(catalog.get('rate-limit')?.title, 'Throttled by the API');
    assert.equal(catalog.get('rate-limit')?.retryable, true);
    assert.equal(catalog.get('bad-template')?.messages, undefined);
    assert.equal(catalog.get('bad-link')?.docsUrl, undefined);
  });

  it('lets a later file win over an earlier one', () => {
    const first = { file: 'a.json', text: '{"entries": [{"id": "rate-limit", "title": "A"}]}' };
    const second = { file: 'b.json', text: '{"entries": [{"id": "rate-limit", "title": "B"}]}' };
    assert.equal(loadCatalogFiles([first, second], builtinCatalog()).catalog.get('rate-limit')?.title, 'B');
  });

  it('explains a file of the wrong shape', () => {
    const parsed = parseCatalogFile({ file: 'x.json', text: '[1, 2]' }, () => false);
    assert.deepEqual(parsed.problems.map(formatProblem), ['x.json:1:1: Expected an object with an "entries" array.']);
    assert.deepEqual(parseCatalogFile({ file: 'empty.json', text: '' }, () => false).patches, []);
  });

  it('accepts exactly the entry properties the JSON schema offers for completion', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, 'media/catalog.schema.json'), 'utf8')) as {
      definitions: { entry: { properties: Record<string, unknown> } };
    };
    const sample: Record<string, unknown> = {
      id: 'schema-sample', title: 't', cause: 'c', solution: 's', status: [418], types: ['x_type'], codes: ['x_code'],
      messages: ['Sample failure {n}'], contextMessages: ['sample'], retryable: true, sdkRetries: true, healthCheckHelps: false,
      docsUrl: 'https://example.com/x', exceptions: { 'openai-python-v1': 'openai.APIStatusError' },
    };
    assert.deepEqual(Object.keys(schema.definitions.entry.properties).sort(), Object.keys(sample).sort());
    const parsed = parseCatalogFile({ file: 's.json', text: JSON.stringify({ entries: [sample] }) }, () => false);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.patches, [sample]);
  });
});
