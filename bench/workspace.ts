// Workspace figures (issue 12): our `scan` against ast-grep running an equivalent one-rule scan ("an OpenAI
// call not inside any try", py + ts + tsx + js) on the same corpus, side by side in one run: wall time and
// peak memory of each process. The corpus is generated deterministically (about 3,000 files mimicking real
// code, a few percent of them calling OpenAI, others calling those across files with and without handling),
// plus /work/corpus or $OEG_BENCH_CORPUS when present. Then the index of a 20,000-file generated workspace
// against a plain scan of the same files, memory per indexed file, and a keystroke re-analysis with the index.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { DocumentAnalyzer } from '../src/core/analysis';
import { buildWorkspaceIndex } from '../src/core/workspace/buildIndex';
import { InProcessRunner } from '../src/core/workspace/jobRunner';
import { projectSourceFiles } from '../src/core/workspace/projectFiles';
import { generatePython } from './analysis';
import { median, type BenchFigure } from './figures';

const repoRoot = path.resolve(__dirname, '../..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const astGrep = path.join(repoRoot, 'node_modules', '.bin', 'ast-grep');

const resourceWords = 'chat|completions|responses|embeddings|images|audio|moderations|files|models|batches|beta';
const astGrepRules = [
  ['python', 'call', 'fine_tuning|vector_stores'],
  ['typescript', 'call_expression', 'fineTuning|vectorStores'],
  ['tsx', 'call_expression', 'fineTuning|vectorStores'],
  ['javascript', 'call_expression', 'fineTuning|vectorStores'],
].map(([language, kind, extra]) => `id: openai-call-without-try-${language}
language: ${language}
severity: warning
message: OpenAI call outside any try
rule:
  all:
    - kind: ${kind}
    - has:
        field: function
        regex: '\\.(${resourceWords}|${extra})\\.'
    - not:
        inside:
          kind: try_statement
          stopBy: end
`).join('---\n');

// ---- a deterministic corpus ----

function pyUtility(i: number): string {
  return `import json
import os


def load_${i}(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def merge_${i}(left, right):
    result = dict(left)
    for key, value in right.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge_${i}(result[key], value)
        else:
            result[key] = value
    return result


class Cache${i}:
    def __init__(self, root):
        self.root = root
        self.items = {}

    def get(self, key):
        if key not in self.items:
            self.items[key] = load_${i}(os.path.join(self.root, key))
        return self.items[key]
`;
}

function tsUtility(i: number): string {
  return `export interface Row${i} { id: string; values: Record<string, number> }

export function total${i}(rows: Row${i}[]): number {
  return rows.reduce((sum, row) => sum + Object.values(row.values).reduce((a, b) => a + b, 0), 0);
}

export class Table${i} {
  private readonly rows = new Map<string, Row${i}>();

  add(row: Row${i}): void {
    this.rows.set(row.id, row);
  }

  sum(): number {
    return total${i}([...this.rows.values()]);
  }
}
`;
}

function pyLlm(i: number): string {
  return `import logging

from openai import OpenAI

logger = logging.getLogger(__name__)
client = OpenAI()


def ask_${i}(question):
    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": question}])


def embed_${i}(texts):
    try:
        return client.embeddings.create(model="text-embedding-3-small", input=texts)
    except Exception:
        logger.exception("embedding failed")
        raise
`;
}

function pyCaller(i: number, llm: number, handled: boolean): string {
  const call = handled
    ? `    try:\n        return ask_${llm}(text)\n    except Exception:\n        logger.exception("ask failed")\n        raise\n`
    : `    return ask_${llm}(text)\n`;
  return `import logging

from pkg${llm % 40}.llm_${llm} import ask_${llm}

logger = logging.getLogger(__name__)


def answer_${i}(text):
${call}`;
}

function tsLlm(i: number): string {
  return `import OpenAI from 'openai';

const client = new OpenAI();

export async function summarise${i}(text: string) {
  return client.responses.create({ model: 'gpt-4o-mini', input: text });
}
`;
}

function tsCaller(i: number, llm: number, handled: boolean): string {
  const body = handled
    ? `  try {\n    return await summarise${llm}(text);\n  } catch (error) {\n    console.error('summary failed', error);\n    throw error;\n  }\n`
    : `  return summarise${llm}(text);\n`;
  return `import { summarise${llm} } from '../pkg${llm % 40}/llm${llm}';

export async function handle${i}(text: string) {
${body}}
`;
}

/** `files` source files (plus a few docs): utilities, ~4% OpenAI modules, ~8% callers of them in other folders. */
export function generateCorpus(root: string, files: number): void {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "bench-corpus"\n');
  for (let i = 0; i < files; i++) {
    const folder = path.join(root, `pkg${i % 40}`);
    fs.mkdirSync(folder, { recursive: true });
    const python = i % 2 === 0;
    const role = i % 25;
    let name: string;
    let text: string;
    if (role === 0 || role === 1) {
      name = python ? `llm_${i}.py` : `llm${i}.ts`;
      text = python ? pyLlm(i) : tsLlm(i);
    } else if (role === 2 || role === 3) {
      // Callers of the OpenAI module of their block (50 files), half of them with handling.
      const target = i - (i % 50) + (python ? 0 : 25);
      const handled = i % 4 < 2;
      name = python ? `answer_${i}.py` : `handle${i}.ts`;
      text = python ? pyCaller(i, target, handled) : tsCaller(i, target, handled);
    } else {
      name = python ? `util_${i}.py` : `util${i}.ts`;
      text = python ? pyUtility(i) : tsUtility(i);
    }
    fs.writeFileSync(path.join(folder, name), text);
  }
}

// ---- measuring processes ----

interface ProcessFigures {
  ms: number;
  rssMB: number;
}

const timeCommand = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Wall time and peak RSS of a process (RSS through /usr/bin/time when the system has it). */
function measure(command: string, args: string[]): ProcessFigures {
  const start = process.hrtime.bigint();
  const run = timeCommand
    ? spawnSync(timeCommand, ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.error) throw run.error;
  const rssKB = timeCommand ? Number(/(\d+)\s*$/.exec(run.stderr)?.[1] ?? NaN) : NaN;
  return { ms, rssMB: rssKB / 1024 };
}

function medianOf(runs: ProcessFigures[]): ProcessFigures {
  return { ms: median(runs.map((r) => r.ms)), rssMB: median(runs.map((r) => r.rssMB)) };
}

function compareWithAstGrep(label: string, corpus: string, runs: number): BenchFigure[] {
  const ours: ProcessFigures[] = [];
  const theirs: ProcessFigures[] = [];
  for (let run = 0; run < runs; run++) {
    theirs.push(measure(astGrep, ['scan', '--inline-rules', astGrepRules, '--report-style', 'short', corpus]));
    ours.push(measure(process.execPath, [cli, 'scan', '--format', 'json', corpus]));
  }
  const a = medianOf(theirs);
  const o = medianOf(ours);
  return [
    { name: `${label}: our scan / ast-grep (wall)`, value: o.ms / a.ms, unit: '×', budget: 1.0, note: `ours ${o.ms.toFixed(0)} ms, ast-grep ${a.ms.toFixed(0)} ms` },
    { name: `${label}: our scan peak RSS`, value: o.rssMB, unit: 'MB', budget: 150, note: `ast-grep ${a.rssMB.toFixed(0)} MB` },
  ];
}

function countFiles(root: string): number {
  return projectSourceFiles(root).length;
}

/** Index build against a plain scan of the same 20,000 files (each a fresh `scan` process). */
function indexAgainstScan(root: string): BenchFigure[] {
  const plain: ProcessFigures[] = [];
  const indexed: ProcessFigures[] = [];
  for (let run = 0; run < 3; run++) {
    plain.push(measure(process.execPath, [cli, 'scan', '--format', 'json', '--no-follow-callers', root]));
    indexed.push(measure(process.execPath, [cli, 'scan', '--format', 'json', root]));
  }
  const p = medianOf(plain);
  const i = medianOf(indexed);
  return [
    { name: '20,000 files: scan with index / plain scan', value: i.ms / p.ms, unit: '×', budget: 1.5, note: `index ${i.ms.toFixed(0)} ms, plain ${p.ms.toFixed(0)} ms` },
    { name: '20,000 files: scan with index, peak RSS', value: i.rssMB, unit: 'MB', budget: 150, note: `plain ${p.rssMB.toFixed(0)} MB` },
  ];
}

function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** Memory the index holds per file (run in a fresh process by indexMemoryInFreshProcess). */
export async function indexMemory(root: string): Promise<BenchFigure[]> {
  const files = projectSourceFiles(root);
  const runner = new InProcessRunner({ maxBytes: 1 << 20, extraClientNames: [] });
  await runner.run([]);
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const built = await buildWorkspaceIndex(root, files, () => true, runner);
  built.findings.clear();
  collectGarbage();
  const held = process.memoryUsage().heapUsed - before;
  const summaries = built.index.summaryCount;
  await runner.dispose();
  return [
    { name: 'index memory per file', value: held / files.length, unit: 'B', note: `${(held / 1024 / 1024).toFixed(1)} MB for ${files.length} files` },
    { name: 'index memory per summarised file', value: held / Math.max(1, summaries), unit: 'B', note: `${summaries} summarised` },
  ];
}

function indexMemoryInFreshProcess(root: string): BenchFigure[] {
  const script = `require(${JSON.stringify(__filename)}).indexMemory(${JSON.stringify(root)}).then((figures) => process.stdout.write(JSON.stringify(figures)));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 24 })) as BenchFigure[];
}

/** A one-character edit in a 10k-line file re-analysed and judged against an index that holds it and its callers. */
async function keystrokeWithIndex(): Promise<BenchFigure[]> {
  const root = path.join(repoRoot, '.bench', 'keystroke');
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const text = generatePython();
  const file = path.join(root, 'big.py');
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(root, 'pyproject.toml'), '');
  const asks = [...text.matchAll(/^def (ask_\d+)/gm)].slice(0, 200).map((match) => match[1]);
  fs.writeFileSync(path.join(root, 'callers.py'), `from big import ${asks.join(', ')}\n\n` + asks.map((name, i) => (i % 2 ? `def call_${i}():\n    try:\n        ${name}("q")\n    except Exception:\n        raise\n` : `def call_${i}():\n    ${name}("q")\n`)).join('\n'));
  const runner = new InProcessRunner({ maxBytes: 1 << 20, extraClientNames: [] });
  const { index } = await buildWorkspaceIndex(root, projectSourceFiles(root), () => true, runner);
  await runner.dispose();
  const analyzer = await DocumentAnalyzer.create('python');
  index.judge(file, analyzer.analyze(text));
  const offset = text.indexOf('result = ', text.length / 2) + 1;
  const times: number[] = [];
  for (let run = 0; run < 60; run++) {
    const change = run % 2 === 0 ? { rangeOffset: offset, rangeLength: 0, text: 'x' } : { rangeOffset: offset, rangeLength: 1, text: '' };
    const start = process.hrtime.bigint();
    index.judge(file, analyzer.update([change]));
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  analyzer.dispose();
  return [{ name: 'keystroke re-analysis + judging with the index (10k lines)', value: median(times), unit: 'ms', budget: 8 }];
}

export async function benchWorkspace(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const generated = path.join(repoRoot, '.bench', 'corpus');
  generateCorpus(generated, 3000);
  figures.push(...compareWithAstGrep(`generated corpus (${countFiles(generated)} files)`, generated, 5));
  const real = process.env.OEG_BENCH_CORPUS ?? '/work/corpus';
  if (fs.existsSync(real)) figures.push(...compareWithAstGrep(`${real} (${countFiles(real)} files)`, real, 3));
  const big = path.join(repoRoot, '.bench', 'workspace20k');
  generateCorpus(big, 20_000);
  figures.push(...indexAgainstScan(big));
  figures.push(...indexMemoryInFreshProcess(big));
  figures.push(...await keystrokeWithIndex());
  return figures;
}

if (require.main === module) {
  benchWorkspace().then((figures) => {
    for (const figure of figures) console.log(`${figure.name}: ${figure.value.toFixed(2)} ${figure.unit}${figure.budget !== undefined ? ` (budget ${figure.budget})` : ''}${figure.note ? ` ${figure.note}` : ''}`);
  }, (error: unknown) => { console.error(error); process.exitCode = 1; });
}
