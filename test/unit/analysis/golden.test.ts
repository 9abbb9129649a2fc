// The fixture corpus: every file in test/fixtures/analysis is analysed and compared with its
// <file>.expected.json. UPDATE_GOLDEN=1 rewrites the expectations (review every diff by hand).
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, type AnalysisOptions } from '../../../src/core/analysis';
import { languageOfFile } from '../../../src/core/languages';
import { describeFinding, fixtureDir } from './support';

const update = process.env.UPDATE_GOLDEN === '1';
const cases = fs.readdirSync(fixtureDir).filter((name) => languageOfFile(name) !== undefined).sort();

describe('analysis golden corpus', () => {
  it('has at least 40 Python and 30 JS/TS cases', () => {
    assert.ok(cases.filter((name) => name.endsWith('.py')).length >= 40);
    assert.ok(cases.filter((name) => !name.endsWith('.py')).length >= 30);
  });

  for (const name of cases) {
    it(name, async () => {
      const file = path.join(fixtureDir, name);
      const optionsFile = `${file}.options.json`;
      const options: AnalysisOptions = fs.existsSync(optionsFile) ? JSON.parse(fs.readFileSync(optionsFile, 'utf8')) : {};
      const language = languageOfFile(name);
      assert.ok(language);
      const actual = (await analyzeText(fs.readFileSync(file, 'utf8'), language, options)).map(describeFinding);
      const expectedFile = `${file}.expected.json`;
      if (update) fs.writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
      assert.deepEqual(actual, JSON.parse(fs.readFileSync(expectedFile, 'utf8')));
    });
  }
});
