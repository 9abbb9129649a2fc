// Takes the README's pictures (media/screenshot-*.png) from a real VS Code: runs `npm start` with code-server,
// drives the page in headless Chromium the way a person would, and stops it. Run it after a visible change:
//   node scripts/take-screenshots.mjs
// Needs what `npm start` needs without desktop VS Code (the code-server toolchain and Debian's chromium).
import { spawn } from 'node:child_process';
import { freePort, launchChromium } from '../test/support/browserHost.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const media = path.join(root, 'media');


const env = { ...process.env, OEG_FORCE_CODE_SERVER: '1', OEG_PORT: String(await freePort()) };
delete env.OPENAI_API_KEY; // the health-check picture shows the diagnosis of a missing key, made without network
const start = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
let output = '';
start.stdout.on('data', (chunk) => { output += chunk; });
const url = await new Promise((resolve, reject) => {
  const timer = setInterval(() => {
    const found = output.match(/http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/)?.[0];
    if (found) { clearInterval(timer); resolve(found); }
    if (start.exitCode !== null) { clearInterval(timer); reject(new Error(`npm start ended:\n${output}`)); }
  }, 300);
});

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const browser = await launchChromium(chromium);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto(url);
  await page.waitForSelector('.editor-instance .squiggly-warning', { timeout: 120_000 });
  await pause(1500);
  const shot = async (name) => {
    await page.screenshot({ path: path.join(media, `screenshot-${name}.png`) });
    console.log(`media/screenshot-${name}.png`);
  };
  const runCommand = async (title) => {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(title);
    await pause(600);
    await page.keyboard.press('Enter');
  };

  // Diagnostics: the squiggles and the message of the first one.
  const squiggle = await page.$('.editor-instance .squiggly-warning');
  const box = await squiggle.boundingBox();
  await page.mouse.move(box.x + Math.min(40, box.width / 2), box.y + box.height / 2);
  await page.waitForSelector('.monaco-hover .marker', { timeout: 15_000 }).catch(() => undefined);
  await pause(800);
  await shot('diagnostics');

  // Quick fixes: the menu that Ctrl+. (the "Quick Fix..." command) opens on that call.
  await page.mouse.move(5, 5);
  await page.mouse.click(box.x + Math.min(40, box.width / 2), box.y + box.height / 2);
  await runCommand('Quick Fix...');
  await page.waitForSelector('.action-widget', { timeout: 15_000 });
  await pause(800);
  await shot('quick-fix');
  await page.keyboard.press('Escape');

  // Hover: an OpenAI error in a log file explained.
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type('server.log');
  await pause(600);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.tabs-container .tab.active[aria-label*="server.log"]');
  await pause(1000);
  const phrase = page.locator('.view-line span', { hasText: 'Rate limit reached' }).last();
  const phraseBox = await phrase.boundingBox();
  await page.mouse.move(phraseBox.x + 40, phraseBox.y + phraseBox.height / 2);
  await page.waitForSelector('.monaco-hover-content', { timeout: 15_000 }).catch(() => undefined);
  await pause(1200);
  await shot('hover');

  // Health check: the verdict notification and the status-bar item.
  await page.mouse.move(5, 5);
  await runCommand('OpenAI Error Guard: Check API Key and Connectivity');
  await page.waitForSelector('.notification-toast', { timeout: 30_000 });
  await pause(2500);
  await shot('health-check');
} finally {
  await browser.close();
  process.kill(-start.pid, 'SIGINT');
}
