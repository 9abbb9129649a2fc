// Language-service figures (issue 3): cold start, full analysis against the raw parse, incremental
// re-analysis after a one-character edit, scanning a 2,000-file tree, and RSS over 2,000 edit cycles.
// Inputs are generated deterministically, so runs compare like with like.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { DocumentAnalyzer } from '../src/core/analysis';
import { createParser } from '../src/core/analysis/treeSitter';
import { scanPaths } from '../src/cli/scan';
import type { SourceLanguage } from '../src/core/types';
import { median, type BenchFigure } from './figures';

const repoRoot = path.resolve(__dirname, '../..');

const pythonBlocks: ((i: number) => string)[] = [
  (i) => `
def ask_${i}(client, question: str) -> str:
    """Answers one question with the chat API."""
    response = client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": question}],
        temperature=0.${i % 10},
    )
    return response.choices[0].message.content
`,
  (i) => `
class Repository${i}:
    def __init__(self, session):
        self.session = session
        self.items = {}

    def save(self, key, value):
        self.items[key] = value
        return Article.objects.create(title=key, body=str(value))

    def total(self):
        return sum(len(str(v)) for v in self.items.values())
`,
  (i) => `
async def embed_${i}(texts):
    try:
        result = await aclient.embeddings.create(model="text-embedding-3-small", input=texts)
    except openai.RateLimitError:
        await asyncio.sleep(${i % 5 + 1})
        return []
    return [item.embedding for item in result.data]
`,
  (i) => `
def parse_config_${i}(path):
    with open(path, encoding="utf-8") as handle:
        lines = [line.strip() for line in handle if line.strip() and not line.startswith("#")]
    values = {}
    for line in lines:
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip()
    return values
`,
  (i) => `
def moderate_${i}(text):
    try:
        verdict = client.moderations.create(input=text)
        return verdict.results[0].flagged
    except openai.APIError as exc:
        logger.warning("moderation failed: %s", exc)
        return False
`,
];

const typescriptBlocks: ((i: number) => string)[] = [
  (i) => `
export async function ask${i}(question: string): Promise<string | null> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: question }],
    temperature: 0.${i % 10},
  });
  return completion.choices[0].message.content;
}
`,
  (i) => `
export class Store${i} {
  private readonly items = new Map<string, number>();

  add(key: string, value: number): void {
    this.items.set(key, (this.items.get(key) ?? 0) + value);
  }

  total(): number {
    return [...this.items.values()].reduce((sum, value) => sum + value, 0);
  }
}
`,
  (i) => `
export async function embed${i}(texts: string[]) {
  try {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: texts });
    return result.data.map((item) => item.embedding);
  } catch (error) {
    if (error instanceof OpenAI.RateLimitError) return [];
    throw error;
  }
}
`,
  (i) => `
export function formatRow${i}(row: Record<string, unknown>): string {
  return Object.entries(row)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => \`\${key}=\${String(value)}\`)
    .join(', ');
}
`,
  (i) => `
export const summarise${i} = (text: string) =>
  client.responses.create({ model: 'gpt-4o', input: text }).catch((error) => {
    console.error('summary failed', error);
    return null;
  });
`,
];

function generate(header: string, blocks: ((i: number) => string)[], lines: number): string {
  const parts = [header];
  let count = header.split('\n').length;
  for (let i = 0; count < lines; i++) {
    const block = blocks[i % blocks.length](i);
    parts.push(block);
    count += block.split('\n').length - 1;
  }
  return parts.join('').split('\n').slice(0, lines).join('\n') + '\n';
}

export function generatePython(lines = 10_000): string {
  return generate('import asyncio\nimport logging\n\nimport openai\nfrom openai import AsyncOpenAI, OpenAI\n\nlogger = logging.getLogger(__name__)\nclient = OpenAI()\naclient = AsyncOpenAI()\n', pythonBlocks, lines);
}

export function generateTypescript(lines = 10_000): string {
  return generate("import OpenAI from 'openai';\n\nconst client = new OpenAI();\n", typescriptBlocks, lines);
}

/** 2,000 files: mostly unrelated code and docs, one in twenty using OpenAI. */
export function generateTree(root: string, files = 2000): void {
  fs.rmSync(root, { recursive: true, force: true });
  for (let i = 0; i < files; i++) {
    const folder = path.join(root, `pkg${i % 40}`, `mod${i % 7}`);
    fs.mkdirSync(folder, { recursive: true });
    const kind = i % 4;
    const usesOpenAI = i % 20 === 0;
    const body = kind === 0 || kind === 1
      ? (usesOpenAI ? generatePython(120) : pythonBlocks[3](i).repeat(10))
      : kind === 2 ? (usesOpenAI ? generateTypescript(120) : typescriptBlocks[1](i).repeat(8)) : `# Notes ${i}\n\n${'Lorem ipsum dolor sit amet.\n'.repeat(30)}`;
    fs.writeFileSync(path.join(folder, `file${i}.${kind < 2 ? 'py' : kind === 2 ? 'ts' : 'md'}`), body);
  }
}

function timed(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function coldStart(): number {
  const loader = path.join(repoRoot, 'out/src/core/analysis/treeSitter.js');
  const script = `const t0 = performance.now(); const ts = require(${JSON.stringify(loader)});
Promise.all([ts.loadLanguage('python'), ts.loadLanguage('typescript')]).then(() => process.stdout.write(String(performance.now() - t0)));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

async function parseVersusAnalysis(name: string, text: string, language: SourceLanguage): Promise<BenchFigure[]> {
  const parser = await createParser(language === 'python' ? 'python' : 'typescript');
  const analyzer = await DocumentAnalyzer.create(language);
  const parses: number[] = [];
  const analyses: number[] = [];
  // Runs that are not counted: the first analyses execute code V8 has not optimised yet (it takes about eight to
  // settle), while the parse is WASM and steady from the second run. An editor analyses all day: steady state
  // is what the ratio is about.
  for (let run = 0; run < 8; run++) {
    parser.parse(text)?.delete();
    analyzer.analyze(text);
  }
  for (let run = 0; run < 9; run++) {
    parses.push(timed(() => parser.parse(text)?.delete()));
    analyses.push(timed(() => analyzer.analyze(text)));
  }
  const parse = median(parses);
  const analysis = median(analyses);

  // A one-character edit in the middle: type a letter into a variable name, then delete it again.
  const offset = text.indexOf(language === 'python' ? 'result = ' : 'const result', text.length / 2) + (language === 'python' ? 1 : 7);
  const edits: number[] = [];
  for (let run = 0; run < 60; run++) {
    const change = run % 2 === 0 ? { rangeOffset: offset, rangeLength: 0, text: 'x' } : { rangeOffset: offset, rangeLength: 1, text: '' };
    edits.push(timed(() => analyzer.update([change])));
  }
  parser.delete();
  analyzer.dispose();
  return [
    { name: `${name}: raw parse (10k lines)`, value: parse, unit: 'ms' },
    { name: `${name}: full analysis / parse`, value: analysis / parse, unit: '×', budget: 1.3, note: `analysis ${analysis.toFixed(1)} ms incl. parse` },
    { name: `${name}: re-analysis after a 1-char edit`, value: median(edits), unit: 'ms', budget: 8 },
  ];
}

async function scanTree(): Promise<BenchFigure[]> {
  const root = path.join(repoRoot, '.bench', 'tree');
  generateTree(root);
  let bytes = 0;
  const count = (folder: string): number => fs.readdirSync(folder, { withFileTypes: true }).reduce((sum, entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sum + count(full);
    bytes += fs.statSync(full).size;
    return sum + 1;
  }, 0);
  const files = count(root);
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    await scanPaths([root], root, { extraClientNames: [], maxBytes: 1024 * 1024 }, () => undefined);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const seconds = median(times) / 1000;
  return [
    { name: `scan of ${files} files`, value: files / seconds, unit: 'files/s', note: `${(median(times)).toFixed(0)} ms` },
    { name: 'scan throughput', value: bytes / 1024 / 1024 / seconds, unit: 'MB/s' },
  ];
}

/** A garbage collection, so RSS reflects what is still referenced (V8 otherwise grows its heap lazily). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** Memory the analysis itself holds: the JS heap in use plus the WASM heap (trees, parsers), without V8's spare room. */
function heldMemory(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/**
 * Memory over 2,000 one-character edits of the 10k-line Python file, each re-analysed. Exported for the fresh
 * process memoryInFreshProcess() starts: measured after other benches, RSS would also show what they left.
 */
export async function memoryOverEdits(): Promise<BenchFigure[]> {
  const text = generatePython();
  const analyzer = await DocumentAnalyzer.create('python');
  analyzer.analyze(text);
  const offset = text.indexOf('result = ', text.length / 2) + 1;
  const cycle = (i: number) => analyzer.update([i % 2 === 0 ? { rangeOffset: offset, rangeLength: 0, text: 'x' } : { rangeOffset: offset, rangeLength: 1, text: '' }]);
  cycle(0);
  cycle(1);
  collectGarbage();
  const first = process.memoryUsage().rss;
  const firstHeld = heldMemory();
  for (let i = 0; i < 2000; i++) cycle(i);
  collectGarbage();
  const growth = (process.memoryUsage().rss - first) / 1024 / 1024;
  const heldGrowth = (heldMemory() - firstHeld) / 1024 / 1024;
  analyzer.dispose();
  return [
    { name: 'RSS growth over 2,000 edit cycles (fresh process)', value: growth, unit: 'MB', budget: 10 },
    // RSS also counts V8 enlarging its young generation when much of what an edit allocates outlives a
    // collection: a leak shows here instead.
    { name: 'JS heap in use + WASM heap growth over the same cycles', value: heldGrowth, unit: 'MB' },
  ];
}

function memoryInFreshProcess(): BenchFigure[] {
  const script = `require(${JSON.stringify(__filename)}).memoryOverEdits().then((figures) => process.stdout.write(JSON.stringify(figures)));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as BenchFigure[];
}

export async function benchAnalysis(): Promise<BenchFigure[]> {
  const colds = [coldStart(), coldStart(), coldStart(), coldStart(), coldStart()];
  const python = generatePython();
  const typescript = generateTypescript();
  return [
    { name: 'cold start (WASM + python + typescript grammars)', value: median(colds), unit: 'ms', budget: 60 },
    ...await parseVersusAnalysis('python', python, 'python'),
    ...await parseVersusAnalysis('typescript', typescript, 'typescript'),
    ...await scanTree(),
    ...memoryInFreshProcess(),
  ];
}

if (require.main === module) {
  benchAnalysis().then((figures) => {
    for (const figure of figures) console.log(`${figure.name}: ${figure.value.toFixed(2)} ${figure.unit}${figure.budget !== undefined ? ` (budget ${figure.budget})` : ''}${figure.note ? ` ${figure.note}` : ''}`);
  }, (error: unknown) => { console.error(error); process.exitCode = 1; });
}
