// Mocha's spec reporter plus one closing line in the plain form CI reads ("unit: 12 passed, 0 failed"), so a run
// that executed no test cannot pass for a green one. OEG_TEST_LABEL (or the reporter option "label") names the suite.
import Mocha from 'mocha';

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const label = (options?.reporterOptions as { label?: string } | undefined)?.label ?? process.env.OEG_TEST_LABEL ?? 'tests';
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = runner.stats;
      if (!stats) return;
      const skipped = stats.pending > 0 ? `, ${stats.pending} skipped` : '';
      Mocha.reporters.Base.consoleLog(`${label}: ${stats.passes} passed, ${stats.failures} failed${skipped}`);
    });
  }
}

export = SpecWithSummary;
