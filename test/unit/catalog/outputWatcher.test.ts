import * as assert from 'node:assert/strict';
import { builtinCatalog, OutputWatcher } from '../../../src/core/catalog';

describe('output watcher (debug console)', () => {
  it('offers each kind of OpenAI error once, with what earlier output showed as context', () => {
    const watcher = new OutputWatcher(builtinCatalog);
    assert.equal(watcher.next('Error: Request failed with status code 429\n'), undefined, 'nothing shows OpenAI yet');
    assert.equal(watcher.next('    at createError (/app/node_modules/openai/node_modules/axios/lib/core/createError.js:16:15)\n'), undefined);
    assert.equal(watcher.mentionsOpenAI, true);
    assert.equal(watcher.next('Error: Request failed with status code 429\n')?.id, 'rate-limit-or-quota');
    assert.equal(watcher.next('Error: Request failed with status code 429\n'), undefined, 'not offered twice');
    assert.equal(watcher.next('openai.APITimeoutError: Request timed out.\n')?.id, 'timeout');
  });

  it('stays quiet for output that is not about OpenAI', () => {
    const watcher = new OutputWatcher(builtinCatalog);
    assert.equal(watcher.next('GET /health 200 OK\n'), undefined);
    assert.equal(watcher.next('google.api_core.exceptions.ResourceExhausted: 429 Resource has been exhausted\n'), undefined);
    assert.equal(watcher.mentionsOpenAI, false);
  });
});
