// `npm run bench`: prints each measured figure beside the budget the issues set. Figures are medians over
// repeated runs; nothing here is asserted in the test suite, because shared machines are noisy.
import { benchAnalysis } from './analysis';
import { benchCatalog } from './catalog';
import { benchFixes } from './fixes';
import { benchWorkspace } from './workspace';
import type { BenchFigure } from './figures';

function verdict(figure: BenchFigure): string {
  if (figure.budget === undefined) return '';
  const within = figure.lowerIsBetter === false ? figure.value >= figure.budget : figure.value <= figure.budget;
  const comparison = figure.lowerIsBetter === false ? '≥' : '≤';
  return `${within ? 'ok  ' : 'OVER'} budget ${comparison} ${figure.budget} ${figure.unit}`;
}

function printTable(title: string, figures: BenchFigure[]): void {
  console.log(`\n${title}`);
  const width = Math.max(...figures.map((figure) => figure.name.length));
  for (const figure of figures) {
    const value = `${figure.value.toFixed(figure.value < 10 ? 2 : 1)} ${figure.unit}`;
    console.log(`  ${figure.name.padEnd(width)}  ${value.padStart(14)}  ${verdict(figure)}${figure.note ? `  (${figure.note})` : ''}`);
  }
}

async function main(): Promise<void> {
  const sections: Array<[string, () => Promise<BenchFigure[]>]> = [
    ['Language service — budgets: cold start ≤ 60 ms, full analysis ≤ 1.3 × the parse, re-analysis after an edit ≤ 8 ms, RSS growth ≤ 10 MB', benchAnalysis],
    ['Quick fixes — no budget, measured for comparison', benchFixes],
    ['Error catalog matcher (hover, explain) — budget: ≤ 1000 µs per KB of text', benchCatalog],
    ['Workspace index and scan — budgets: scan wall time ≤ ast-grep\'s on the same files, peak RSS ≤ 150 MB, index build ≤ 1.5 × a plain scan, re-analysis with the index ≤ 8 ms', benchWorkspace],
  ];
  let over = 0;
  for (const [title, run] of sections) {
    const figures = await run();
    printTable(title, figures);
    over += figures.filter((figure) => verdict(figure).startsWith('OVER')).length;
  }
  console.log(over === 0 ? '\nAll figures within budget.' : `\n${over} figure(s) over budget.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
