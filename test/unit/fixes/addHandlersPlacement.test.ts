// Placements of added handlers that the analysis does not lead to today (it counts a bare except or a catch
// body that does more than dispatch as catching everything), checked with findings built by hand: the editor
// may hold a finding from before the user's last edit.
import * as assert from 'node:assert/strict';
import { applyEdits, fixesForFinding, type FixOptions } from '../../../src/core/fixes';
import { defaultHandledErrorClasses } from '../../../src/core/sdk/errorHierarchy';
import type { Finding, SdkFlavour, SourceLanguage } from '../../../src/core/types';
import { findingForCall } from './fixtureCases';
import { linesNotKept, pythonSyntaxError, typeScriptDiagnostics } from './checks';

const options: FixOptions = { handlerStyle: 'logAndRethrow', errorClasses: defaultHandledErrorClasses };

async function addHandlers(text: string, language: SourceLanguage, call: string, sdk: SdkFlavour): Promise<string> {
  const finding: Finding = { ...(await findingForCall(text, language, call, sdk))!, rule: 'partial-handling', escaping: ['APIError'] };
  const [action] = await fixesForFinding(text, language, finding, options);
  assert.equal(action.kind, 'addHandlers');
  return applyEdits(text, action.edits);
}

describe('fixes: where added handlers go', () => {
  it('Python: before a bare except, which must stay last', async () => {
    const text = [
      'import openai',
      'client = openai.OpenAI()',
      'try:',
      '    client.models.list()',
      'except openai.RateLimitError:',
      '    pass',
      '# the rest',
      'except:',
      '    pass',
      '',
    ].join('\n');
    const fixed = await addHandlers(text, 'python', 'client.models.list', 'openai-python-v1');
    assert.equal(pythonSyntaxError(fixed), undefined);
    assert.deepEqual(linesNotKept(text, fixed), []);
    const clauses = fixed.split('\n').filter((line) => line.startsWith('except'));
    assert.equal(clauses[0], 'except openai.RateLimitError:');
    assert.equal(clauses[clauses.length - 1], 'except:');
    assert.ok(fixed.includes('    raise\n# the rest\nexcept:'), 'the comment stays with the bare except');
  });

  it('JavaScript: a catch body that is no instanceof chain gets the branches at its top, leaving out bases of classes it tests', async () => {
    const text = [
      "import OpenAI from 'openai';",
      'const client = new OpenAI();',
      'export async function list() {',
      '  try {',
      '    return await client.models.list();',
      '  } catch (e) {',
      "    console.log('failed');",
      '    if (e instanceof OpenAI.APIConnectionTimeoutError) return null;',
      '    throw e;',
      '  }',
      '}',
      '',
    ].join('\n');
    const fixed = await addHandlers(text, 'typescript', 'client.models.list', 'openai-node-v4');
    const diagnostics = typeScriptDiagnostics({ 'top.ts': text, 'top.fixed.ts': fixed });
    assert.deepEqual(diagnostics['top.fixed.ts'], diagnostics['top.ts']);
    assert.deepEqual(linesNotKept(text, fixed), []);
    const body = fixed.split('\n');
    assert.equal(body[body.indexOf('  } catch (e) {') + 1], '    if (e instanceof OpenAI.AuthenticationError) {');
    // APIConnectionError and the catch-all would take the timeouts the user's own code handles.
    assert.ok(!fixed.includes('instanceof OpenAI.APIConnectionError'));
    assert.ok(!fixed.includes('instanceof OpenAI.APIError'));
    assert.ok(fixed.includes("console.error('OpenAI rejected the API key:', e.message);\n      throw e;"));
  });
});
