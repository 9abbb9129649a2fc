// CI check of `npm start` as a newcomer meets it on a machine without desktop VS Code: it runs `npm start`
// headless, waits for the URL it prints, checks that the page answers, that the extension is installed in that
// code-server, and that the page shows it working on the demo (chat.py open, trusted, no Welcome tab, the
// unprotected calls underlined), then stops it with Ctrl+C (SIGINT) and checks that nothing is left behind.
// Prints "start: N passed, N failed" at the end, like the test suites. Usage: node .ci/check-start.mjs
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { freePort, launchChromium } from '../test/support/browserHost.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = [];
function check(name, ok, detail = '') {
  results.push(ok);
  console.log(`[start] ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
  return ok;
}
function finish() {
  const failed = results.filter((ok) => !ok).length;
  console.log(`start: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}


const port = await freePort();
const started = Date.now();
const child = spawn('npm', ['start'], {
  cwd: root,
  env: { ...process.env, OEG_FORCE_CODE_SERVER: '1', OEG_PORT: String(port) },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
let output = '';
for (const stream of [child.stdout, child.stderr]) {
  stream.on('data', (chunk) => {
    output += chunk;
    process.stdout.write(String(chunk).replace(/^(?=.)/gm, '  | '));
  });
}
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));

async function waitFor(predicate, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await predicate();
    if (value) return value;
    if (child.exitCode !== null) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return undefined;
}

const url = await waitFor(() => output.match(/http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/)?.[0], 20 * 60_000);
if (!check('npm start prints the URL', Boolean(url), url ? `after ${Math.round((Date.now() - started) / 1000)} s` : `output: ${output.slice(-500)}`)) {
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  finish();
}
const workspace = decodeURIComponent(new URL(url).searchParams.get('folder'));
const logPath = output.match(/code-server's own output: (\S+)/)?.[1];

try {
  const page = await fetch(url);
  const body = await page.text();
  check('the page answers', page.ok && body.includes('workbench'), `HTTP ${page.status}`);

  check('npm start prints no code-server noise', !/ENOTFOUND|File not found|\[\d{4}-\d\d-\d\dT/.test(output));
  check('the log path is printed and the log exists', Boolean(logPath) && existsSync(logPath), logPath);
  const extensionsDir = logPath && existsSync(logPath) ? readFileSync(logPath, 'utf8').match(/^extensions: (.+)$/m)?.[1] : undefined;
  const registry = extensionsDir && existsSync(path.join(extensionsDir, 'extensions.json'))
    ? JSON.parse(readFileSync(path.join(extensionsDir, 'extensions.json'), 'utf8')) : [];
  check('the extension is installed in that code-server', registry.some((entry) => entry.identifier?.id === 'openai-error-guard.openai-error-guard'), extensionsDir);
  check('the demo is a copy outside the clone', !workspace.startsWith(root) && existsSync(path.join(workspace, 'chat.py')), workspace);

  const { chromium } = await import('playwright-core');
  const browser = await launchChromium(chromium);
  try {
    const tab = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await tab.goto(url);
    await tab.waitForSelector('.monaco-workbench', { timeout: 120_000 });
    const chatTab = await tab.waitForSelector('.tabs-container .tab.active[aria-label*="chat.py"]', { timeout: 60_000 }).catch(() => null);
    check('chat.py is open', Boolean(chatTab));
    const squiggle = await tab.waitForSelector('.editor-instance .squiggly-warning', { timeout: 90_000 }).catch(() => null);
    check('the unprotected calls are underlined (the extension runs)', Boolean(squiggle));
    const tabs = await tab.$$eval('.tabs-container .tab', (nodes) => nodes.map((node) => node.getAttribute('aria-label') ?? ''));
    check('no Welcome tab', !tabs.some((label) => /welcome/i.test(label)), tabs.join(' | '));
    const restricted = await tab.$$eval('.statusbar-item, .banner', (nodes) => nodes.some((node) => /Restricted Mode/i.test(node.textContent ?? '')));
    check('the demo is trusted (no Restricted Mode)', !restricted);
    if (process.env.OEG_START_SCREENSHOT) await tab.screenshot({ path: process.env.OEG_START_SCREENSHOT });
  } finally {
    await browser.close();
  }
} finally {
  process.kill(-child.pid, 'SIGINT');
  const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), 30_000))]);
  check('Ctrl+C stops npm start', code !== 'timeout', `exit ${code}`);
  const stillAnswers = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false);
  check('code-server is stopped', !stillAnswers);
  check('the demo copy is deleted', !existsSync(workspace));
  const status = spawnSync('git', ['status', '--porcelain', '--', 'demo'], { cwd: root, encoding: 'utf8' });
  check('the clone is unchanged', status.status === 0 && status.stdout.trim() === '', status.stdout.trim());
  if (code === 'timeout') try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
}
finish();
