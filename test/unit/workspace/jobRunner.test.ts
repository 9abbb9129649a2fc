// The runners must hand back one result per job, in job order, whichever thread processed it.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { languageOfFile } from '../../../src/core/languages';
import type { FileJob } from '../../../src/core/workspace/fileProcessor';
import { InProcessRunner, WorkerPoolRunner } from '../../../src/core/workspace/jobRunner';
import { repoRoot } from '../analysis/support';

function sourceFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFilesUnder(full);
    return languageOfFile(full) ? [full] : [];
  });
}

describe('job runners', () => {
  const options = { maxBytes: 1 << 20, extraClientNames: [] };
  const files = sourceFilesUnder(path.join(repoRoot, 'test/fixtures/crossfile')).sort();
  // Enough jobs for several batches, so this thread and the worker both take some.
  const jobs: FileJob[] = Array.from({ length: 8 }, () => files)
    .flat()
    .map((file, index) => ({ path: file, language: languageOfFile(file)!, mode: index % 2 === 0 ? 'analyze' : 'summarize' }));

  it('gives the same results, in job order, when this thread works beside a worker', async () => {
    assert.ok(jobs.length > 100, `only ${jobs.length} jobs`);
    const inThread = new InProcessRunner(options);
    const shared = new WorkerPoolRunner(options, 1, true);
    try {
      const expected = await inThread.run(jobs);
      const actual = await shared.run(jobs);
      assert.deepEqual(actual, expected);
      assert.ok(expected.some((result) => (result.findings?.length ?? 0) > 0));
    } finally {
      await inThread.dispose();
      await shared.dispose();
    }
  });
});
