// The runners must hand back one result per job, in job order, whichever thread processed it.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { languageOfFile } from '../../../src/core/languages';
import type { FileJob, FileJobResult } from '../../../src/core/workspace/fileProcessor';
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
  /** The results of the jobs run in this thread alone, by a runner of their own. */
  async function inThread(jobs: readonly FileJob[]): Promise<FileJobResult[]> {
    const runner = new InProcessRunner(options);
    try {
      return await runner.run(jobs);
    } finally {
      await runner.dispose();
    }
  }
  const files = sourceFilesUnder(path.join(repoRoot, 'test/fixtures/crossfile')).sort();
  // Enough jobs for several batches, so this thread and the worker both take some.
  const jobs: FileJob[] = Array.from({ length: 8 }, () => files)
    .flat()
    .map((file, index) => ({ path: file, language: languageOfFile(file)!, mode: index % 2 === 0 ? 'analyze' : 'summarize' }));

  it('gives the same results, in job order, when this thread works beside a worker', async () => {
    assert.ok(jobs.length > 100, `only ${jobs.length} jobs`);
    const expected = await inThread(jobs);
    const shared = new WorkerPoolRunner(options, 1, true);
    shared.startWorkers();
    try {
      const actual = await shared.run(jobs);
      assert.deepEqual(actual, expected);
      assert.ok(expected.some((result) => (result.findings?.length ?? 0) > 0));
    } finally {
      await shared.dispose();
    }
  });

  it('summarises an analysed file only when it has findings; a summarize job always', async () => {
    const project = path.join(repoRoot, 'test/fixtures/crossfile/callers-without-findings');
    const handledOnly = path.join(project, 'app/service.py');
    const unhandled = path.join(project, 'app/llm.py');
    const [quiet, reported, asked] = await inThread([
      { path: handledOnly, language: 'python', mode: 'analyze' },
      { path: unhandled, language: 'python', mode: 'analyze' },
      { path: handledOnly, language: 'python', mode: 'summarize' },
    ]);
    assert.deepEqual(quiet.findings, []);
    assert.equal(quiet.summary, undefined);
    assert.ok(quiet.filter, 'the filter is built all the same');
    assert.equal(reported.findings?.length, 1);
    assert.deepEqual(reported.summary?.functions.map((fn) => fn.name), ['ask']);
    assert.deepEqual(asked.summary?.functions.map((fn) => fn.name), ['models', 'answer']);
  });

  it('summarises an analysed file that uses resource paths on imported names, though it shows no call of its own', async () => {
    const [result] = await inThread([{ path: path.join(repoRoot, 'test/fixtures/crossfile/python/app/files.py'), language: 'python', mode: 'analyze' }]);
    assert.deepEqual(result.receivers?.heads, ['client', 'llm']);
    assert.equal(result.findings, undefined, 'not analysed: nothing in it is known to be a client yet');
    assert.deepEqual(result.summary?.imports.map((item) => item.local), ['client', 'llm'], 'its imports tell the index where the names come from');
  });

  it('loads a grammar on the first file that needs a parse, and keeps working with it', async () => {
    const project = path.join(repoRoot, 'test/fixtures/crossfile/callers-without-findings');
    const results = await inThread(['web/llm.ts', 'app/llm.py', 'web/route.ts', 'app/llm.py'].map((file) => ({ path: path.join(project, file), language: languageOfFile(file)!, mode: 'analyze' })));
    assert.deepEqual(results.map((result) => [result.error, result.findings?.length]), [[undefined, 1], [undefined, 1], [undefined, 0], [undefined, 1]]);
  });

  describe('big files', () => {
    let dir: string;
    let bigJobs: FileJob[];
    before(() => {
      // Longer than this thread parses when it shares a scan with workers, and holding a call to analyse.
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oeg-runner-'));
      const padding = Array.from({ length: 2500 }, (_, index) => `def helper_${index}(value):\n    return value + ${index}\n`).join('\n');
      const big = path.join(dir, 'big.py');
      fs.writeFileSync(big, `from openai import OpenAI\n\nclient = OpenAI()\n\n${padding}\n\ndef ask(q):\n    return client.responses.create(model="m", input=q)\n`);
      assert.ok(fs.statSync(big).size > 64 * 1024);
      bigJobs = [...jobs.slice(0, 20), { path: big, language: 'python', mode: 'analyze' }, ...jobs.slice(20, 40)];
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('are parsed by a worker when this thread shares the scan, with the same results in job order', async () => {
      const expected = await inThread(bigJobs);
      const shared = new WorkerPoolRunner(options, 1, true);
      shared.startWorkers();
      try {
        const actual = await shared.run(bigJobs);
        assert.deepEqual(actual, expected);
        assert.equal(actual[20].findings?.length, 1);
      } finally {
        await shared.dispose();
      }
    });

    it('are parsed by this thread when no worker may start', async () => {
      const expected = await inThread(bigJobs);
      const alone = new WorkerPoolRunner(options, 0, true);
      try {
        assert.deepEqual(await alone.run(bigJobs), expected);
        assert.equal(alone.workerCount, 0);
      } finally {
        await alone.dispose();
      }
    });

    it('start no worker for a scan this thread finishes quickly, and parse their big files here', async () => {
      const expected = await inThread(bigJobs.slice(15, 25));
      const shared = new WorkerPoolRunner(options, 1, true);
      try {
        assert.deepEqual(await shared.run(bigJobs.slice(15, 25)), expected);
        assert.equal(shared.workerCount, 0);
      } finally {
        await shared.dispose();
      }
    });
  });
});
