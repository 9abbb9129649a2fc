// Full TypeScript type checking for the real-code gate (`--typecheck`): install a repository's dependencies once
// (cached across gate runs), run the project's own `tsc --noEmit` on a scratch copy before and after a fix, and
// report the errors the fix added. Errors are compared by (file, code, message), not by line, because a fix
// shifts every line below it.
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const depsCache = path.join(os.homedir(), '.cache', 'openai-error-guard', 'gate-deps');
// A project whose install or type check takes longer than this is skipped rather than holding up the gate.
const timeoutMs = 10 * 60 * 1000;
// npm only reads its own lockfile, but a change to any lockfile means the project's dependencies changed.
const dependencyFiles = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'];
const ourTsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** The hash of the files that decide what `npm install` puts into node_modules. */
function installKey(repo) {
  const digest = crypto.createHash('sha1');
  for (const name of dependencyFiles) {
    const file = path.join(repo, name);
    if (fs.existsSync(file)) digest.update(name).update(fs.readFileSync(file));
  }
  return digest.digest('hex');
}

// The pointer to npm's debug log says nothing about why; the lines before it do.
const lastLines = (text, count) => text.trim().split('\n').filter((line) => !/A complete log of this run/.test(line)).slice(-count).join(' / ');

/**
 * The repository's node_modules folder, installed once per dependency hash under the cache (only the
 * dependency files are copied there, so the corpus stays read-only), or why there is none.
 * @returns {{ nodeModules: string } | { skipped: string }}
 */
export function installDependencies(repo) {
  if (!fs.existsSync(path.join(repo, 'tsconfig.json'))) return { skipped: 'no tsconfig.json' };
  if (!fs.existsSync(path.join(repo, 'package.json'))) return { skipped: 'no package.json' };
  const dir = path.join(depsCache, path.basename(repo));
  const nodeModules = path.join(dir, 'node_modules');
  const keyFile = path.join(dir, 'install-key');
  const key = installKey(repo);
  if (fs.existsSync(nodeModules) && fs.existsSync(keyFile) && fs.readFileSync(keyFile, 'utf8') === key) return { nodeModules };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ['package.json', 'package-lock.json', 'npm-shrinkwrap.json']) {
    if (fs.existsSync(path.join(repo, name))) fs.copyFileSync(path.join(repo, name), path.join(dir, name));
  }
  // No lifecycle scripts: the type check needs the packages' files, not their builds (and corpus scripts are
  // not ours to run); legacy peer deps because old apps pin peers that newer npm refuses.
  const install = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--legacy-peer-deps'], { cwd: dir, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 26 });
  if (install.status !== 0) {
    const why = install.error?.code === 'ETIMEDOUT' ? `npm install took over ${timeoutMs / 60000} minutes` : `npm install failed: ${lastLines(install.stderr ?? '', 3)}`;
    fs.rmSync(dir, { recursive: true, force: true });
    return { skipped: why };
  }
  fs.writeFileSync(keyFile, key);
  return { nodeModules };
}

/** One tsc diagnostic as a comparable string, with the scratch folder's name taken out of the message. */
const errorKey = (file, code, message, dir) => [file, code, message.split(dir).join('.')].join('\t');

/**
 * The errors in tsc's `--pretty false --listFiles` output (a chained message's indented lines belong to the
 * error above) and the project's own files it checked, relative to `dir` (the listed absolute paths).
 */
function parseTscOutput(output, dir) {
  const errors = [];
  const files = new Set();
  const prefix = fs.realpathSync(dir) + path.sep;
  let current;
  const flush = () => current && errors.push(errorKey(current.file, current.code, current.message, dir));
  for (const line of output.split('\n')) {
    const located = /^(.+?)\(\d+,\d+\): error (TS\d+): (.*)$/.exec(line);
    const global = /^error (TS\d+): (.*)$/.exec(line);
    if (located || global) {
      flush();
      current = located ? { file: located[1], code: located[2], message: located[3] } : { file: '', code: global[1], message: global[2] };
    } else if (current && /^\s+\S/.test(line)) {
      current.message += ' ' + line.trim();
    } else if (line.startsWith(prefix) && !line.includes('/node_modules/')) {
      files.add(line.slice(prefix.length));
    }
  }
  flush();
  return { errors, files };
}

// What `next build` writes into a Next.js project (and git ignores): without it every CSS-module and image
// import is an error before the fix already.
const nextEnv = '/// <reference types="next" />\n/// <reference types="next/image-types/global" />\n';

/**
 * Puts into `dir` what a developer's checkout has and the corpus lacks (node_modules, next-env.d.ts) for the
 * length of one tsc run, so that the gate's scans and its second-run check see the same folder as without
 * `--typecheck`. Returns the function that takes them out again.
 */
function addBuildFiles(dir, nodeModules) {
  const added = [];
  const link = path.join(dir, 'node_modules');
  if (!fs.existsSync(link)) {
    fs.symlinkSync(nodeModules, link, 'dir');
    added.push(link);
  }
  const env = path.join(dir, 'next-env.d.ts');
  if (fs.existsSync(path.join(nodeModules, 'next', 'package.json')) && !fs.existsSync(env)) {
    fs.writeFileSync(env, nextEnv);
    added.push(env);
  }
  return () => added.forEach((file) => fs.unlinkSync(file));
}

/**
 * The project's own tsc (ours when it has none) over `dir`: its errors and the files of `dir` in the project
 * (a changed file outside it, e.g. in a nested project, is not covered by this check).
 * @returns {{ errors: string[], files: Set<string> } | { skipped: string }}
 */
export function typeErrors(dir, nodeModules) {
  const removeBuildFiles = addBuildFiles(dir, nodeModules);
  const projectTsc = path.join(nodeModules, 'typescript', 'bin', 'tsc');
  const tsc = fs.existsSync(projectTsc) ? projectTsc : ourTsc;
  try {
    // Not incremental: a build-info file from the run before the fix must not decide what the run after checks.
    const flags = ['--noEmit', '--pretty', 'false', '--incremental', 'false', '--listFiles', '-p', '.'];
    const run = spawnSync(process.execPath, [tsc, ...flags], { cwd: dir, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 28 });
    if (run.error?.code === 'ETIMEDOUT') return { skipped: `tsc took over ${timeoutMs / 60000} minutes` };
    const result = parseTscOutput(run.stdout, dir);
    // tsc exits 1 or 2 when the project has errors; anything else without a diagnostic is tsc itself failing.
    if (result.errors.length === 0 && run.status !== 0) return { skipped: `tsc failed: ${lastLines(run.stderr || run.stdout, 3)}` };
    return result;
  } finally {
    removeBuildFiles();
  }
}

/** Splits an error key back into its parts for the report. */
export function describeTypeError(key) {
  const [file, code, message] = key.split('\t');
  return { file, code, message };
}
