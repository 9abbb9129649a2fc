// CI check of the two packages users get:
// - the npm tarball (`npm pack`, which builds first): installed by npx into an empty folder outside the clone,
//   `openai-error-guard scan .` must work on a copy of the demo (findings, exit code 1) and on a clean file (0);
// - the .vsix: what `vsce ls` lists must hold the extension bundle and its grammars, and no source maps or CLI.
// Prints "package: N passed, N failed" at the end, like the test suites. Usage: node .ci/check-package.mjs
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = [];
function check(name, ok, detail = '') {
  results.push(ok);
  console.log(`[package] ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}
function run(command, args, cwd) {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_yes: 'true' } });
}

const scratch = mkdtempSync(path.join(tmpdir(), 'oeg-package-'));
try {
  const packed = run('npm', ['pack', '--json', '--pack-destination', scratch], root);
  const manifest = packed.status === 0 ? JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) [0] : undefined;
  check('npm pack builds and writes a tarball', Boolean(manifest), manifest ? `${manifest.filename}, ${Math.round(manifest.size / 1024)} KB` : packed.stderr.slice(-800));
  if (manifest) {
    const files = manifest.files.map((file) => file.path);
    const grammars = ['tree-sitter.wasm', 'tree-sitter-python.wasm', 'tree-sitter-typescript.wasm', 'tree-sitter-tsx.wasm', 'tree-sitter-javascript.wasm'];
    check('the tarball holds dist/cli.js and the grammars beside it', ['dist/cli.js', ...grammars.map((file) => `dist/${file}`)].every((file) => files.includes(file)), files.join(' '));
    check('the tarball holds no source, tests or source maps', !files.some((file) => /^(src|test|out|demo)\/|\.map$/.test(file)));

    const tarball = path.join(scratch, manifest.filename);
    const project = path.join(scratch, 'project');
    cpSync(path.join(root, 'demo'), project, { recursive: true });
    const scan = run('npx', ['--package', tarball, 'openai-error-guard', 'scan', '.'], project);
    check('npx openai-error-guard scan . reports the demo\'s findings (exit 1)', scan.status === 1 && /unhandled-call/.test(scan.stdout), `exit ${scan.status}: ${(scan.stdout + scan.stderr).trim().split('\n').pop()}`);
    const clean = path.join(scratch, 'clean');
    cpSync(project, clean, { recursive: true, filter: (source) => !source.endsWith('.py') && !source.endsWith('.ts') });
    writeFileSync(path.join(clean, 'ok.py'), 'from openai import OpenAI\n\nclient = OpenAI()\ntry:\n    client.models.list()\nexcept Exception:\n    raise\n');
    const quiet = run('npx', ['--package', tarball, 'openai-error-guard', 'scan', '.'], clean);
    check('… and exits 0 on a project without findings', quiet.status === 0, `exit ${quiet.status}`);
  }

  const listed = run(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], root);
  const vsixFiles = listed.stdout.split('\n').map((line) => line.trim()).filter(Boolean);
  check('the .vsix holds the extension bundle, grammars, README, translations and media',
    ['dist/extension.js', 'dist/tree-sitter-python.wasm', 'README.md', 'l10n/bundle.l10n.ko.json', 'media/icon.png'].every((file) => vsixFiles.includes(file)), `${vsixFiles.length} files`);
  check('the .vsix holds no source maps and no CLI', !vsixFiles.some((file) => file.endsWith('.map') || file === 'dist/cli.js'));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const failed = results.filter((ok) => !ok).length;
console.log(`package: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
