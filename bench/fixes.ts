// Quick-fix figures (issue 4), reported without a budget (the issue sets none): the wrap fix for one finding in
// the generated 10k-line Python and TypeScript files (parse included, as the lightbulb pays it), and fix-all on a
// 1,000-line file with 50 findings (one re-analysis after every fix, as fix-all does).
import { analyzeText } from '../src/core/analysis';
import { fixAll, fixesForFinding, type FixOptions } from '../src/core/fixes';
import { defaultHandledErrorClasses } from '../src/core/sdk/errorHierarchy';
import type { SourceLanguage } from '../src/core/types';
import { generatePython, generateTypescript } from './analysis';
import { median, type BenchFigure } from './figures';

const options: FixOptions = { handlerStyle: 'logAndRethrow', errorClasses: defaultHandledErrorClasses };

async function timedAsync(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function wrapOneFinding(name: string, text: string, language: SourceLanguage): Promise<BenchFigure> {
  const finding = (await analyzeText(text, language)).find((candidate) => candidate.rule === 'unhandled-call');
  if (!finding) throw new Error(`${name}: the generated file has no unhandled call`);
  await fixesForFinding(text, language, finding, options); // warm the parser
  const times: number[] = [];
  for (let run = 0; run < 15; run++) times.push(await timedAsync(() => fixesForFinding(text, language, finding, options)));
  return { name: `wrap fix, one finding, ${name}`, value: median(times), unit: 'ms', note: `median of ${times.length}` };
}

/** 50 functions of 20 lines, each with one unprotected call: 1,000 lines, 50 findings. */
function fiftyFindings(): string {
  const header = ['import openai', '', 'client = openai.OpenAI()'];
  const functions = Array.from({ length: 50 }, (_, i) => [
    '',
    '',
    `def ask_${i}(question):`,
    `    """Question ${i}: one call, then some bookkeeping."""`,
    `    prompt = question.strip() + " (${i})"`,
    '    reply = client.chat.completions.create(',
    '        model="gpt-4o-mini",',
    '        messages=[{"role": "user", "content": prompt}],',
    '    )',
    '    text = reply.choices[0].message.content',
    '    words = text.split()',
    '    counts = {}',
    '    for word in words:',
    '        counts[word] = counts.get(word, 0) + 1',
    '    longest = max(words, key=len) if words else ""',
    '    summary = {"words": len(words), "longest": longest}',
    '    summary["distinct"] = len(counts)',
    '    summary["question"] = question',
    '    summary["characters"] = len(text)',
    '    return text, summary',
  ].slice(0, i === 49 ? 17 : 20));
  return [...header, ...functions.flat()].join('\n') + '\n';
}

async function fixAllFigure(): Promise<BenchFigure> {
  const text = fiftyFindings();
  const findings = await analyzeText(text, 'python');
  const times: number[] = [];
  let applied = 0;
  for (let run = 0; run < 3; run++) {
    times.push(await timedAsync(async () => { applied = (await fixAll(text, 'python', options)).applied; }));
  }
  return {
    name: 'fix-all, 1,000-line Python file',
    value: median(times),
    unit: 'ms',
    note: `${text.split('\n').length - 1} lines, ${findings.length} findings, ${applied} fixes applied, median of ${times.length}`,
  };
}

export async function benchFixes(): Promise<BenchFigure[]> {
  return [
    await wrapOneFinding('10k-line Python', generatePython(), 'python'),
    await wrapOneFinding('10k-line TypeScript', generateTypescript(), 'typescript'),
    await fixAllFigure(),
  ];
}

if (require.main === module) {
  benchFixes().then((figures) => {
    for (const figure of figures) console.log(`${figure.name}: ${figure.value.toFixed(1)} ${figure.unit} (${figure.note})`);
  }, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
