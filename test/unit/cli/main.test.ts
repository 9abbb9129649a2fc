// The CLI's front door: help, version, and one-line usage errors with exit code 2.
import * as assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';
import type { CliIO } from '../../../src/cli/io';
import { version } from '../../../package.json';

async function cli(args: string[], env: NodeJS.ProcessEnv = { LANG: 'C' }): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, readStdin: async () => '', stdinIsTTY: true, cwd: process.cwd(), env };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe('CLI front door', () => {
  it('--help lists the three commands and exits 0', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    for (const command of ['scan', 'explain', 'doctor']) assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
  });

  it('no command prints the usage and exits 2', async () => {
    const none = await cli([]);
    assert.equal(none.code, 2);
    assert.match(none.stdout, /Usage: openai-error-guard/);
  });

  it('--version prints the package version', async () => {
    const result = await cli(['--version']);
    assert.deepEqual(result, { code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('an unknown command or flag is a one-line message and exit code 2', async () => {
    const command = await cli(['lint']);
    assert.equal(command.code, 2);
    assert.equal(command.stderr.trim().split('\n').length, 1);
    assert.match(command.stderr, /unknown command "lint"/);
    for (const name of ['scan', 'explain', 'doctor']) {
      const flag = await cli([name, '--bogus']);
      assert.equal(flag.code, 2, name);
      assert.equal(flag.stderr.trim().split('\n').length, 1, flag.stderr);
      assert.match(flag.stderr, /--bogus/);
    }
  });

  it('16: every command answers --help and -h with its own usage and exit 0', async () => {
    for (const name of ['scan', 'explain', 'doctor']) {
      for (const flag of ['--help', '-h']) {
        const help = await cli([name, flag]);
        assert.equal(help.code, 0, `${name} ${flag}: ${help.stderr}`);
        assert.match(help.stdout, new RegExp(`^Usage: openai-error-guard ${name} `, 'm'));
        assert.equal(help.stderr, '');
      }
    }
    const options = await cli(['doctor', '--help']);
    for (const flag of ['--base-url', '--timeout', '--allow-insecure-http']) assert.ok(options.stdout.includes(flag), flag);
    const scan = await cli(['scan', '--help']);
    assert.ok(scan.stdout.includes('--max-file-size'));
  });

  it('speaks Korean when LANG is ko', async () => {
    const help = await cli(['--help'], { LANG: 'ko_KR.UTF-8' });
    assert.match(help.stdout, /사용법: openai-error-guard/);
    const english = await cli(['--help'], { LANG: 'en_US.UTF-8' });
    assert.match(english.stdout, /^Usage:/);
  });
});
