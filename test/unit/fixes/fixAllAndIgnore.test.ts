// Fix-all over files with several findings, the ignore actions, and edit application.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../../src/core/analysis';
import { applyEdits, editsForOffer, fixAll, fixesForFinding, fixOffersForFinding, type FixOptions } from '../../../src/core/fixes';
import { positionsAfterEdits } from '../../../src/core/fixes/text';
import { defaultHandledErrorClasses } from '../../../src/core/sdk/errorHierarchy';
import type { SourceLanguage } from '../../../src/core/types';
import { fixturesDir } from './fixtureCases';
import { linesNotKept, pythonSyntaxError, typeScriptDiagnostics } from './checks';

const options: FixOptions = { handlerStyle: 'logAndRethrow', errorClasses: defaultHandledErrorClasses };
// [file, language, fixes fix-all applies] (in TypeScript one wrap covers both calls: the second uses `first`).
const several: [string, SourceLanguage, number][] = [['several.py', 'python', 3], ['several.ts', 'typescript', 2]];

describe('fixes: fix-all', () => {
  for (const [name, language, fixes] of several) {
    it(`${name}: fixes every call, keeps every line, and matches its golden file`, async () => {
      const file = path.join(fixturesDir, 'fixall', name);
      const text = fs.readFileSync(file, 'utf8');
      const before = await analyzeText(text, language);
      assert.equal(before.length, 3);
      const result = await fixAll(text, language, options);
      assert.equal(result.applied, fixes);
      assert.deepEqual(result.remaining, []);
      assert.deepEqual(await analyzeText(result.text, language), []);
      assert.deepEqual(linesNotKept(text, result.text), []);
      if (language === 'python') assert.equal(pythonSyntaxError(result.text), undefined);
      else {
        const diagnostics = typeScriptDiagnostics({ [name]: text, [`fixed.${name}`]: result.text });
        assert.deepEqual(diagnostics[`fixed.${name}`], diagnostics[name]);
      }
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(`${file}.fixed`, result.text);
      assert.equal(result.text, fs.readFileSync(`${file}.fixed`, 'utf8'));
    });
  }

  it('fixes only the findings it is given, following the others through the fixes before them', async () => {
    const text = fs.readFileSync(path.join(fixturesDir, 'fixall', 'several.py'), 'utf8');
    const before = await analyzeText(text, 'python');
    // The embeddings call (second of three) is left alone, as a project scan drops a call every caller handles.
    const only = [before[0], before[2]];
    const result = await fixAll(text, 'python', options, undefined, only);
    assert.equal(result.applied, 2);
    assert.deepEqual(result.remaining, []);
    const after = await analyzeText(result.text, 'python');
    assert.deepEqual(after.map((finding) => finding.call), ['client.embeddings.create']);
    assert.deepEqual(linesNotKept(text, result.text), []);
    assert.equal(pythonSyntaxError(result.text), undefined);
    const none = await fixAll(text, 'python', options, undefined, []);
    assert.deepEqual(none, { text, applied: 0, remaining: [], cancelled: false });
  });

  it('leaves a text without findings untouched', async () => {
    const text = 'import openai\n\nprint("no calls")\n';
    assert.deepEqual(await fixAll(text, 'python', options), { text, applied: 0, remaining: [], cancelled: false });
  });

  it('stops between fixes when cancelled, reporting what it applied so far', async () => {
    const text = fs.readFileSync(path.join(fixturesDir, 'fixall', 'several.py'), 'utf8');
    // Asked before the first fix is computed and before it is applied (it brings the imports, so it goes alone):
    // the third question comes after one fix.
    let asked = 0;
    const afterOneFix = await fixAll(text, 'python', options, () => ++asked > 2);
    assert.equal(afterOneFix.cancelled, true);
    assert.equal(afterOneFix.applied, 1);
    assert.equal(afterOneFix.remaining.length, 2);
    const atOnce = await fixAll(text, 'python', options, () => true);
    assert.deepEqual(atOnce, { text, applied: 0, remaining: await analyzeText(text, 'python'), cancelled: true });
  });
});

describe('fixes: actions offered for a finding', () => {
  for (const [name, language] of several) {
    it(`${name}: the compact wrap first and preferred, then the one-handler-per-class wrap, ignore line and file`, async () => {
      const text = fs.readFileSync(path.join(fixturesDir, 'fixall', name), 'utf8');
      const [finding] = await analyzeText(text, language);
      const actions = await fixesForFinding(text, language, finding, options);
      assert.deepEqual(actions.map((a) => [a.kind, a.isPreferred]), [['wrap', true], ['wrapFull', false], ['ignoreLine', false], ['ignoreFile', false]]);
      assert.ok(actions.slice(2).every((a) => a.title.includes('unhandled-call')));
      // The full variant names every planned class on its own; the compact one groups them.
      const handlers = (edits: typeof actions[0]['edits']): number => (applyEdits(text, edits).match(language === 'python' ? /^\s*except\b/gm : /\binstanceof\b/g) ?? []).length;
      assert.ok(handlers(actions[1].edits) > handlers(actions[0].edits));
    });

    it(`${name}: lists the offers without computing edits, and each offer's edits equal the computed action's`, async () => {
      const text = fs.readFileSync(path.join(fixturesDir, 'fixall', name), 'utf8');
      const [finding] = await analyzeText(text, language);
      const offers = fixOffersForFinding(finding);
      const actions = await fixesForFinding(text, language, finding, options);
      assert.deepEqual(offers.map((o) => o.kind), actions.map((a) => a.kind));
      for (const action of actions) assert.deepEqual(await editsForOffer(text, language, finding, action.kind, options), action.edits);
    });

    it(`${name}: ignore line silences exactly that finding, ignore file all of its rule`, async () => {
      const text = fs.readFileSync(path.join(fixturesDir, 'fixall', name), 'utf8');
      const findings = await analyzeText(text, language);
      const actions = await fixesForFinding(text, language, findings[0], options);
      const lineIgnored = applyEdits(text, actions.find((a) => a.kind === 'ignoreLine')!.edits);
      assert.deepEqual((await analyzeText(lineIgnored, language)).map((f) => f.call), findings.slice(1).map((f) => f.call));
      assert.deepEqual(linesNotKept(text, lineIgnored), []);
      const fileIgnored = applyEdits(text, actions.find((a) => a.kind === 'ignoreFile')!.edits);
      assert.deepEqual(await analyzeText(fileIgnored, language), []);
    });
  }
});

describe('fixes: applyEdits', () => {
  it('applies edits given against the original text, whatever their order', () => {
    const text = 'a\nb\nc\n';
    const edits = [
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } }, newText: 'C' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '> ' },
    ];
    assert.equal(applyEdits(text, edits), '> a\nb\nC\n');
  });

  it('follows a position through edits before it, and loses it inside a replaced range', () => {
    const text = 'a\nbb\ncc dd\n';
    const edits = [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'x\ny\n' },
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 2 } }, newText: 'try:\n  CC' },
    ];
    const edited = applyEdits(text, edits);
    assert.equal(edited, 'x\ny\na\nbb\ntry:\n  CC dd\n');
    const positions = [{ line: 1, character: 1 }, { line: 2, character: 3 }, { line: 2, character: 1 }];
    assert.deepEqual(positionsAfterEdits(text, edits, edited, positions), [{ line: 3, character: 1 }, { line: 5, character: 5 }, undefined]);
  });

  it('refuses overlapping edits instead of corrupting the text', () => {
    const edits = [
      { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 1 } }, newText: 'x' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, newText: 'y' },
    ];
    assert.throws(() => applyEdits('a\nb\n', edits), /overlapping/);
  });
});
