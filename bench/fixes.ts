// Quick-fix figures (issue 4), reported without a budget (the issue sets none): the wrap fix for one finding in
// the generated 10k-line Python and TypeScript files (parse included, as the lightbulb pays it), and fix-all on a
// 1,000-line file with 50 findings (one re-analysis after every fix, as fix-all does).
import { analyzeText } from '../src/core/analysis';
import { editsForOffer, fixAll, fixesForFinding, fixOffersForFinding, type FixOptions } from '../src/core/fixes';
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

/** `count` functions of 20 lines, each with one unprotected call (50: 1,000 lines, 50 findings). */
function fiftyFindings(count = 50): string {
  const header = ['import openai', '', 'client = openai.OpenAI()'];
  const functions = Array.from({ length: count }, (_, i) => [
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
  ].slice(0, i === count - 1 ? 17 : 20));
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

/** Issue 11: fix-all of 400 findings in one file within 2 s, and time per finding within 2x from 50 to 400. */
async function fixAllScaling(): Promise<BenchFigure[]> {
  const perFinding: number[] = [];
  let last = 0;
  for (const count of [50, 100, 200, 400]) {
    const text = fiftyFindings(count);
    last = await timedAsync(() => fixAll(text, 'python', options));
    perFinding.push(last / count);
  }
  return [
    { name: 'fix-all, 400 findings in one Python file', value: last, unit: 'ms', budget: 2000, lowerIsBetter: true, note: 'issue 11' },
    {
      name: 'fix-all time per finding, 400 vs 50 findings',
      value: perFinding[3] / perFinding[0],
      unit: 'x',
      budget: 2,
      lowerIsBetter: true,
      note: `ms per finding at 50/100/200/400: ${perFinding.map((ms) => ms.toFixed(1)).join(' / ')}`,
    },
  ];
}

/** Issue 11: the lightbulb lists offers without edits; the picked one's edits come on resolve. */
async function lightbulbFigures(): Promise<BenchFigure[]> {
  const text = generatePython();
  const findings = await analyzeText(text, 'python');
  const finding = findings.find((candidate) => candidate.rule === 'unhandled-call')!;
  const list: number[] = [];
  const resolve: number[] = [];
  await editsForOffer(text, 'python', finding, 'wrap', options); // warm the parser
  for (let run = 0; run < 15; run++) {
    list.push(await timedAsync(async () => fixOffersForFinding(finding)));
    resolve.push(await timedAsync(() => editsForOffer(text, 'python', finding, 'wrap', options)));
  }
  return [
    { name: 'lightbulb offers, 10k-line Python', value: median(list), unit: 'ms', budget: 20, lowerIsBetter: true, note: 'issue 11; edits computed on resolve' },
    { name: 'resolve the preferred fix, 10k-line Python', value: median(resolve), unit: 'ms', note: `median of ${resolve.length}` },
  ];
}

export async function benchFixes(): Promise<BenchFigure[]> {
  return [
    await wrapOneFinding('10k-line Python', generatePython(), 'python'),
    await wrapOneFinding('10k-line TypeScript', generateTypescript(), 'typescript'),
    await fixAllFigure(),
    ...(await lightbulbFigures()),
    ...(await fixAllScaling()),
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
