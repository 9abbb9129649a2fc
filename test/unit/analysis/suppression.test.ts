import * as assert from 'node:assert/strict';
import { analyzeText, parseSuppressions, suppressionComment } from '../../../src/core/analysis';

const call = 'client.chat.completions.create(model="m", messages=[])';
const header = 'from openai import OpenAI\nclient = OpenAI()\n';

describe('suppression comments', () => {
  it('writes the syntax it parses, per language', () => {
    assert.equal(suppressionComment('python', 'ignore'), '# openai-error-guard: ignore');
    assert.equal(suppressionComment('typescript', 'ignore-next-line', ['unhandled-call', 'partial-handling']), '// openai-error-guard: ignore-next-line[unhandled-call, partial-handling]');
    const parsed = parseSuppressions(`x = 1  ${suppressionComment('python', 'ignore-file', ['unhandled-call'])}\n`, 'python');
    assert.deepEqual(parsed.map((s) => [s.kind, s.line, s.rules]), [['ignore-file', 0, ['unhandled-call']]]);
  });

  it('ignores the other language\'s comment marker', () => {
    assert.equal(parseSuppressions('// openai-error-guard: ignore\n', 'python').length, 0);
    assert.equal(parseSuppressions('# openai-error-guard: ignore\n', 'javascript').length, 0);
  });

  it('silences only the named rule', async () => {
    const named = await analyzeText(`${header}${call}  # openai-error-guard: ignore[partial-handling]\n`, 'python');
    assert.deepEqual(named.map((f) => f.rule), ['unhandled-call']);
    const matching = await analyzeText(`${header}${call}  # openai-error-guard: ignore[unhandled-call]\n`, 'python');
    assert.deepEqual(matching, []);
  });

  it('applies ignore-next-line to the following line only', async () => {
    const findings = await analyzeText(`${header}# openai-error-guard: ignore-next-line\n${call}\n${call}\n`, 'python');
    assert.deepEqual(findings.map((f) => f.range.start.line), [4]);
  });

  it('does not treat a marker inside a string as a comment', async () => {
    const findings = await analyzeText(`${header}note = "# openai-error-guard: ignore-file"\n${call}\n`, 'python');
    assert.equal(findings.length, 1);
  });
});
