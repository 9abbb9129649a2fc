// "Use a shared handler": finding a project's own OpenAI error handler, the module the fix creates, the import
// path from a call site, and golden files of the call-site edit (test/fixtures/shared-handler), checked as the
// other fix goldens are: the result parses and type-checks, keeps every line, and the call is no longer flagged.
// UPDATE_GOLDEN=1 rewrites the .fixed files (review every change by hand before committing).
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { SdkFlavour, SourceLanguage } from '../../../src/core/types';
import { applyEdits, editsForOffer, type FixOptions } from '../../../src/core/fixes';
import { findSharedHandler, findSharedHandlerInProject, sharedHandlerImportModule, sharedHandlerModuleText } from '../../../src/core/fixes/sharedHandler';
import { analyzeText } from '../../../src/core/analysis';
import { languageOfFile } from '../../../src/core/languages';
import { defaultHandledErrorClasses } from '../../../src/core/sdk/errorHierarchy';
import { linesNotKept, pythonSyntaxError, typeScriptDiagnostics } from './checks';
import { repoRoot } from './fixtureCases';

const dir = path.join(repoRoot, 'test', 'fixtures', 'shared-handler');

interface SharedCase {
  name: string;
  language: SourceLanguage;
  text: string;
  call: string;
  sdk: SdkFlavour;
  options: FixOptions;
}

function loadSharedCases(): SharedCase[] {
  return fs.readdirSync(dir).filter((name) => !name.includes('.fixed') && languageOfFile(name)).sort().map((name) => {
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const fields = Object.fromEntries(/shared-case:(.*)/.exec(text.split('\n')[0])![1].trim().split(/\s+/).map((pair) => pair.split('=') as [string, string]));
    return {
      name, text, language: languageOfFile(name)!, call: fields.call, sdk: fields.sdk as SdkFlavour,
      options: { handlerStyle: 'logAndRethrow', errorClasses: defaultHandledErrorClasses, sharedHandler: { name: fields.handler, module: fields.module, raises: fields.raises === 'true' } },
    };
  });
}

async function fixed(c: SharedCase): Promise<string> {
  const finding = (await analyzeText(c.text, c.language)).find((f) => f.call === c.call && f.rule === 'unhandled-call');
  assert.ok(finding, `${c.name}: no finding for ${c.call}`);
  const edits = await editsForOffer(c.text, c.language, finding, 'wrapShared', c.options);
  assert.ok(edits, `${c.name}: no shared-handler fix`);
  return applyEdits(c.text, edits);
}

describe('fixes: shared handler', () => {
  describe('golden call-site edits', () => {
    const cases = loadSharedCases();
    const results = new Map<string, string>();
    before(async () => {
      for (const c of cases) results.set(c.name, await fixed(c));
    });

    it('has Python and JavaScript/TypeScript cases', () => {
      assert.ok(cases.some((c) => c.language === 'python') && cases.some((c) => c.language !== 'python'));
    });

    for (const c of cases) {
      describe(c.name, () => {
        const goldenFile = path.join(dir, c.name.replace(/(\.\w+)$/, '.fixed$1'));
        it('matches the golden file', () => {
          const result = results.get(c.name)!;
          if (process.env.UPDATE_GOLDEN) fs.writeFileSync(goldenFile, result);
          assert.equal(result, fs.readFileSync(goldenFile, 'utf8'));
        });
        it('keeps every original line and adds a try of at most five lines plus imports', () => {
          const result = results.get(c.name)!;
          assert.deepEqual(linesNotKept(c.text, result), []);
          assert.ok(result.split('\n').length - c.text.split('\n').length <= 6);
        });
        it('leaves the call unflagged', async () => {
          const findings = await analyzeText(results.get(c.name)!, c.language);
          assert.deepEqual(findings.filter((f) => f.call === c.call).map((f) => f.rule), []);
        });
        if (c.language === 'python') it('parses', () => assert.equal(pythonSyntaxError(results.get(c.name)!), undefined));
      });
    }

    it('type-checks the TypeScript call site against the module the fix creates', () => {
      const c = cases.find((x) => x.name === 'ts_const_visible.ts')!;
      const diagnostics = typeScriptDiagnostics({
        'ts_const_visible.ts': results.get(c.name)!,
        'openaiErrors.ts': sharedHandlerModuleText('typescript', 'openai-node-v4', defaultHandledErrorClasses),
      });
      assert.deepEqual(diagnostics['ts_const_visible.ts'], { syntactic: [], semantic: [] });
      assert.deepEqual(diagnostics['openaiErrors.ts'], { syntactic: [], semantic: [] });
    });
  });

  describe('finding an existing handler', () => {
    it('finds a Python function that inspects the error with isinstance and re-raises it', () => {
      const text = 'import openai\n\n\ndef handle_openai_error(e):\n    if isinstance(e, openai.RateLimitError):\n        print("slow down")\n    raise e\n';
      assert.deepEqual(findSharedHandler(text, 'python'), { name: 'handle_openai_error', raises: true, exported: true });
    });

    it('finds a Python function that catches SDK classes and returns, and tells a private one', () => {
      const text = 'from openai import APIError\n\ndef _report(err):\n    try:\n        raise err\n    except APIError:\n        pass\n    return None\n';
      assert.deepEqual(findSharedHandler(text, 'python'), { name: '_report', raises: false, exported: false });
    });

    it('ignores functions that name no OpenAI error class, and methods', () => {
      assert.equal(findSharedHandler('def handle(e):\n    if isinstance(e, ValueError):\n        raise e\n', 'python'), undefined);
      assert.equal(findSharedHandler('class A:\n    def handle(self, e):\n        if isinstance(e, openai.APIError):\n            raise e\n', 'python'), undefined);
    });

    it('finds an exported TS handler returning never, and a JS one that returns', () => {
      const ts = "import OpenAI from 'openai';\n\nexport function handleOpenAIError(err: unknown): never {\n  if (err instanceof OpenAI.RateLimitError) console.warn(err.message);\n  throw err;\n}\n";
      assert.deepEqual(findSharedHandler(ts, 'typescript'), { name: 'handleOpenAIError', raises: true, exported: true });
      const js = "function report(e) {\n  if (e instanceof OpenAI.APIError) {\n    console.error(e.status);\n  }\n  return false;\n}\nmodule.exports = { report };\n";
      assert.deepEqual(findSharedHandler(js, 'javascript'), { name: 'report', raises: false, exported: true });
    });

    it('searches the project for an importable handler of the call site language', () => {
      const files = [
        { path: '/p/a.ts', text: 'function local(err: unknown) {\n  if (err instanceof OpenAI.APIError) throw err;\n}\n' },
        { path: '/p/app/errors.py', text: 'def handle_openai_error(e):\n    if isinstance(e, openai.APIError):\n        pass\n    raise e\n' },
        { path: '/p/lib/errors.ts', text: "export function onOpenAIError(err: unknown): never {\n  if (err instanceof OpenAI.APIError) console.error(err.status);\n  throw err;\n}\n" },
      ];
      assert.deepEqual(findSharedHandlerInProject(files, 'typescript'), { name: 'onOpenAIError', raises: true, exported: true, path: '/p/lib/errors.ts' });
      assert.deepEqual(findSharedHandlerInProject(files, 'python'), { name: 'handle_openai_error', raises: true, exported: true, path: '/p/app/errors.py' });
    });
  });

  describe('the module the fix creates', () => {
    it('is valid Python that groups the classes, logs through the module logger and re-raises', () => {
      const text = sharedHandlerModuleText('python', 'openai-python-v1', defaultHandledErrorClasses);
      assert.equal(pythonSyntaxError(text), undefined);
      assert.match(text, /logger = logging\.getLogger\(__name__\)/);
      assert.match(text, /isinstance\(e, openai\.RateLimitError\)/);
      assert.match(text, /\n {4}raise e\n$/);
      assert.ok(findSharedHandler(text, 'python')?.raises);
    });

    it('is valid CommonJS that exports the handler', () => {
      const text = sharedHandlerModuleText('javascript', 'openai-node-v4', defaultHandledErrorClasses, { commonJs: true });
      assert.deepEqual(typeScriptDiagnostics({ 'openaiErrors.js': text })['openaiErrors.js'].syntactic, []);
      assert.deepEqual(findSharedHandler(text, 'javascript'), { name: 'handleOpenAIError', raises: true, exported: true });
    });
  });

  describe('the import path from a call site', () => {
    it('uses the bare module name beside the call site, else the dotted path from the project root', () => {
      assert.equal(sharedHandlerImportModule('/p/demo/chat.py', '/p/demo/openai_errors.py', '/p', 'python'), 'openai_errors');
      assert.equal(sharedHandlerImportModule('/p/app/api/chat.py', '/p/app/openai_errors.py', '/p/', 'python'), 'app.openai_errors');
    });

    it('uses a relative path, without the extension for TypeScript', () => {
      assert.equal(sharedHandlerImportModule('/p/src/a.ts', '/p/src/openaiErrors.ts', '/p', 'typescript'), './openaiErrors');
      assert.equal(sharedHandlerImportModule('/p/src/api/a.ts', '/p/src/lib/openaiErrors.ts', '/p', 'typescript'), '../lib/openaiErrors');
      assert.equal(sharedHandlerImportModule('/p/a.mjs', '/p/lib/openaiErrors.js', '/p', 'javascript'), './lib/openaiErrors.js');
    });
  });
});
