// The index's text prefilter and module resolution, on their own.
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { callWordFilter, importHashes, importsOf, mayCall, mayImportWord, resourceReceivers } from '../../../src/core/workspace/callWords';
import { ModuleResolver } from '../../../src/core/workspace/moduleResolution';
import { random } from '../analysis/support';

describe('workspace: call-word filter', () => {
  it('holds every word called in the text (no false negatives), and its import words', () => {
    const next = random(12);
    const names = Array.from({ length: 300 }, (_, index) => `name_${index}_${Math.floor(next() * 1e6)}`);
    const text = `from app.llm import ask\nimport { x } from './lib/openai';\n${names.map((name, index) => (index % 2 ? `obj.${name} (1)` : `${name}(2)`)).join('\n')}`;
    const filter = callWordFilter(text);
    for (const name of names) assert.ok(mayCall(filter, name), name);
    for (const word of ['app', 'llm', 'lib', 'openai']) assert.ok(mayImportWord(importHashes(importsOf(text)), word), word);
  });

  it('rarely holds words the text does not call', () => {
    const filter = callWordFilter(Array.from({ length: 100 }, (_, index) => `f${index}()`).join('\n'));
    const misses = Array.from({ length: 1000 }, (_, index) => `absent_${index}`).filter((name) => mayCall(filter, name));
    assert.ok(misses.length < 50, `${misses.length} false positives in 1000`);
    assert.equal(mayCall(filter, 'f1x'), false);
  });

  it('stays selective on a large file: sized by its distinct words, not saturated', () => {
    const text = Array.from({ length: 6000 }, (_, index) => `    helper_${index}(value)`).join('\n');
    const filter = callWordFilter(text);
    assert.ok(mayCall(filter, 'helper_5999'));
    const misses = Array.from({ length: 1000 }, (_, index) => `absent_${index}`).filter((name) => mayCall(filter, name));
    assert.ok(misses.length < 50, `${misses.length} false positives in 1000`);
  });

  it("leaves out definitions, and plain calls of the file's own top-level functions; keeps qualified calls", () => {
    const python = 'from app import tools\n\nasync def main():\n    tools.main()\n    def inner(x):\n        return x\n\nasyncio.run(main())\nask()\n';
    const filter = callWordFilter(python);
    assert.ok(mayCall(filter, 'main'), 'tools.main() is a call of another module');
    assert.equal(mayCall(callWordFilter('async def main():\n    pass\n\nasyncio.run(main())\n'), 'main'), false);
    assert.equal(mayCall(filter, 'inner'), false);
    assert.ok(mayCall(filter, 'ask'));
    const typescript = 'export async function handler(req) {\n  return run(req);\n}\nfunction* walk() {}\nhandler(x);\n';
    const jsFilter = callWordFilter(typescript);
    assert.equal(mayCall(jsFilter, 'handler'), false);
    assert.equal(mayCall(jsFilter, 'walk'), false);
    assert.ok(mayCall(jsFilter, 'run'));
  });

  it('reads the module words and bound names of imports in both syntaxes', () => {
    const python = importsOf('from app.llm import (ask as a,\n    other)\nimport pkg.sub as alias, os\n', 'python');
    assert.deepEqual([...python.moduleWords].sort(), ['alias', 'app', 'as', 'llm', 'os', 'pkg', 'sub']);
    assert.ok(['a', 'ask', 'other', 'alias', 'pkg', 'os'].every((name) => python.boundNames.has(name)));
    const javascript = importsOf([
      "import OpenAI, { type ClientOptions as Options } from 'openai';",
      "import * as llm from '../lib/llm';",
      "const {\n  ask,\n  other: renamed,\n} = require('./ask');",
      "import legacy = require('legacy-client');",
      "export { helper } from './helpers';",
      "const lazy = await import('./lazy');",
    ].join('\n'), 'javascript');
    assert.ok(['openai', 'lib', 'llm', 'ask', 'legacy-client', 'helpers', 'lazy'].every((word) => javascript.moduleWords.has(word)), [...javascript.moduleWords].join());
    assert.ok(['OpenAI', 'Options', 'llm', 'ask', 'renamed', 'legacy', 'helper'].every((name) => javascript.boundNames.has(name)), [...javascript.boundNames].join());
  });

  it('finds the receivers of resource paths whose chain starts with an imported name', () => {
    const python = 'from app.clients import openai\nimport app.llm as llm\n\nopenai.files.list()\nllm.client?.models.retrieve(x)\nfoo.bar.baz()\n';
    assert.deepEqual(resourceReceivers(python), { receivers: ['openai', 'client'], heads: ['openai', 'llm'] });
    const typescript = "import { openai } from '@/app/openai';\nimport * as llm from './llm';\nconst { other } = require('./other');\n"
      + 'await openai.files.list();\nllm.client.models.list();\nother.files.retrieve("f");\n';
    assert.deepEqual(resourceReceivers(typescript), { receivers: ['openai', 'client', 'other'], heads: ['openai', 'llm', 'other'] });
  });

  it('leaves out chains that start with a local name, self or a call result', () => {
    const text = 'from app import settings\n\nclient = make()\nclient.files.list()\nself.client.models.list()\nget_client().files.list()\nsettings.files.list()\n';
    assert.deepEqual(resourceReceivers(text), { receivers: ['settings'], heads: ['settings'] });
  });
});

describe('workspace: module resolution', () => {
  const root = path.join(path.sep, 'project');
  const files = new Set(['app/__init__.py', 'app/llm.py', 'app/pkg/__init__.py', 'app/pkg/service.py', 'src/tools/run.py', 'lib/ask.ts', 'lib/index.ts', 'web/util.js'].map((file) => path.join(root, file)));
  const resolver = new ModuleResolver(root, (file) => files.has(file));
  const at = (file: string): string => path.join(root, file);

  it('resolves Python absolute, src/-rooted, relative and package imports', () => {
    assert.equal(resolver.python(at('app/cli.py'), 'app.llm'), at('app/llm.py'));
    assert.equal(resolver.python(at('app/cli.py'), 'tools.run'), at('src/tools/run.py'));
    assert.equal(resolver.python(at('app/pkg/service.py'), '..llm'), at('app/llm.py'));
    assert.equal(resolver.python(at('app/pkg/service.py'), '.'), at('app/pkg/__init__.py'));
    assert.equal(resolver.python(at('app/cli.py'), 'app.pkg'), at('app/pkg/__init__.py'));
    assert.equal(resolver.python(at('app/cli.py'), 'requests'), undefined);
  });

  it('resolves JS/TS relative specifiers with extensions, index files, `.js` for `.ts`, and guessed @/ aliases', () => {
    assert.equal(resolver.javascript(at('app/page.ts'), '../lib/ask'), at('lib/ask.ts'));
    assert.equal(resolver.javascript(at('app/page.ts'), '../lib/ask.js'), at('lib/ask.ts'));
    assert.equal(resolver.javascript(at('app/page.ts'), '../lib'), at('lib/index.ts'));
    assert.equal(resolver.javascript(at('app/page.ts'), '@/web/util'), at('web/util.js'));
    assert.equal(resolver.javascript(at('app/page.ts'), 'openai'), undefined);
  });
});
