// The CLI's young-generation cap, measured in fresh processes: V8 fixes heap sizes when an isolate starts, so
// only a new process shows where the young generation grows to.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { tuningAppliesTo } from '../../../src/cli/v8Tuning';

const tuning = path.resolve(__dirname, '../../../src/cli/v8Tuning.js');

/**
 * Largest young generation (bytes) of a process that keeps each of many small batches of objects alive for a
 * few turns of the event loop, as a scan keeps its per-file results: survivors make V8 grow the space.
 */
function largestYoungGeneration(capMB: number | undefined, stopAfterRound?: number): number {
  const script = `
    const tuning = require(${JSON.stringify(tuning)});
    const stop = ${capMB === undefined ? 'undefined' : `tuning.capYoungGeneration(${capMB})`};
    (async () => {
      let largest = 0;
      const kept = [];
      for (let round = 0; round < 3000; round++) {
        if (round === ${stopAfterRound ?? -1}) stop();
        kept.push(Array.from({ length: 2000 }, (_, i) => ({ i, text: 'x' + i })));
        if (kept.length > 4) kept.shift();
        largest = Math.max(largest, tuning.youngGenerationBytes());
        await new Promise((resolve) => setImmediate(resolve));
      }
      process.stdout.write(String(largest));
    })();`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

const MB = 1024 * 1024;

describe('CLI V8 tuning: young generation cap', function () {
  this.timeout(60_000);

  it('without the cap, V8 grows the young generation past 16 MB (what the cap is for)', () => {
    assert.ok(largestYoungGeneration(undefined) > 16 * MB);
  });

  it('with a 4 MB cap, both semi-spaces together stay within one growth step of 8 MB', () => {
    // 8 MB on a quiet machine; see the 1 MB case below for the one step more.
    const largest = largestYoungGeneration(4);
    assert.ok(largest <= 16 * MB, `${largest / MB} MB`);
    // The cap limits growth; it does not hold the space at its starting size.
    assert.ok(largest > 1 * MB, `${largest / MB} MB`);
  });

  it('a 1 MB cap holds the space within one growth step of 2 MB', () => {
    // Collections are reported after they end: two that come before the observer runs can grow the space once
    // more than the cap (seen under load, about one run in ten). Without the cap it grows past 8 MB.
    const largest = largestYoungGeneration(1);
    assert.ok(largest >= 2 * MB && largest <= 4 * MB, `${largest / MB} MB`);
  });

  it('stopping the cap lets the space grow again', () => {
    assert.ok(largestYoungGeneration(1, 100) > 4 * MB);
  });
});

describe('CLI V8 tuning: which V8 it applies to', () => {
  it('applies to the V8 of Node 20, where it was measured', () => {
    assert.equal(tuningAppliesTo('11.3.244.8-node.30'), true);
  });

  it('leaves other V8 versions with their own settings', () => {
    for (const version of ['10.2.154.26-node.36', '12.4.254.21-node.33', '13.6.233.10-node.18', '']) {
      assert.equal(tuningAppliesTo(version), false, version);
    }
  });

  it('on another V8 it sets no flag, so nothing is written to stderr', () => {
    const script = `const applied = require(${JSON.stringify(tuning)}).tuneV8ForBatchRun('99.1.0'); process.stdout.write(String(applied));`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(result.stdout, 'false');
    assert.equal(result.stderr, '');
  });

  it('on this V8 (Node 20) it applies, and V8 knows every flag it sets', () => {
    const script = `const applied = require(${JSON.stringify(tuning)}).tuneV8ForBatchRun(); process.stdout.write(String(applied));`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(result.stdout, String(tuningAppliesTo(process.versions.v8)));
    assert.equal(result.stderr, '');
  });
});
