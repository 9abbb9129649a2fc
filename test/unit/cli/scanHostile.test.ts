// `scan` and `scan --fix` against hostile files (issue 10, items 13-15): nothing is skipped in silence, a byte-order
// mark costs no findings, and --fix never loses an edit, leaves a temporary file, or changes what a file is
// (mode, owner, symlink, hard link, read-only).
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';
import { replaceFileContents, type FileReplacer } from '../../../src/cli/safeWrite';
import { scanPaths } from '../../../src/cli/scan';

const unhandledPython = 'from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model="m", messages=[])\n';

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, readStdin: async () => '', stdinIsTTY: true, cwd, env: { LANG: 'C' } };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function scratch(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'oeg-hostile-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(root, name), content);
  return root;
}

function utf16(text: string, bigEndian = false): Buffer {
  const little = Buffer.from(`\ufeff${text}`, 'utf16le');
  return bigEndian ? little.swap16() : little;
}

describe('scan on hostile files (issue 10)', () => {
  describe('13: nothing is skipped in silence', () => {
    let root: string;
    before(() => {
      root = scratch({
        'big.py': `${unhandledPython}${'padding = "a line to make the file large"\n'.repeat(30_000)}`,
        'bundle.min.js': `import OpenAI from 'openai';const c=new OpenAI();c.models.list();${'var a=1;'.repeat(5000)}`,
        'nul.py': `${unhandledPython}\0`,
        'wide.py': utf16(unhandledPython),
        'wide-be.py': utf16(unhandledPython, true),
      });
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it('text: names each skipped file and why; UTF-16 files with a byte-order mark are read', async () => {
      const run = await cli(['scan'], root);
      assert.match(run.stdout, /^wide\.py:3:1 /m);
      assert.match(run.stdout, /^wide-be\.py:3:1 /m);
      assert.match(run.stdout, /big\.py: skipped: .*larger than 1024 KB.*--max-file-size/);
      assert.match(run.stdout, /bundle\.min\.js: skipped: .*minified/);
      assert.match(run.stdout, /nul\.py: skipped: .*binary/);
      assert.match(run.stdout, /^3 file\(s\) skipped/m);
    });

    it('json: a top-level "skipped" list with path and reason', async () => {
      const json = JSON.parse((await cli(['scan', '--format', 'json'], root)).stdout);
      assert.equal(json.version, 1);
      assert.deepEqual(json.skipped, [
        { path: 'big.py', reason: 'too-large' },
        { path: 'bundle.min.js', reason: 'minified' },
        { path: 'nul.py', reason: 'binary' },
      ]);
    });

    it('sarif: one tool execution notification per skipped file', async () => {
      const sarif = JSON.parse((await cli(['scan', '--format', 'sarif'], root)).stdout);
      const notifications = sarif.runs[0].invocations[0].toolExecutionNotifications;
      assert.deepEqual(notifications.map((n: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => n.locations[0].physicalLocation.artifactLocation.uri), ['big.py', 'bundle.min.js', 'nul.py']);
      assert.ok(notifications.every((n: { level: string; message: { text: string } }) => n.level === 'warning' && n.message.text.length > 0));
      assert.equal(sarif.runs[0].invocations[0].executionSuccessful, true);
    });

    it('--max-file-size raises the limit, and a bad value is a usage error', async () => {
      const run = await cli(['scan', '--format', 'json', '--max-file-size', '4096', 'big.py'], root);
      const json = JSON.parse(run.stdout);
      assert.deepEqual(json.files.map((file: { path: string }) => file.path), ['big.py']);
      assert.equal(json.skipped, undefined);
      for (const bad of ['0', '-1', 'lots', '99999999999']) assert.equal((await cli(['scan', '--max-file-size', bad], root)).code, 2, bad);
    });
  });

  it('14: a .py and a .js file that start with a UTF-8 byte-order mark keep their findings, and --fix keeps the mark', async () => {
    const root = scratch({ 'bom.py': `\ufeff${unhandledPython}`, 'bom.js': "\ufeffimport OpenAI from 'openai';\nconst c = new OpenAI();\nawait c.models.list();\n" });
    try {
      const json = JSON.parse((await cli(['scan', '--format', 'json'], root)).stdout);
      assert.deepEqual(json.files.map((file: { path: string; findings: unknown[] }) => [file.path, file.findings.length]), [['bom.js', 1], ['bom.py', 1]]);
      assert.deepEqual(json.files[1].findings[0].range.start, { line: 3, character: 1 });
      await cli(['scan', '--fix'], root);
      const fixed = fs.readFileSync(path.join(root, 'bom.py'));
      assert.deepEqual([...fixed.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      assert.match(fixed.toString('utf8'), /except openai\./);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  describe('15: scan --fix', () => {
    let root: string;
    beforeEach(() => { root = scratch({ 'app.py': unhandledPython }); });
    afterEach(() => {
      for (const name of fs.readdirSync(root)) fs.chmodSync(path.join(root, name), 0o644);
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('an edit made while the file is being fixed is kept: the file is left alone and this is said', async () => {
      const file = path.join(root, 'app.py');
      const editingWhileFixing: FileReplacer = async (target, original, replacement) => {
        fs.appendFileSync(target, 'print("added by the user during the fix")\n');
        return replaceFileContents(target, original, replacement);
      };
      const errors: string[] = [];
      const result = await scanPaths([file], root, { extraClientNames: [], maxBytes: 1 << 20, fix: { handlerStyle: 'logAndRethrow', errorClasses: [], extraClientNames: [] }, replaceFile: editingWhileFixing }, (_, error) => errors.push(String(error)));
      assert.match(fs.readFileSync(file, 'utf8'), /added by the user during the fix/);
      assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /except/);
      assert.match(errors.join('\n'), /changed while it was being fixed/);
      assert.equal(result.files.length, 1, 'the unfixed finding is still reported');
    });

    it('a full disk leaves no temporary file, keeps the findings and exits non-zero with the reason', async () => {
      const file = path.join(root, 'app.py');
      const fullDisk: FileReplacer = (target, original, replacement) => replaceFileContents(target, original, replacement, {
        write: async () => { throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }); },
      });
      const errors: string[] = [];
      const result = await scanPaths([file], root, { extraClientNames: [], maxBytes: 1 << 20, fix: { handlerStyle: 'logAndRethrow', errorClasses: [], extraClientNames: [] }, replaceFile: fullDisk }, (_, error) => errors.push(String(error)));
      assert.deepEqual(fs.readdirSync(root), ['app.py'], 'no temporary file is left behind');
      assert.equal(fs.readFileSync(file, 'utf8'), unhandledPython);
      assert.match(errors.join('\n'), /ENOSPC/);
      assert.equal(result.files[0]?.findings.length, 1, 'the call that was not fixed is still reported');
    });

    it('refuses a read-only (0444) file with a message and leaves it as it was', async () => {
      const file = path.join(root, 'app.py');
      fs.chmodSync(file, 0o444);
      const run = await cli(['scan', '--fix'], root);
      assert.equal(fs.readFileSync(file, 'utf8'), unhandledPython);
      assert.equal(fs.statSync(file).mode & 0o777, 0o444);
      assert.match(run.stderr, /app\.py.*read-only/);
      assert.equal(run.code, 2);
    });

    it('keeps the mode, writes through a symlink to its target, and keeps hard links', async () => {
      const file = path.join(root, 'app.py');
      fs.chmodSync(file, 0o640);
      fs.symlinkSync('app.py', path.join(root, 'link.py'));
      fs.linkSync(file, path.join(root, 'hard.py'));
      const inode = fs.statSync(file).ino;
      const run = await cli(['scan', '--fix', 'link.py'], root);
      assert.equal(run.code, 0, run.stderr + run.stdout);
      assert.ok(fs.lstatSync(path.join(root, 'link.py')).isSymbolicLink(), 'the symlink is still a symlink');
      assert.match(fs.readFileSync(file, 'utf8'), /except openai\./);
      assert.equal(fs.statSync(file).ino, inode, 'the hard link still shares the file');
      assert.match(fs.readFileSync(path.join(root, 'hard.py'), 'utf8'), /except openai\./);
      assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    });

    it('keeps the mode and owner of an ordinary file, and leaves no temporary file', async () => {
      const file = path.join(root, 'app.py');
      fs.chmodSync(file, 0o600);
      const { uid, gid } = fs.statSync(file);
      await cli(['scan', '--fix'], root);
      const after = fs.statSync(file);
      assert.deepEqual([after.mode & 0o777, after.uid, after.gid], [0o600, uid, gid]);
      assert.deepEqual(fs.readdirSync(root), ['app.py']);
      assert.match(fs.readFileSync(file, 'utf8'), /except openai\./);
    });

    it('creates its temporary file exclusively, under a name no one can guess, never following a planted link', async () => {
      const file = path.join(root, 'app.py');
      const victim = path.join(root, 'victim.txt');
      fs.writeFileSync(victim, 'do not touch\n');
      // The name the old code used: a link planted there would have been followed.
      fs.symlinkSync(victim, path.join(root, `.app.py.openai-error-guard-${process.pid}.tmp`));
      const names: string[] = [];
      await replaceFileContents(file, fs.readFileSync(file), Buffer.from('print(1)\n'), {
        onTemporaryFile: (name) => names.push(path.basename(name)),
      });
      await replaceFileContents(file, fs.readFileSync(file), Buffer.from('print(2)\n'), {
        onTemporaryFile: (name) => names.push(path.basename(name)),
      });
      assert.equal(fs.readFileSync(victim, 'utf8'), 'do not touch\n');
      assert.equal(fs.readFileSync(file, 'utf8'), 'print(2)\n');
      assert.notEqual(names[0], names[1]);
      assert.ok(names.every((name) => /[0-9a-f]{16}/.test(name)), names.join(', '));
    });
  });

  describe('already right (regressions)', () => {
    let root: string;
    before(() => {
      root = scratch({
        'app.py': unhandledPython,
        'long-line.js': `import OpenAI from 'openai';${'a'.repeat(10 * 1024 * 1024)}`,
        'random.py': Buffer.from(Array.from({ length: 200_000 }, (_, index) => (index * 7919 + 13) % 256)),
        'deep.py': `import openai\nx = ${'(\n'.repeat(20_000)}1${')\n'.repeat(20_000)}\nopenai.files.list()\n`,
        'quotes.py': `import openai\n${'"\\\\'.repeat(5000)}\n`,
      });
      fs.mkdirSync(path.join(root, 'sub'));
      fs.symlinkSync('..', path.join(root, 'sub', 'loop'));
      fs.symlinkSync('missing.py', path.join(root, 'dangling.py'));
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it('a 10 MB line, random binary, deep nesting, a symlink loop and a dangling link do not stop the scan', async () => {
      const run = await cli(['scan', '--format', 'json'], root);
      const json = JSON.parse(run.stdout);
      assert.deepEqual(json.files.map((file: { path: string }) => file.path), ['app.py', 'deep.py']);
      assert.deepEqual(json.skipped.map((file: { path: string; reason: string }) => `${file.path}:${file.reason}`), ['long-line.js:too-large', 'random.py:binary']);
    });

    it('is deterministic: two scans print the same bytes', async () => {
      const first = await cli(['scan', '--format', 'sarif'], root);
      const second = await cli(['scan', '--format', 'sarif'], root);
      assert.equal(first.stdout, second.stdout);
    });
  });
});
