import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';

const repoRoot = path.resolve(__dirname, '../../../..');

function makeTree(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'oeg-scan-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  write('app/main.py', 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="m", messages=[])\n');
  write('app/safe.py', 'from openai import OpenAI\nclient = OpenAI()\ntry:\n    client.files.list()\nexcept Exception:\n    pass\n');
  write('web/ü nicode.ts', "import OpenAI from 'openai';\nconst c = new OpenAI();\nawait c.models.list();\n");
  write('web/plain.ts', 'export const x = 1;\n');
  for (const skipped of ['node_modules/pkg/index.js', '.git/hooks/x.py', 'venv/lib/a.py', 'env/lib/a.py', 'dist/bundle.js', 'app/__pycache__/m.py']) {
    write(skipped, 'import openai\nopenai.files.list()\n');
  }
  write('env/pyvenv.cfg', 'home = /usr/bin\n');
  return root;
}

async function scan(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, readStdin: async () => '', stdinIsTTY: true, cwd, env: { LANG: 'C' } };
  const code = await runCli(['scan', ...args], io);
  return { code, stdout, stderr };
}

describe('scan command', () => {
  let tree: string;
  before(() => { tree = makeTree(); });
  after(() => fs.rmSync(tree, { recursive: true, force: true }));

  it('prints eslint-like text, skips dependency and build folders, exits 1 on findings', async () => {
    const { code, stdout } = await scan([], tree);
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    assert.match(lines[0], /^app\/main\.py:3:1 {2}warning {2}client\.chat\.completions\.create can fail .* {2}unhandled-call$/);
    assert.match(lines[1], /^web\/ü nicode\.ts:3:7 {2}warning {2}.* {2}unhandled-call$/);
    assert.equal(lines.length, 3);
    assert.match(lines[2], /2 problems in 2 files/);
  });

  it('writes the JSON contract with 1-based positions', async () => {
    const { code, stdout } = await scan(['--format', 'json', 'app'], tree);
    assert.equal(code, 1);
    const json = JSON.parse(stdout);
    assert.equal(json.version, 1);
    assert.deepEqual(json.files.map((f: { path: string; language: string }) => [f.path, f.language]), [['app/main.py', 'python']]);
    const [finding] = json.files[0].findings;
    assert.deepEqual([finding.rule, finding.severity, finding.call, finding.sdk], ['unhandled-call', 'warning', 'client.chat.completions.create', 'openai-python-v1']);
    assert.deepEqual(finding.range, { start: { line: 3, character: 1 }, end: { line: 3, character: 55 } });
  });

  it('writes SARIF 2.1.0 with rules, help links and relative forward-slash locations', async () => {
    const { stdout } = await scan(['--format', 'sarif'], tree);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'openai-error-guard');
    assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), ['unhandled-call', 'partial-handling', 'unreachable-handler']);
    assert.match(run.tool.driver.rules[0].helpUri, /^https:\/\/.*#rule-unhandled-call$/);
    assert.equal(run.results.length, 2);
    const location = run.results[1].locations[0].physicalLocation;
    assert.equal(location.artifactLocation.uri, 'web/%C3%BC%20nicode.ts');
    assert.deepEqual(location.region, { startLine: 3, startColumn: 7, endLine: 3, endColumn: 22 });
    assert.equal(run.results[0].ruleId, 'unhandled-call');
    assert.equal(run.results[0].level, 'warning');
  });

  it('exits 0 when nothing is found', async () => {
    const { code, stdout } = await scan(['app/safe.py', 'web/plain.ts'], tree);
    assert.equal(code, 0);
    assert.match(stdout, /No unhandled OpenAI calls found \(2 files scanned\)/);
  });

  it('treats --extra-client names as clients', async () => {
    fs.writeFileSync(path.join(tree, 'wrapped.py'), 'from lib import make_llm\nllm = make_llm()\nllm.files.list()\n');
    try {
      assert.equal((await scan(['wrapped.py'], tree)).code, 0);
      assert.equal((await scan(['--extra-client', 'make_llm', 'wrapped.py'], tree)).code, 1);
    } finally {
      fs.rmSync(path.join(tree, 'wrapped.py'));
    }
  });

  it('exits 2 with a message for a missing path, a bad format, and an unknown flag', async () => {
    const missing = await scan(['nope.py'], tree);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or folder: nope\.py/);
    assert.equal((await scan(['--format', 'xml'], tree)).code, 2);
    const unknown = await scan(['--fixx'], tree);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--fixx/);
  });

  it('works the same from the bundled dist/cli.js', function () {
    this.timeout(120_000);
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'pipe' });
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'scan', '--format', 'json'], { cwd: tree, encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).files.map((f: { path: string }) => f.path), ['app/main.py', 'web/ü nicode.ts']);
  });
});
