// The index reads each call back from its `(`: the name and receiver chain a search from the left would find.
import * as assert from 'node:assert/strict';
import { callWordAt } from '../../../src/core/workspace/summarize';

function callAtLastParen(text: string, kind: 'python' | 'js'): [string, string, number] | undefined {
  const found = callWordAt(text, text.lastIndexOf('('), kind);
  return found && [found.qualifier, found.name, found.start];
}

describe('workspace: call words read back from the parenthesis', () => {
  it('reads the name and the dotted receiver chain, spaces and optional chaining left out', () => {
    assert.deepEqual(callAtLastParen('x = self.client.ask(q)', 'python'), ['self.client', 'ask', 4]);
    assert.deepEqual(callAtLastParen('run (a)', 'python'), ['', 'run', 0]);
    assert.deepEqual(callAtLastParen('a .\n  b . c(', 'python'), ['a.b', 'c', 0]);
    assert.deepEqual(callAtLastParen('await this.llm?.ask(q)', 'js'), ['this.llm', 'ask', 6]);
    assert.deepEqual(callAtLastParen('handler?.(event)', 'js'), ['', 'handler', 0]);
    assert.deepEqual(callAtLastParen('$api.get$(1)', 'js'), ['$api', 'get$', 0]);
  });

  it('finds no call after a call, after a lone dot, on a number or without a name', () => {
    assert.equal(callAtLastParen('make().ask(q)', 'python'), undefined);
    assert.equal(callAtLastParen('x[0].ask(q)', 'js'), undefined);
    assert.equal(callAtLastParen('f(1, (2))', 'python'), undefined);
    assert.equal(callAtLastParen('9lives(', 'python'), undefined);
    assert.equal(callAtLastParen('a.(', 'js'), undefined);
  });

  it('starts the chain after a word it cannot join, as a search from the left does', () => {
    // `x().y. z(`: `y` follows a call, so the call is `z` alone (a space before it, no dot).
    assert.deepEqual(callAtLastParen('x().y. z(', 'python'), ['', 'z', 7]);
    assert.deepEqual(callAtLastParen('x(). y . z(', 'python'), ['y', 'z', 5]);
    assert.equal(callAtLastParen('x().y.z(', 'python'), undefined);
    // `$` is part of a JS name only.
    assert.deepEqual(callAtLastParen('$a.b(', 'python'), ['a', 'b', 1]);
  });
});
