// Golden multi-file projects (test/fixtures/crossfile/<case>/): each is scanned as the CLI scans it, and the
// findings per file are compared with <case>/expected.json. UPDATE_GOLDEN=1 rewrites the expectations (review
// every diff by hand).
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { scanProjects, type ProjectScanOptions } from '../../../src/core/workspace/projectScan';
import type { Finding } from '../../../src/core/types';
import { describeFinding, repoRoot } from '../analysis/support';

const casesDir = path.join(repoRoot, 'test/fixtures/crossfile');
const update = process.env.UPDATE_GOLDEN === '1';
const cases = fs.readdirSync(casesDir).filter((name) => fs.statSync(path.join(casesDir, name)).isDirectory()).sort();

async function scan(targets: string[], options: Partial<ProjectScanOptions> = {}): Promise<Map<string, Finding[]>> {
  const errors: string[] = [];
  const { findings } = await scanProjects(targets, { extraClientNames: [], maxBytes: 1 << 20, followCallers: true, workers: 0, ...options }, (file, error) => errors.push(`${file}: ${String(error)}`));
  assert.deepEqual(errors, []);
  return findings;
}

function byRelativePath(root: string, findings: Map<string, Finding[]>): Record<string, Record<string, unknown>[]> {
  const result: Record<string, Record<string, unknown>[]> = {};
  for (const file of [...findings.keys()].sort()) result[path.relative(root, file).split(path.sep).join('/')] = (findings.get(file) ?? []).map(describeFinding);
  return result;
}

function brief(findings: Record<string, Record<string, unknown>[]>): string[] {
  return Object.entries(findings).flatMap(([file, list]) => list.map((finding) => `${file} ${String(finding.range)} ${String(finding.call)}`));
}

describe('workspace: handling in callers across files (golden projects)', () => {
  for (const name of cases) {
    it(name, async () => {
      const root = path.join(casesDir, name);
      const actual = byRelativePath(root, await scan([root]));
      const expectedFile = path.join(root, 'expected.json');
      if (update) fs.writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
      assert.deepEqual(actual, JSON.parse(fs.readFileSync(expectedFile, 'utf8')));
    });
  }

  it('keeps every finding of a call only its callers handle when caller-following is off', async () => {
    const root = path.join(casesDir, 'python');
    const followed = brief(byRelativePath(root, await scan([root])));
    const alone = brief(byRelativePath(root, await scan([root], { followCallers: false })));
    assert.ok(alone.some((finding) => finding.startsWith('app/llm.py 11:')), 'fetch() is reported without caller-following');
    assert.ok(!followed.some((finding) => finding.startsWith('app/llm.py 11:')), 'fetch() is protected by chat() with caller-following');
    assert.ok(!alone.some((finding) => finding.startsWith('app/files.py')), 'files.list on an imported name is only known as a call through the index');
  });

  it('indexes the whole project when one file of it is scanned', async () => {
    const root = path.join(casesDir, 'python');
    const file = path.join(root, 'app', 'llm.py');
    const whole = byRelativePath(root, await scan([root]));
    const single = byRelativePath(root, await scan([file]));
    assert.deepEqual(Object.keys(single), ['app/llm.py']);
    assert.deepEqual(single['app/llm.py'], whole['app/llm.py']);
  });

  it('reports only the files it is given, with the findings a scan of their whole project gives them', async () => {
    for (const name of cases) {
      const root = path.join(casesDir, name);
      const whole = byRelativePath(root, await scan([root]));
      for (const file of Object.keys(whole)) {
        const single = byRelativePath(root, await scan([path.join(root, file)]));
        assert.deepEqual(Object.keys(single), [file], `${name}: ${file} scanned alone`);
        assert.deepEqual(single[file], whole[file], `${name}: ${file} scanned alone`);
      }
    }
  });

  it('gives the same findings over worker threads as in this thread', async () => {
    const roots = cases.map((name) => path.join(casesDir, name));
    const inThread = await scan(roots);
    const inWorkers = await scan(roots, { workers: 2 });
    assert.deepEqual(byRelativePath(casesDir, inWorkers), byRelativePath(casesDir, inThread));
  });
});
