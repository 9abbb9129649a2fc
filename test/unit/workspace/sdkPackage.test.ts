// The SDK's own package: found from a file's project root (package.json or pyproject.toml named `openai`),
// and what it means for a file of it (its sources are the implementation; relative imports of them import the SDK).
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { importsSdkSource, isSdkOwnSource } from '../../../src/core/analysis/sdkPackage';
import { sdkPackageOf } from '../../../src/core/workspace/sdkPackage';
import { repoRoot } from '../analysis/support';

const crossfile = path.join(repoRoot, 'test/fixtures/crossfile');

describe('workspace: the SDK\'s own package', () => {
  it('finds an npm package named openai from its sources and its tests', () => {
    const root = path.join(crossfile, 'javascript-sdk-package');
    const source = sdkPackageOf(path.join(root, 'src/resources/completions.ts'));
    assert.deepEqual(source, { file: path.join(root, 'src/resources/completions.ts'), sourceFolder: path.join(root, 'src') });
    assert.equal(isSdkOwnSource(source), true);
    const test = sdkPackageOf(path.join(root, 'tests/completions.test.ts'));
    assert.equal(test?.sourceFolder, path.join(root, 'src'));
    assert.equal(isSdkOwnSource(test), false);
  });

  it('finds a Python project named openai by its [project] table, not by another table\'s name', () => {
    const sdk = sdkPackageOf(path.join(crossfile, 'python-sdk-package/src/openai/resources/completions.py'));
    assert.equal(isSdkOwnSource(sdk), true);
    assert.equal(sdkPackageOf(path.join(crossfile, 'python-other-package/src/openai/resources/completions.py')), undefined);
  });

  it('finds nothing for projects named otherwise, broken manifests or files in no project', () => {
    assert.equal(sdkPackageOf(path.join(crossfile, 'javascript-other-package/src/resources/completions.ts')), undefined);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'oeg-sdk-package-'));
    try {
      fs.mkdirSync(path.join(scratch, 'broken', 'src'), { recursive: true });
      fs.writeFileSync(path.join(scratch, 'broken', 'package.json'), '{ "name": "openai", ');
      assert.equal(sdkPackageOf(path.join(scratch, 'broken', 'src', 'index.ts')), undefined);
      // A nested project (an ecosystem test app with its own package.json) is its own project, not the SDK.
      fs.mkdirSync(path.join(scratch, 'sdk', 'ecosystem-tests', 'app', 'src'), { recursive: true });
      fs.writeFileSync(path.join(scratch, 'sdk', 'package.json'), JSON.stringify({ name: 'openai' }));
      fs.writeFileSync(path.join(scratch, 'sdk', 'ecosystem-tests', 'app', 'package.json'), JSON.stringify({ name: 'app' }));
      assert.equal(sdkPackageOf(path.join(scratch, 'sdk', 'ecosystem-tests', 'app', 'src', 'index.ts')), undefined);
      assert.equal(isSdkOwnSource(sdkPackageOf(path.join(scratch, 'sdk', 'ecosystem-tests', 'x.ts'))), false);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('takes relative imports into the source folder as imports of the SDK, and nothing else', () => {
    const bench = { file: '/work/sdk/tests/benchmarks/parse.bench.ts', sourceFolder: '/work/sdk/src' };
    for (const specifier of ['../../src', '../../src/index', '../../src/lib/parser', './../../src/']) assert.equal(importsSdkSource(bench, specifier), true, specifier);
    for (const specifier of ['openai', '../../srcs', '../src', '../../../src', 'src']) assert.equal(importsSdkSource(bench, specifier), false, specifier);
    assert.equal(importsSdkSource(undefined, '../../src'), false);
  });
});
