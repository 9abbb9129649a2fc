// `npm run bench` figures for the error matcher (issue 5): how fast a long hovered line is matched, and the
// slowest of the adversarial inputs the unit tests also use, per KB so sizes compare.
import { performance } from 'perf_hooks';
import { builtinCatalog, explainText } from '../src/core/catalog';
import { adversarialInputs, realisticLine } from '../test/unit/catalog/inputs';
import { median, type BenchFigure } from './figures';

const budgetMicrosecondsPerKB = 1000;

function microsecondsPerKB(text: string, runs: number): number {
  const catalog = builtinCatalog();
  explainText(text, catalog);
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    explainText(text, catalog);
    samples.push(((performance.now() - started) * 1000) / (text.length / 1024));
  }
  return median(samples);
}

export async function benchCatalog(): Promise<BenchFigure[]> {
  const line = realisticLine(100 * 1024);
  const worst = adversarialInputs()
    .map((input) => ({ name: input.name, value: microsecondsPerKB(input.text, 5) }))
    .sort((a, b) => b.value - a.value)[0];
  return [
    { name: 'match a 100 KB log line', value: microsecondsPerKB(line, 15), unit: 'µs/KB', budget: budgetMicrosecondsPerKB, lowerIsBetter: true },
    { name: 'worst adversarial input', value: worst.value, unit: 'µs/KB', budget: budgetMicrosecondsPerKB, lowerIsBetter: true, note: worst.name },
  ];
}
