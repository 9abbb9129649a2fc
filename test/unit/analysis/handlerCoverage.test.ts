import * as assert from 'node:assert/strict';
import { catchesSomeRequestError, escapingClasses, unreachableHandlers } from '../../../src/core/analysis/handlerCoverage';

const typed = (...classes: string[]) => ({ catchesAll: false, classes });

describe('handler coverage', () => {
  it('names a whole uncaught subtree by its root', () => {
    assert.deepEqual(escapingClasses('openai-python-v1', [typed('APIStatusError')]), ['APIConnectionError']);
    assert.deepEqual(escapingClasses('openai-python-v1', [typed('APIStatusError')], true), ['APIConnectionError', 'APIResponseValidationError']);
  });

  it("counts the SDK README's handlers as complete unless the client validates responses strictly", () => {
    const readme = [typed('APIConnectionError'), typed('RateLimitError'), typed('APIStatusError')];
    assert.deepEqual(escapingClasses('openai-python-v1', readme), []);
    assert.deepEqual(escapingClasses('openai-python-v1', readme, true), ['APIResponseValidationError']);
    assert.equal(catchesSomeRequestError('openai-python-v1', [typed('APIResponseValidationError')]), false);
    assert.equal(catchesSomeRequestError('openai-python-v1', [typed('APIResponseValidationError')], true), true);
  });

  it('names a partly caught class for its own instances', () => {
    assert.deepEqual(escapingClasses('openai-python-v1', [typed('APITimeoutError', 'APIStatusError', 'APIResponseValidationError')]), ['APIConnectionError']);
  });

  it('treats the root, APIError and catch-alls as complete', () => {
    assert.deepEqual(escapingClasses('openai-python-v1', [typed('OpenAIError')]), []);
    assert.deepEqual(escapingClasses('openai-node-v4', [typed('APIError')]), []);
    assert.deepEqual(escapingClasses('openai-python-v0', [{ catchesAll: true, classes: [] }]), []);
  });

  it('does not count handlers for unrelated classes', () => {
    assert.equal(catchesSomeRequestError('openai-python-v1', [typed()]), false);
    assert.equal(catchesSomeRequestError('openai-python-v0', [typed('RateLimitError')]), true);
  });

  it('finds a handler after its superclass, and after a catch-all', () => {
    assert.deepEqual(unreachableHandlers('openai-python-v1', [typed('APIConnectionError'), typed('APITimeoutError')]), [{ index: 1, shadowedBy: 'APIConnectionError', caught: 'APITimeoutError' }]);
    assert.deepEqual(unreachableHandlers('openai-node-v4', [{ catchesAll: true, classes: [] }, typed('RateLimitError')]).map((u) => u.shadowedBy), ['*']);
    assert.deepEqual(unreachableHandlers('openai-python-v1', [typed('APITimeoutError'), typed('APIConnectionError')]), []);
  });
});
