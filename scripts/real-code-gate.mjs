#!/usr/bin/env node
// The real-code gate for the quick fixes (run by hand before resolving fix work; not a CI test): for each
// repository folder given (default: every folder of /work/corpus), copy it to a scratch folder, run
// `scan --fix` in each handler style, and check the result as a reviewer would:
//   - no new Python syntax errors (ast.parse) and no new pyflakes messages (when pyflakes is installed);
//   - no new JS/TS syntax errors and no binder errors (TS2300 duplicate identifier, TS2451 redeclared
//     block-scoped variable), each changed file checked on its own;
//   - no finding left; a second `scan --fix` changes nothing;
//   - the median number of lines added per fixed call site;
//   - with --typecheck, for each repository with a tsconfig.json whose dependencies install: no new errors from
//     the project's own `tsc --noEmit -p .` over the whole project (see gate-typecheck.mjs). Off by default
//     because installing and type-checking the corpus takes minutes; installs are cached under
//     ~/.cache/openai-error-guard/gate-deps, and a repository whose install fails is reported as skipped.
// Usage: node scripts/real-code-gate.mjs [--styles a,b] [--python PATH] [--typecheck] [REPO_DIR...]
//        (needs `npm run build`)
import { execFileSync, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { describeTypeError, installDependencies, typeErrors } from './gate-typecheck.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const ts = require('typescript');
const cli = process.env.OEG_CLI ?? path.join(root, 'dist', 'cli.js');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  if (index < 0) return fallback;
  const [value] = args.splice(index, 2).slice(1);
  return value;
};
const flag = (name) => {
  const index = args.indexOf(name);
  if (index >= 0) args.splice(index, 1);
  return index >= 0;
};
const typecheck = flag('--typecheck');
const styles = option('--styles', 'logAndRethrow,retryWithBackoff,raiseProjectError').split(',');
const cacheVenv = path.join(os.homedir(), '.cache', 'openai-error-guard', 'python-sdk-venv', 'bin', 'python');
const python = option('--python', process.env.OEG_PYTHON ?? (fs.existsSync(cacheVenv) ? cacheVenv : 'python3'));
const repos = args.length > 0 ? args : fs.readdirSync('/work/corpus').map((name) => path.join('/work/corpus', name));
const hasPyflakes = spawnSync(python, ['-m', 'pyflakes', '--version']).status === 0;
const sourceExtensions = /\.(py|js|jsx|mjs|cjs|ts|tsx|mts|cts)$/;

function scan(dir, extra = []) {
  const result = spawnSync(process.execPath, [cli, 'scan', '--format', 'json', ...extra, '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const json = result.stdout.slice(result.stdout.indexOf('{'));
  return JSON.parse(extra.includes('--fix') ? json : result.stdout);
}

function sourceFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (['node_modules', '.git', '.venv', 'venv', 'dist', 'build'].includes(entry.name)) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (sourceExtensions.test(entry.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

const hash = (file) => crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex');
const lineCount = (text) => text.split('\n').length;

function pythonProblems(file) {
  const syntax = spawnSync(python, ['-c', 'import ast,sys; ast.parse(open(sys.argv[1], encoding="utf-8").read())', file], { encoding: 'utf8' });
  const problems = syntax.status === 0 ? [] : ['syntax: ' + syntax.stderr.trim().split('\n').pop()];
  if (hasPyflakes) {
    const flakes = spawnSync(python, ['-m', 'pyflakes', file], { encoding: 'utf8' });
    // Without the line:column part, so a message that only moved does not count as new.
    for (const line of flakes.stdout.split('\n').filter(Boolean)) problems.push('pyflakes: ' + line.replace(/^[^:]+:\d+:\d+:?\s*/, '').replace(/line \d+/g, 'line N'));
  }
  return problems;
}

function scriptProblems(file) {
  const text = fs.readFileSync(file, 'utf8');
  const kind = /\.tsx$/.test(file) ? ts.ScriptKind.TSX : /\.(jsx)$/.test(file) ? ts.ScriptKind.JSX : /\.[mc]?ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const options = { noEmit: true, noResolve: true, noLib: true, allowJs: true, checkJs: true, jsx: ts.JsxEmit.Preserve, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext };
  const host = ts.createCompilerHost(options);
  const name = path.basename(file);
  host.getSourceFile = (fileName, languageVersion) => (fileName === name ? ts.createSourceFile(name, text, languageVersion, true, kind) : undefined);
  host.fileExists = (fileName) => fileName === name;
  host.readFile = (fileName) => (fileName === name ? text : undefined);
  const program = ts.createProgram([name], options, host);
  const source = program.getSourceFile(name);
  const syntactic = program.getSyntacticDiagnostics(source).map((d) => `syntax TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  const binder = program.getSemanticDiagnostics(source).filter((d) => d.code === 2300 || d.code === 2451).map((d) => `binder TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  return [...syntactic, ...binder];
}

const problemsOf = (file) => (file.endsWith('.py') ? pythonProblems(file) : scriptProblems(file));

/** Messages in `after` beyond those in `before` (as multisets). */
function added(before, after) {
  const counts = new Map();
  for (const p of before) counts.set(p, (counts.get(p) ?? 0) + 1);
  return after.filter((p) => {
    const n = counts.get(p) ?? 0;
    if (n > 0) counts.set(p, n - 1);
    return n === 0;
  });
}

// The project exception's module does not exist in these repositories: its import is expected to fail.
const isMissingProjectError = (style, problem) => style === 'raiseProjectError' && /app_errors|AppError/.test(problem);

/** Per repository: its cached node_modules and tsc's errors before any fix, or why it is not type-checked. */
const typeBaselines = new Map();
function typeBaseline(repo, scratch) {
  if (!typeBaselines.has(repo)) {
    const deps = installDependencies(repo);
    const baseline = 'skipped' in deps ? deps : { ...deps, ...typeErrors(scratch, deps.nodeModules) };
    if ('skipped' in baseline) console.log(`TYPECHECK SKIPPED ${path.basename(repo)}: ${baseline.skipped}`);
    else console.log(`TYPECHECK ${path.basename(repo)}: ${baseline.errors.length} tsc errors before the fix`);
    typeBaselines.set(repo, baseline);
  }
  return typeBaselines.get(repo);
}

/** Says which of the changed files the project's tsc did not check, so a clean result is not read as more than it is. */
function reportUncheckedFiles(style, repo, changed, checked) {
  const outside = changed.filter((file) => !checked.has(file));
  if (outside.length === 0) return;
  const shown = outside.slice(0, 5).join(', ') + (outside.length > 5 ? `, +${outside.length - 5} more` : '');
  console.log(`TYPECHECK ${style} ${path.basename(repo)}: ${outside.length} of ${changed.length} changed files are not in the project tsc checked: ${shown}`);
}

/**
 * Prints and counts the tsc errors the fix added in `scratch` (`changed`: the files it changed, relative);
 * 0 when the repository is not type-checked.
 */
function reportNewTypeErrors(style, repo, scratch, baseline, changed) {
  if ('skipped' in baseline) return 0;
  const after = typeErrors(scratch, baseline.nodeModules);
  if ('skipped' in after) {
    console.log(`TYPECHECK SKIPPED ${style} ${path.basename(repo)} after the fix: ${after.skipped}`);
    return 0;
  }
  reportUncheckedFiles(style, repo, changed, after.files);
  const fresh = added(baseline.errors, after.errors).map(describeTypeError).filter((e) => !isMissingProjectError(style, e.message));
  for (const e of fresh) console.log(`NEW TYPE ERROR ${style} ${path.basename(repo)} ${e.file} ${e.code} ${e.message}`);
  return fresh.length;
}

const median = (values) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

let failed = false;
const summary = [];
for (const style of styles) {
  const perCallSite = [];
  let fixedCalls = 0;
  let left = 0;
  let newProblems = 0;
  let unstable = 0;
  let newTypeErrors = 0;
  for (const repo of repos) {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'oeg-gate-'));
    execFileSync('cp', ['-r', repo + '/.', scratch]);
    fs.rmSync(path.join(scratch, '.git'), { recursive: true, force: true });
    const types = typecheck ? typeBaseline(repo, scratch) : undefined;
    const baseline = scan(scratch);
    const findingsBefore = new Map(baseline.files.map((f) => [path.join(scratch, f.path), f.findings.length]));
    const before = new Map();
    for (const file of findingsBefore.keys()) before.set(file, { text: fs.readFileSync(file, 'utf8'), problems: problemsOf(file) });
    const extra = style === 'raiseProjectError' ? ['--project-error-class', 'app_errors:AppError'] : [];
    const afterFix = scan(scratch, ['--fix', '--handler-style', style, ...extra]);
    const remaining = new Map(afterFix.files.map((f) => [path.join(scratch, f.path), f.findings]));
    const changed = [];
    for (const [file, { text, problems }] of before) {
      const now = fs.readFileSync(file, 'utf8');
      const leftHere = remaining.get(file)?.length ?? 0;
      left += leftHere;
      if (now === text) continue;
      changed.push(path.relative(scratch, file));
      const fixedHere = Math.max(findingsBefore.get(file) - leftHere, 1);
      fixedCalls += fixedHere;
      const perCall = (lineCount(now) - lineCount(text)) / fixedHere;
      for (let i = 0; i < fixedHere; i++) perCallSite.push(perCall);
      const relevant = added(problems, problemsOf(file)).filter((p) => !isMissingProjectError(style, p));
      if (relevant.length > 0) {
        newProblems += relevant.length;
        console.log(`NEW PROBLEM ${style} ${path.relative(scratch, file)} (${path.basename(repo)}): ${relevant.join(' | ')}`);
      }
    }
    for (const [file, findings] of remaining) {
      for (const f of findings) console.log(`LEFT ${style} ${path.basename(repo)}/${path.relative(scratch, file)}:${f.range.start.line} ${f.rule} ${f.call}`);
    }
    if (types) newTypeErrors += reportNewTypeErrors(style, repo, scratch, types, changed);
    const hashes = new Map(sourceFiles(scratch).map((f) => [f, hash(f)]));
    scan(scratch, ['--fix', '--handler-style', style, ...extra]);
    for (const [file, digest] of hashes) {
      if (hash(file) !== digest) {
        unstable++;
        console.log(`SECOND RUN CHANGED ${style} ${path.basename(repo)}/${path.relative(scratch, file)}`);
      }
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const row = { style, fixedCalls, medianAddedLinesPerCallSite: median(perCallSite), findingsLeft: left, newProblems, secondRunChanges: unstable };
  summary.push(typecheck ? { ...row, newTypeErrors } : row);
  console.log(JSON.stringify(summary[summary.length - 1]));
  if (left > 0 || newProblems > 0 || unstable > 0 || newTypeErrors > 0) failed = true;
}
const typeChecked = [...typeBaselines].filter(([, b]) => !('skipped' in b)).map(([repo]) => path.basename(repo));
const typeCheckNote = typecheck ? typeChecked.join(', ') || 'none' : 'off (--typecheck)';
console.log(`\nrepositories: ${repos.length}; pyflakes: ${hasPyflakes ? 'yes' : 'not installed'}; full type check: ${typeCheckNote}`);
console.table(summary);
process.exitCode = failed ? 1 : 0;
