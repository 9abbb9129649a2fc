// Results kept by the main thread must not keep the texts they were cut from alive. Memory is measured in a
// fresh process with a forced garbage collection, so nothing else this suite holds counts.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { detachStrings } from '../../../src/core/workspace/detachStrings';

const modulePath = path.resolve(__dirname, '../../../src/core/workspace/detachStrings.js');

/** MB still held after 40 texts of 1 MB each were cut into a result-like object each, and the texts dropped. */
function heldAfterCutting(detach: boolean): number {
  const script = `
    const v8 = require('v8');
    const vm = require('vm');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc');
    const { detachStrings } = require(${JSON.stringify(modulePath)});
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = [];
    for (let file = 0; file < 40; file++) {
      const text = ('def ask_' + file + '(question): pass\\n').padEnd(1 << 20, '#');
      const name = text.slice(4, 20);
      const result = { path: 'f' + file, summary: { functions: [{ name, line: 1 }], calls: [[name + '(', text.slice(0, 30)]] }, findings: [{ message: 'call ' + name + ' unprotected', range: { start: 1 } }] };
      kept.push(${detach ? 'detachStrings(result)' : 'result'});
    }
    gc();
    process.stdout.write(String((process.memoryUsage().heapUsed - before) / 1048576));
    if (kept.length !== 40) throw new Error('lost a result');`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

describe('workspace: detaching kept results from their file texts', () => {
  it('without detaching, the cut names keep every 1 MB text alive (what it is for)', () => {
    assert.ok(heldAfterCutting(false) > 30);
  });

  it('detached results hold their own strings, not the texts', () => {
    assert.ok(heldAfterCutting(true) < 2);
  });

  it('keeps every value equal, replaces in place, and leaves typed arrays and short strings alone', () => {
    const text = 'client.chat.completions.create(model="gpt-4o")\n'.repeat(50);
    const filter = new Uint32Array([1, 2, 3]);
    const result = {
      path: '/p/a.py',
      filter,
      summary: { functions: [{ name: text.slice(0, 30), className: '', decorators: ['ok', text.slice(7, 30)] }], exports: { main: text.slice(0, 14) }, raising: [0] },
      findings: [{ message: `reached from ${text.slice(0, 30)}`, call: text.slice(0, 30), escaping: [text.slice(12, 30)] }],
    };
    const expected = structuredClone(result);
    const detached = detachStrings(result);
    assert.equal(detached, result);
    assert.deepEqual(detached, expected);
    assert.equal(detached.filter, filter);
  });
});
