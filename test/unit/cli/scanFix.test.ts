// `scan --fix` writes the preferred fixes into the files, keeps every line of the user's code, and reports
// what is left.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, readStdin: async () => '', stdinIsTTY: true, cwd, env: { LANG: 'C' } };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Whether `lines` appear in `text` in the same order (each trimmed, as a wrap re-indents them). */
function keepsLinesInOrder(original: string, fixed: string): boolean {
  const fixedLines = fixed.split(/\r?\n/).map((line) => line.trim());
  let at = 0;
  for (const line of original.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
    at = fixedLines.indexOf(line, at);
    if (at === -1) return false;
    at++;
  }
  return true;
}

const pythonSource = [
  'import openai',
  'from openai import OpenAI',
  '',
  'client = OpenAI()',
  '',
  '',
  'def ask(question):',
  '    answer = client.chat.completions.create(',
  '        model="gpt-4o-mini",',
  '        messages=[{"role": "user", "content": question}],',
  '    )',
  '    return answer.choices[0].message.content',
  '',
].join('\n');

const typescriptSource = [
  "import OpenAI from 'openai';",
  '',
  'const client = new OpenAI();',
  '',
  'export async function listModels(): Promise<string[]> {',
  '  const page = await client.models.list();',
  '  return page.data.map((model) => model.id);',
  '}',
  '',
].join('\n');

describe('scan --fix', () => {
  let tree: string;
  beforeEach(() => {
    tree = fs.mkdtempSync(path.join(os.tmpdir(), 'oeg-scan-fix-'));
    fs.writeFileSync(path.join(tree, 'ask.py'), pythonSource);
    fs.writeFileSync(path.join(tree, 'models.ts'), typescriptSource);
    fs.writeFileSync(path.join(tree, 'broken.py'), 'import openai\nopenai.files.list(\n');
  });
  afterEach(() => fs.rmSync(tree, { recursive: true, force: true }));

  it('fixes every file in place, keeps every line, and a second scan finds nothing there', async () => {
    const fixed = await cli(['scan', '--fix', 'ask.py', 'models.ts'], tree);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.match(fixed.stderr, /applied 2 fix\(es\) in 2 file\(s\)/);
    const python = fs.readFileSync(path.join(tree, 'ask.py'), 'utf8');
    const typescript = fs.readFileSync(path.join(tree, 'models.ts'), 'utf8');
    assert.ok(keepsLinesInOrder(pythonSource, python), python);
    assert.ok(keepsLinesInOrder(typescriptSource, typescript), typescript);
    assert.match(python, /except openai\.RateLimitError/);
    assert.match(typescript, /instanceof OpenAI\.RateLimitError/);
    const parsed = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: python });
    assert.equal(parsed.status, 0, parsed.stderr.toString());
    const rescan = await cli(['scan', 'ask.py', 'models.ts'], tree);
    assert.equal(rescan.code, 0, rescan.stdout);
  });

  it('running it twice changes nothing more', async () => {
    await cli(['scan', '--fix', 'ask.py'], tree);
    const once = fs.readFileSync(path.join(tree, 'ask.py'), 'utf8');
    const second = await cli(['scan', '--fix', 'ask.py'], tree);
    assert.equal(fs.readFileSync(path.join(tree, 'ask.py'), 'utf8'), once);
    assert.match(second.stderr, /applied 0 fix\(es\) in 0 file\(s\)/);
  });

  it('leaves a file that does not parse untouched and leaves no temporary files', async () => {
    await cli(['scan', '--fix', '.'], tree);
    assert.equal(fs.readFileSync(path.join(tree, 'broken.py'), 'utf8'), 'import openai\nopenai.files.list(\n');
    assert.deepEqual(fs.readdirSync(tree).sort(), ['ask.py', 'broken.py', 'models.ts']);
  });

  it('honours --handler-style raiseProjectError with --project-error-class, and refuses a style without --fix', async () => {
    const fixed = await cli(['scan', '--fix', '--handler-style', 'raiseProjectError', '--project-error-class', 'app.errors:LLMError', 'ask.py'], tree);
    assert.equal(fixed.code, 0, fixed.stderr);
    const text = fs.readFileSync(path.join(tree, 'ask.py'), 'utf8');
    assert.match(text, /^from app\.errors import LLMError$/m);
    assert.match(text, /raise LLMError\("OpenAI rate limit or quota"\) from e/);
    const noClass = await cli(['scan', '--fix', '--handler-style', 'raiseProjectError', 'ask.py'], tree);
    assert.equal(noClass.code, 2);
    assert.match(noClass.stderr, /--project-error-class/);
    const usage = await cli(['scan', '--handler-style', 'retryWithBackoff', 'ask.py'], tree);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /only goes with --fix/);
  });

  it('fixes what scan reports: a call every caller handles gets no handler of its own, unless callers are not followed', async () => {
    const helper = [
      'from openai import OpenAI',
      '',
      'client = OpenAI()',
      '',
      '',
      'def fetch(question):',
      '    return client.responses.create(model="gpt-4o-mini", input=question)',
      '',
      '',
      'def summarise(text):',
      '    return client.responses.create(model="gpt-4o-mini", input=text)',
      '',
    ].join('\n');
    const caller = [
      'import logging',
      '',
      'from helper import fetch, summarise',
      '',
      'logger = logging.getLogger(__name__)',
      '',
      '',
      'def answer(question):',
      '    try:',
      '        return fetch(question)',
      '    except Exception:',
      '        logger.exception("answer failed")',
      '        raise',
      '',
      '',
      'def digest(text):',
      '    return summarise(text)',
      '',
    ].join('\n');
    const project = path.join(tree, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'pyproject.toml'), '[project]\nname = "demo"\n');
    fs.writeFileSync(path.join(project, 'helper.py'), helper);
    fs.writeFileSync(path.join(project, 'app.py'), caller);
    const scanned = await cli(['scan', '--format', 'json', 'project/helper.py'], tree);
    const reported = (JSON.parse(scanned.stdout) as { files: { findings: { range: { start: { line: number } } }[] }[] }).files.flatMap((file) => file.findings.map((finding) => finding.range.start.line));
    assert.deepEqual(reported, [11]);
    const fixed = await cli(['scan', '--fix', 'project/helper.py'], tree);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    assert.match(fixed.stderr, /applied 1 fix\(es\) in 1 file\(s\)/);
    const text = fs.readFileSync(path.join(project, 'helper.py'), 'utf8');
    assert.ok(keepsLinesInOrder(helper, text), text);
    assert.match(text, /def fetch\(question\):\n    return client\.responses\.create/);
    assert.match(text, /def summarise\(text\):\n    try:\n        return client\.responses\.create/);
    const everything = await cli(['scan', '--fix', '--no-follow-callers', 'project/helper.py'], tree);
    assert.match(everything.stderr, /applied 1 fix\(es\) in 1 file\(s\)/);
    assert.match(fs.readFileSync(path.join(project, 'helper.py'), 'utf8'), /def fetch\(question\):\n    try:/);
  });

  it('rejects the removed rethrow style', async () => {
    const usage = await cli(['scan', '--fix', '--handler-style', 'rethrow', 'ask.py'], tree);
    assert.equal(usage.code, 2);
  });
});
