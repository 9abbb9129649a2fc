import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { maskApiKey, findKeyProblem } from '../../../src/core/health/apiKey';
import { redactKey } from '../../../src/core/health/redaction';
import { parseDotenv } from '../../../src/core/health/dotenv';
import { resolveApiKey } from '../../../src/core/health/keySource';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/health');

describe('API key masking', () => {
  it('keeps the type prefix and the last four characters', () => {
    assert.equal(maskApiKey('sk-abcdefghijklmnopqrstuvwxyz1234'), 'sk-…1234');
    assert.equal(maskApiKey('sk-proj-abcdefghijklmnopqrstuvwxyzQ9z1'), 'sk-proj-…Q9z1');
    assert.equal(maskApiKey('sk-svcacct-abcdefghijklmnopqrstuv0000'), 'sk-svcacct-…0000');
    assert.equal(maskApiKey('0123456789abcdef0123456789abcdef'), '…cdef');
  });

  it('shows nothing of a key too short to hide', () => {
    assert.equal(maskApiKey('sk-short'), 'sk-…');
    assert.equal(maskApiKey('abc'), '…');
  });

  it('replaces every occurrence of the key in a text', () => {
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyzQ9z1';
    assert.equal(redactKey(`bad ${key} and ${key}`, key), 'bad sk-proj-…Q9z1 and sk-proj-…Q9z1');
    assert.equal(redactKey('nothing here', undefined), 'nothing here');
  });
});

describe('malformed keys', () => {
  const good = 'sk-proj-abcdefghijklmnopqrstuvwxyzQ9z1';
  it('accepts a plausible key', () => assert.equal(findKeyProblem(good, 'openai', true), undefined));
  it('names a line break, spaces, quotes and invisible characters', () => {
    assert.match(findKeyProblem(`${good}\r\n`, 'openai', true) ?? '', /line break/);
    assert.match(findKeyProblem(`${good} `, 'openai', true) ?? '', /space/);
    assert.match(findKeyProblem('sk-proj-abc defghijklmnopqrstuvwxyz', 'openai', true) ?? '', /space/);
    assert.match(findKeyProblem(`'${good}'`, 'openai', true) ?? '', /quote/);
    assert.match(findKeyProblem(`\u201c${good}\u201d`, 'openai', true) ?? '', /quote/);
    assert.match(findKeyProblem(`${good}\u200b`, 'openai', true) ?? '', /invisible/);
  });
  it('expects sk- only for the official service, never for Azure', () => {
    assert.match(findKeyProblem('AIzaSyA0123456789abcdefghij', 'openai', true) ?? '', /sk-/);
    assert.equal(findKeyProblem('AIzaSyA0123456789abcdefghij', 'openai', false), undefined);
    assert.equal(findKeyProblem('0123456789abcdef0123456789abcdef', 'azure', true), undefined);
  });
  it('flags a key that looks cut off', () => assert.match(findKeyProblem('sk-abc', 'openai', true) ?? '', /cut off/));
});

describe('.env parsing', () => {
  it('reads export prefixes, quotes, escapes and comments', () => {
    const values = parseDotenv([
      '# comment',
      'export A=plain value # trailing comment',
      'B="double \\"quoted\\"\\nline"',
      "C='single # not a comment'",
      'D=',
      'E = spaced  ',
      'not a pair',
    ].join('\r\n'));
    assert.equal(values.get('A'), 'plain value');
    assert.equal(values.get('B'), 'double "quoted"\nline');
    assert.equal(values.get('C'), 'single # not a comment');
    assert.equal(values.get('D'), '');
    assert.equal(values.get('E'), 'spaced');
    assert.equal(values.size, 5);
  });
  it('keeps an unclosed quote so the key check can name it', () => {
    assert.equal(parseDotenv('OPENAI_API_KEY="sk-abc').get('OPENAI_API_KEY'), '"sk-abc');
  });
});

describe('key resolution order', () => {
  const variables = ['OPENAI_API_KEY'];
  const folder = path.join(fixtures, 'dotenv-project');
  it('secret storage first', () => {
    const { resolved } = resolveApiKey({ secret: 'sk-secret', env: { OPENAI_API_KEY: 'sk-env' }, dotenvFolder: folder, variables });
    assert.deepEqual(resolved, { key: 'sk-secret', source: 'secret-storage' });
  });
  it('then the environment', () => {
    const { resolved } = resolveApiKey({ env: { OPENAI_API_KEY: 'sk-env' }, dotenvFolder: folder, variables });
    assert.deepEqual(resolved, { key: 'sk-env', source: 'env:OPENAI_API_KEY' });
  });
  it('then the .env file, with quotes removed as dotenv loaders do', () => {
    assert.deepEqual(resolveApiKey({ env: { OPENAI_API_KEY: '' }, dotenvFolder: folder, variables }).resolved,
      { key: 'sk-proj-DOTENVdotenvDOTENV0123456789dotn', source: 'dotenv:OPENAI_API_KEY' });
    assert.equal(resolveApiKey({ env: {}, dotenvFolder: path.join(fixtures, 'dotenv-quoted'), variables }).resolved?.key, 'sk-proj-SINGLEquotedSINGLE0123456789sing');
  });
  it('never reads .env when no folder is allowed (an untrusted workspace)', () => {
    assert.equal(resolveApiKey({ env: {}, variables }).resolved, undefined);
  });
  it('tries the variables in the order given (Azure first for Azure endpoints)', () => {
    const { resolved } = resolveApiKey({ env: { OPENAI_API_KEY: 'sk-a', AZURE_OPENAI_API_KEY: 'az' }, variables: ['AZURE_OPENAI_API_KEY', 'OPENAI_API_KEY'] });
    assert.equal(resolved?.source, 'env:AZURE_OPENAI_API_KEY');
  });
  it('notes a .env that exists but cannot be read, without failing', () => {
    const { resolved, notes } = resolveApiKey({ env: {}, dotenvFolder: path.join(fixtures, 'dotenv-is-a-folder'), variables });
    assert.equal(resolved, undefined);
    assert.match(notes.join(' '), /EISDIR/);
  });
});
