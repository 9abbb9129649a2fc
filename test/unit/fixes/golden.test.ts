// Golden-file tests of the real fix of every fixture (wrap, add handlers, reorder handlers), plus the
// guarantees each result must keep.
// UPDATE_GOLDEN=1 rewrites the .fixed files (review every change by hand before committing).
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { applyEdits, fixAll, fixesForFinding } from '../../../src/core/fixes';
import { analyzeText } from '../../../src/core/analysis';
import { parseWith } from '../../../src/core/fixes/syntax';
import { expectedFixKind, findingForCall, loadCases, type FixCase } from './fixtureCases';
import { codeNotKept, linesNotKept, linesNotKeptMoved, pythonSyntaxError, typeScriptDiagnostics, unreachableHandlers } from './checks';

const cases = loadCases();

/** The analyser's own finding for the fixture's call and rule: the fix must work from what the editor really reports. */
async function findingOf(fixCase: FixCase, text: string) {
  return (await analyzeText(text, fixCase.language)).find((finding) => finding.call === fixCase.call && finding.rule === fixCase.rule);
}

async function fixCase(fixCase: FixCase): Promise<string> {
  const finding = await findingOf(fixCase, fixCase.text);
  assert.ok(finding, `${fixCase.name}: the analyser reports no finding for ${fixCase.call}`);
  assert.equal(finding.sdk, fixCase.sdk);
  const actions = await fixesForFinding(fixCase.text, fixCase.language, finding, fixCase.options);
  assert.equal(actions[0].kind, expectedFixKind(fixCase, finding), `${fixCase.name}: no ${expectedFixKind(fixCase, finding)} fix offered`);
  assert.equal(actions[0].isPreferred, true);
  return applyEdits(fixCase.text, actions[0].edits);
}

/** Whether the call sits in the body of a try statement (the fix's whole point). */
async function callIsInsideTry(fixCase: FixCase, fixed: string): Promise<boolean> {
  const finding = await findingForCall(fixed, fixCase.language, fixCase.call, fixCase.sdk);
  return parseWith(fixCase.language, fixed, (root) => {
    for (let node = root.descendantForPosition({ row: finding!.range.start.line, column: finding!.range.start.character }); node; node = node.parent) {
      const tryStatement = node.parent;
      if (tryStatement?.type === 'try_statement' && tryStatement.childForFieldName('body')?.id === node.id) return true;
    }
    return false;
  });
}

describe('fixes: wrap golden files', () => {
  it('has at least 30 Python and 20 JavaScript/TypeScript wrap cases', () => {
    assert.ok(cases.filter((c) => c.rule === 'unhandled-call' && c.language === 'python').length >= 30);
    assert.ok(cases.filter((c) => c.rule === 'unhandled-call' && c.language !== 'python').length >= 20);
  });

  for (const rule of ['partial-handling', 'unreachable-handler'] as const) {
    it(`has at least 5 Python and 4 JavaScript/TypeScript ${rule} cases`, () => {
      assert.ok(cases.filter((c) => c.rule === rule && c.language === 'python').length >= 5);
      assert.ok(cases.filter((c) => c.rule === rule && c.language !== 'python').length >= 4);
    });
  }

  const fixedTexts = new Map<string, string>();
  before(async () => {
    for (const c of cases) fixedTexts.set(c.name, await fixCase(c));
  });

  for (const c of cases) {
    describe(c.name, () => {
      it('matches the golden file', () => {
        const golden = `${c.file}.fixed`;
        const fixed = fixedTexts.get(c.name)!;
        if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, fixed);
        assert.equal(fixed, fs.readFileSync(golden, 'utf8'));
      });

      if (c.rule === 'unreachable-handler') {
        it('keeps every original line (the moved handler elsewhere)', () => {
          assert.deepEqual(linesNotKeptMoved(c.text, fixedTexts.get(c.name)!), []);
        });
      } else if (c.shape === 'namedStream') {
        it('keeps all the original code: the request moved into a const before its statement, the rest in order', () => {
          const fixed = fixedTexts.get(c.name)!;
          const squeezed = (text: string): string => text.replace(/\s+/g, '');
          const request = /await\s+[\w.]+\.create\([\s\S]*?stream:\s*true[\s\S]*?\)(?=\s*[,)])/.exec(c.text)![0];
          const declaration = new RegExp(`\\n[ \\t]*const \\w+ = ${request.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*')};?`).exec(fixed);
          assert.ok(declaration, 'the request in a const of its own');
          assert.equal(codeNotKept(c.text.replace(request, ''), fixed.replace(declaration[0], '')), undefined);
          assert.ok(squeezed(fixed).includes(squeezed(request)));
        });
      } else if (c.shape) {
        it('keeps all the original code, in order', () => {
          // A lambda becomes a function of the same parameters defined before its statement: its `lambda …:`
          // head goes, its body moves up (so order holds on each side of it).
          const lambda = /\blambda\b[^:\n]*:/.exec(c.text);
          if (!lambda) return assert.equal(codeNotKept(c.text, fixedTexts.get(c.name)!), undefined);
          const fixed = fixedTexts.get(c.name)!;
          const definition = /\n[ \t]*(?:async )?def guarded_\w+\(/.exec(fixed)!.index;
          assert.equal(codeNotKept(c.text.slice(lambda.index + lambda[0].length), fixed.slice(definition)), undefined);
          assert.equal(codeNotKept(c.text.slice(0, c.text.lastIndexOf('\n', lambda.index)), fixed), undefined);
        });
      } else {
        it('keeps every original line, in order', () => {
          assert.deepEqual(linesNotKept(c.text, fixedTexts.get(c.name)!), []);
        });
      }

      it('keeps line endings and the final newline', () => {
        const fixed = fixedTexts.get(c.name)!;
        assert.equal(fixed.includes('\r\n'), c.text.includes('\r\n'));
        if (c.text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(fixed), 'a bare LF in a CRLF file');
        assert.equal(fixed.endsWith('\n'), c.text.endsWith('\n'));
      });

      it('re-scanning finds nothing for that call', async () => {
        const findings = await analyzeText(fixedTexts.get(c.name)!, c.language);
        assert.deepEqual(findings.filter((finding) => finding.call === c.call).map((finding) => finding.rule), []);
      });

      it('changes nothing more when fixed again (fix-all over the result)', async () => {
        const again = await fixAll(fixedTexts.get(c.name)!, c.language, c.options);
        assert.equal(again.applied, 0);
        assert.equal(again.text, fixedTexts.get(c.name));
      });

      it('fix-all on the original gives the same result', async () => {
        const result = await fixAll(c.text, c.language, c.options);
        assert.deepEqual({ text: result.text, applied: result.applied, remaining: result.remaining }, { text: fixedTexts.get(c.name), applied: 1, remaining: [] });
      });

      if (c.shape === 'listener') {
        it("chains an 'error' listener on the stream helper (a try cannot catch its failures)", () => {
          assert.match(fixedTexts.get(c.name)!, /\.on\((['"])error\1, \((\w+)\) => \{/);
        });
      } else if (c.shape === 'streamGuard' || c.shape === 'namedStream') {
        it('reads the stream inside a try of its own (the try around the call ends before the read)', () => {
          assert.match(fixedTexts.get(c.name)!, /\btry \{\r?\n\s*(?:yield\* \w+|for await \()/);
        });
      } else if (c.shape === 'promiseCatch') {
        it('ends the promise chain with a .catch (no try can wait for it)', () => {
          assert.match(fixedTexts.get(c.name)!, /\)\s*\.catch\(\((\w+)\) => \{/);
        });
      } else {
        it('puts the call inside a try body', async () => {
          assert.ok(await callIsInsideTry(c, fixedTexts.get(c.name)!));
        });
      }

      it('orders handlers so every one is reachable', () => {
        assert.deepEqual(unreachableHandlers(c.text, fixedTexts.get(c.name)!, c.language, c.sdk), []);
      });

      if (c.language === 'python') {
        it('still parses as Python', () => {
          assert.equal(pythonSyntaxError(fixedTexts.get(c.name)!), undefined);
        });
      }
    });
  }

  it('JavaScript/TypeScript results have no new syntax errors and TypeScript no new type errors', function () {
    // One type-check program over every case: on a loaded 2-core CI machine it has needed more than mocha's 20 s.
    this.timeout(120_000);
    const jsCases = cases.filter((c) => c.language !== 'python');
    const files: Record<string, string> = {};
    for (const c of jsCases) {
      files[c.name] = c.text;
      files[c.name.replace(/(\.\w+)$/, '.fixed$1')] = fixedTexts.get(c.name)!;
    }
    const diagnostics = typeScriptDiagnostics(files);
    for (const c of jsCases) {
      const before = diagnostics[c.name];
      const after = diagnostics[c.name.replace(/(\.\w+)$/, '.fixed$1')];
      assert.deepEqual(after.syntactic, before.syntactic, `${c.name}: syntax`);
      assert.deepEqual(after.semantic, before.semantic, `${c.name}: types`);
    }
  });
});
