// Entry point that VS Code's extension host calls (extensionTestsPath): runs every *.test.js beside this file
// with mocha, in the real extension host. OEG_TEST_GREP narrows the run (the launcher passes --grep through).
import * as fs from 'fs';
import * as path from 'path';
import { format } from 'util';
import Mocha from 'mocha';
import SpecWithSummary from '../support/summaryReporter';

/** Must match the launcher (test/support/runIntegration.mjs), which prints only the lines that carry it. */
const testOutputMarker = '[oeg-test] ';

export function run(): Promise<void> {
  // The reporter's output is marked line by line so the launcher can tell it from the workbench's own logging.
  // (The extension host's console methods cannot be reassigned, so the reporter's logger is replaced instead.)
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    for (const line of format(...args).split('\n')) console.log(testOutputMarker + line);
  };
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: SpecWithSummary, reporterOptions: { label: 'integration' } });
  const grep = process.env.OEG_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
