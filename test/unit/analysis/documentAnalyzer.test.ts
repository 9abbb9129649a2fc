import * as assert from 'node:assert/strict';
import { analyzeText, DocumentAnalyzer, type TextChange } from '../../../src/core/analysis';
import type { SourceLanguage } from '../../../src/core/types';
import { random, readFixture } from './support';

const snippets = [' ', '\n', 'x', ')', '(', 'try:\n    ', 'except Exception:\n    pass\n', '    ', ':', '"', '#', 'await ',
  'client.files.list()\n', '}', '{', 'try { ', '} catch (e) {}', '// openai-error-guard: ignore\n', 'import openai\n'];

const pythonBindingSnippets = ['from openai import OpenAI\n', 'client = OpenAI()\n', 'import anthropic\n', 'client = anthropic.Anthropic()\n',
  'def make():\n    return OpenAI()\n', 'make().files.list()\n', '"""', 'client: OpenAI = other\n', 'client.chat.completions.create()\n', 'OpenAI', '('];
const typescriptBindingSnippets = ["import OpenAI from 'openai';\n", 'const client = new OpenAI();\n', "const { OpenAI } = require('openai');\n",
  'const groq = new Groq();\n', 'function make() { return new OpenAI(); }\n', 'make().files.list();\n', '`', 'client.chat.completions.create();\n', 'OpenAI', '('];

async function assertIncrementalMatchesFull(fixture: string, language: SourceLanguage, seed: number, steps: number, pieces = snippets): Promise<void> {
  const next = random(seed);
  let text = fixture.includes('\n') ? fixture : readFixture(fixture);
  const analyzer = await DocumentAnalyzer.create(language);
  try {
    analyzer.analyze(text);
    for (let step = 0; step < steps; step++) {
      const offset = Math.floor(next() * (text.length + 1));
      const length = next() < 0.4 ? Math.min(Math.floor(next() * 12), text.length - offset) : 0;
      const change: TextChange = { rangeOffset: offset, rangeLength: length, text: next() < 0.3 ? '' : pieces[Math.floor(next() * pieces.length)] };
      text = text.slice(0, offset) + change.text + text.slice(offset + length);
      const incremental = analyzer.update([change]);
      assert.deepEqual(incremental, await analyzeText(text, language), `step ${step}: ${JSON.stringify(change)}`);
    }
  } finally {
    analyzer.dispose();
  }
}

describe('DocumentAnalyzer', () => {
  it('equals a full analysis after random Python edits', async () => {
    await assertIncrementalMatchesFull('py_self_client.py', 'python', 7, 150);
    await assertIncrementalMatchesFull('py_unreachable_timeout.py', 'python', 11, 150);
    await assertIncrementalMatchesFull('py_stored_coroutine.py', 'python', 43, 100);
  });

  it('equals a full analysis after random TypeScript edits', async () => {
    await assertIncrementalMatchesFull('ts_partial_instanceof.ts', 'typescript', 5, 150);
    await assertIncrementalMatchesFull('ts_param_property.ts', 'typescript', 13, 150);
    await assertIncrementalMatchesFull('ts_stored_promise.ts', 'typescript', 41, 100);
  });

  it('equals a full analysis after edits around callbacks run in place and local functions passed by name', async () => {
    const python = ['Retrying()(lambda: client.responses.create(model="m", input=q))\n', 'threading.Thread(target=', '_upload', ', _upload)',
      'def _upload(p):\n        ', 'return ask()\n', 'lambda: '];
    await assertIncrementalMatchesFull('py_local_function_callback.py', 'python', 59, 120, [...snippets, ...python]);
    await assertIncrementalMatchesFull('py_callback_run_by_call.py', 'python', 61, 120, [...snippets, ...python]);
    const typescript = ['await pRetry(() => ', 'setTimeout(() => ', 'texts.forEach(async (text) => ', ')', 'return ', 'async ', '=> '];
    await assertIncrementalMatchesFull('ts_callback_run_by_awaited_call.ts', 'typescript', 67, 120, [...snippets, ...typescript]);
  });

  it('equals a full analysis after edits that change what names mean (imports, clients, factories)', async () => {
    await assertIncrementalMatchesFull('py_factory.py', 'python', 17, 120, pythonBindingSnippets);
    await assertIncrementalMatchesFull('py_precision_other_libraries.py', 'python', 19, 120, pythonBindingSnippets);
    await assertIncrementalMatchesFull('ts_factory.ts', 'typescript', 23, 120, typescriptBindingSnippets);
    await assertIncrementalMatchesFull('js_require_destructure.js', 'javascript', 29, 120, typescriptBindingSnippets);
  });

  it('equals a full analysis after edits that add bound methods, wrappers, mocks, test idioms and raw requests', async () => {
    const python = ['completion = client.chat.completions.create\n', 'completion(model="m")\n', 'import instructor\n',
      'client = instructor.from_openai(OpenAI())\n', 'with pytest.raises(E):\n    ', 'fast = client.with_options(timeout=1)\n',
      'fast.models.list()\n', 'client.post("/x")\n', 'with patch("a") as client:\n    ', 'client = MagicMock()\n', '.assert_called_with()'];
    await assertIncrementalMatchesFull('py_bound_methods.py', 'python', 47, 120, [...pythonBindingSnippets, ...python]);
    await assertIncrementalMatchesFull('py_test_idioms.py', 'python', 53, 120, [...snippets, ...python]);
    const typescript = ['const create = client.chat.completions.create.bind(client.chat.completions);\n', 'create({});\n',
      "import { wrapOpenAI } from 'langsmith/wrappers';\n", 'const w = wrapOpenAI(new OpenAI());\n', 'w.models.list();\n',
      "jest.mock('openai');\n", 'await expect(', ').rejects.toThrow();\n', "client.post('/x');\n", 'const fake = { create: jest.fn() };\n', '.mock.calls'];
    await assertIncrementalMatchesFull('ts_bound_methods.ts', 'typescript', 59, 120, [...typescriptBindingSnippets, ...typescript]);
    await assertIncrementalMatchesFull('ts_test_idioms.ts', 'typescript', 61, 120, [...snippets, ...typescript]);
    await assertIncrementalMatchesFull('ts_stream_handed_on.ts', 'typescript', 67, 120, [...snippets, 'return ', 'stream', 'new Response(', ', stream: true']);
    await assertIncrementalMatchesFull('py_stream_handed_on.py', 'python', 71, 120, [...snippets, 'return ', 'stream', 'StreamingResponse(', ', stream=True']);
  });

  it('equals a full analysis after edits of fake transports, client subclasses and clients handed to a function', async () => {
    const typescript = ['fetch: async () => response', 'return canned;', 'new Response(', 'await fetch(url);\n', '(response: Response)',
      'class Recording extends OpenAI {}\n', 'new RecordingClient({ fetch })', 'vi.fn<Fetch>(', 'await createRun(new OpenAI());\n',
      'await createRun(createClient("x"));\n', 'createRun', 'export ', 'function '];
    await assertIncrementalMatchesFull('ts_fake_fetch_given.ts', 'typescript', 73, 120, [...snippets, ...typescript]);
    await assertIncrementalMatchesFull('ts_client_subclass.ts', 'typescript', 79, 120, [...snippets, ...typescript]);
    await assertIncrementalMatchesFull('ts_stub_parameter.ts', 'typescript', 83, 150, [...snippets, ...typescript]);
  });

  it('equals a full analysis after edits of error-mapping context managers, rebound client names, provider factories, lookalike SDKs and VCR', async () => {
    const python = ['@contextmanager\n', 'except RateLimitError:\n        raise\n', 'except APIConnectionError as e:\n', 'yield\n',
      'with map_errors():\n    ', 'with no_try():\n    ', 'try:\n        ', 'client = Anthropic()\n', 'client = OpenAI()\n',
      'client = client.with_options(timeout=5)\n', 'instructor.from_provider("openai/gpt-4o")', '"anthropic/claude"', 'from_provider'];
    await assertIncrementalMatchesFull('py_context_manager_handler.py', 'python', 89, 150, [...snippets, ...python]);
    await assertIncrementalMatchesFull('py_precision_rebound_client.py', 'python', 97, 120, [...snippets, ...pythonBindingSnippets, ...python]);
    await assertIncrementalMatchesFull('py_instructor_from_provider.py', 'python', 101, 120, [...snippets, ...python]);
    await assertIncrementalMatchesFull('py_precision_lookalike_sdks.py', 'python', 107, 120, [...snippets, ...pythonBindingSnippets, 'import groq\n', 'from together import Together\n']);
    const vcr = ['@pytest.mark.vcr\n', 'pytestmark = [pytest.mark.vcr]\n', 'with vcr.use_cassette("x.yaml"):\n    ', '@vcr.use_cassette("y.yaml")\n', 'def test_x():\n    '];
    await assertIncrementalMatchesFull('py_test_vcr.py', 'python', 109, 150, [...snippets, ...vcr]);
    await assertIncrementalMatchesFull('py_openai_named_factory.py', 'python', 113, 120, [...snippets, ...pythonBindingSnippets, 'client = get_openai_client(k)\n', 'client = make_anthropic_client(k)\n']);
    const typescript = ['const client = new Anthropic();\n', 'client = new OpenAI();\n', 'let client = new Groq();\n', '{ ', '}\n'];
    await assertIncrementalMatchesFull('ts_precision_rebound_client.ts', 'typescript', 103, 120, [...snippets, ...typescriptBindingSnippets, ...typescript]);
  });

  it('equals a full analysis after edits of names another library holds in one block only, private members and stored requests expected to fail', async () => {
    const python = ['client = voyageai.Client()\n    ', 'client = get_embeddings_client()\n    ', 'client = make_groq_client()\n', 'del client\n    ',
      'if use_voyage:\n        ', 'else:\n        ', 'client.embeddings.create(input=x)\n'];
    await assertIncrementalMatchesFull('py_local_foreign_name.py', 'python', 127, 150, [...snippets, ...pythonBindingSnippets, ...python]);
    const typescript = ['const client = new VoyageAIClient();\n', 'const client = getClient();\n', 'const groq = getClient();\n', '{ ', '}\n',
      'this.#client', '#openai = new OpenAI();\n', 'const request = ', 'await expect(request).rejects.toThrow();\n', 'console.log(request);\n'];
    await assertIncrementalMatchesFull('ts_local_foreign_name.ts', 'typescript', 131, 150, [...snippets, ...typescriptBindingSnippets, ...typescript]);
    await assertIncrementalMatchesFull('ts_private_members.ts', 'typescript', 137, 150, [...snippets, ...typescriptBindingSnippets, ...typescript]);
    await assertIncrementalMatchesFull('ts_test_idioms.ts', 'typescript', 139, 120, [...snippets, ...typescript]);
  });

  it('re-judges every `with` of a context manager when an edit changes what it catches', async () => {
    const text = readFixture('py_context_manager_handler.py');
    const clause = '    except APIConnectionError as e:\n        raise ModelError(e.message) from e\n';
    const offset = text.indexOf(clause);
    assert.ok(offset > 0);
    const analyzer = await DocumentAnalyzer.create('python');
    try {
      const before = analyzer.analyze(text);
      const after = analyzer.update([{ rangeOffset: offset, rangeLength: clause.length, text: '' }]);
      const edited = text.slice(0, offset) + text.slice(offset + clause.length);
      assert.deepEqual(after, await analyzeText(edited, 'python'));
      // The call in complete() (the line after `with map_errors():`) was handled; now connection errors escape.
      const callLine = (lines: string): number => lines.split('\n').findIndex((row) => row.includes('with map_errors():')) + 1;
      assert.ok(!before.some((finding) => finding.range.start.line === callLine(text)));
      assert.deepEqual(after.filter((finding) => finding.range.start.line === callLine(edited)).map((finding) => [finding.rule, finding.escaping]), [['partial-handling', ['APIConnectionError']]]);
    } finally {
      analyzer.dispose();
    }
  });

  it('reports nothing in the SDK\'s own sources, before or after edits, and judges its tests as usual', async () => {
    const text = readFixture('ts_sdk_own_source.ts');
    const own = await DocumentAnalyzer.create('typescript', { sdkPackage: { file: '/work/sdk/src/resources/completions.ts', sourceFolder: '/work/sdk/src' } });
    const test = await DocumentAnalyzer.create('typescript', { sdkPackage: { file: '/work/sdk/tests/completions.test.ts', sourceFolder: '/work/sdk/src' } });
    try {
      assert.deepEqual(own.analyze(text), []);
      const edit: TextChange = { rangeOffset: text.indexOf('  parse('), rangeLength: 0, text: '  list() {\n    return this._client.embeddings.create({});\n  }\n\n' };
      assert.deepEqual(own.update([edit]), []);
      assert.equal(test.analyze(text).length, 1);
      assert.equal(test.update([edit]).length, 2);
    } finally {
      own.dispose();
      test.dispose();
    }
  });

  it('equals a full analysis after random edits of a file many chunks long', async () => {
    const python = ['py_self_client.py', 'py_factory.py', 'py_partial_tuple.py', 'py_stream_outside.py', 'py_suppression_line.py'];
    const longPython = Array.from({ length: 12 }, (_, i) => readFixture(python[i % python.length])).join('\n');
    await assertIncrementalMatchesFull(longPython, 'python', 31, 60, [...snippets, ...pythonBindingSnippets]);
    const typescript = ['ts_partial_instanceof.ts', 'ts_factory.ts', 'ts_param_property.ts', 'ts_class_field.ts'];
    const longTypescript = Array.from({ length: 12 }, (_, i) => readFixture(typescript[i % typescript.length])).join('\n');
    await assertIncrementalMatchesFull(longTypescript, 'typescript', 37, 60, [...snippets, ...typescriptBindingSnippets]);
  });

  it('follows a renamed factory or client, edited multi-line imports and a string opened above a client', async () => {
    const text = [
      'from openai import (', '    OpenAI,', ')', 'from errors import (', '    RateLimitError,', ')', '',
      'def make_client():', '    return OpenAI()', '', 'client = (', '    OpenAI()', ')', '',
      'make_client().files.list()', 'try:', '    client.files.list()', 'except RateLimitError:', '    pass', '',
    ].join('\n');
    const at = (line: string): number => text.indexOf(line);
    const cases: TextChange[][] = [
      [{ rangeOffset: at('make_client'), rangeLength: 11, text: 'build' }],
      [{ rangeOffset: at('    OpenAI,'), rangeLength: 12, text: '' }],
      // Only the statements these lines belong to say what the names mean.
      [{ rangeOffset: at('    RateLimitError,'), rangeLength: 20, text: '' }],
      [{ rangeOffset: at('client = ('), rangeLength: 0, text: 'old_' }],
      [{ rangeOffset: at('def'), rangeLength: 0, text: '"""' }],
    ];
    for (const changes of cases) {
      const analyzer = await DocumentAnalyzer.create('python');
      try {
        assert.equal(analyzer.analyze(text).length, 2);
        const edited = changes.reduce((current, c) => current.slice(0, c.rangeOffset) + c.text + current.slice(c.rangeOffset + c.rangeLength), text);
        assert.deepEqual(analyzer.update(changes), await analyzeText(edited, 'python'), JSON.stringify(changes));
      } finally {
        analyzer.dispose();
      }
    }
  });

  it('refuses edits outside the text unless it is given the text to resynchronise with', async () => {
    const analyzer = await DocumentAnalyzer.create('python');
    try {
      analyzer.analyze('import openai\n');
      assert.throws(() => analyzer.update([{ rangeOffset: 40, rangeLength: 0, text: 'x' }]), /outside the analysed text/);
      assert.equal(analyzer.update([{ rangeOffset: 40, rangeLength: 0, text: 'x' }], 'import openai\nopenai.files.list()\n').length, 1);
    } finally {
      analyzer.dispose();
    }
  });

  it('applies several changes of one event in order', async () => {
    const analyzer = await DocumentAnalyzer.create('python');
    try {
      const text = 'from openai import OpenAI\nclient = OpenAI()\n\n\n';
      analyzer.analyze(text);
      const call = 'client.files.list()\n';
      const changes: TextChange[] = [{ rangeOffset: text.length, rangeLength: 0, text: call }, { rangeOffset: text.length - 1, rangeLength: 0, text: call }];
      const findings = analyzer.update(changes);
      assert.deepEqual(findings.map((f) => f.range.start.line), [3, 5]);
    } finally {
      analyzer.dispose();
    }
  });

  it('resynchronises when the edits do not produce the expected text', async () => {
    const analyzer = await DocumentAnalyzer.create('python');
    try {
      analyzer.analyze('import openai\n');
      const expected = 'import openai\nopenai.files.list()\n';
      const findings = analyzer.update([{ rangeOffset: 0, rangeLength: 0, text: '#' }], expected);
      assert.equal(analyzer.analyzedText, expected);
      assert.equal(findings.length, 1);
    } finally {
      analyzer.dispose();
    }
  });

  it('skips binary, minified and oversized texts without parsing them', async () => {
    const analyzer = await DocumentAnalyzer.create('javascript', { maxBytes: 50_000 });
    try {
      const call = 'import OpenAI from "openai"; const c = new OpenAI(); c.files.list();';
      assert.equal(analyzer.analyze(call).length, 1);
      assert.deepEqual(analyzer.analyze(`${call}\0`), []);
      assert.deepEqual(analyzer.analyze(`${call}${' '.repeat(30_000)}${call}`), []);
      assert.deepEqual(analyzer.analyze(`${call}\n`.repeat(1000)), []);
    } finally {
      analyzer.dispose();
    }
  });

  it('refuses to be used after dispose', async () => {
    const analyzer = await DocumentAnalyzer.create('python');
    analyzer.dispose();
    assert.throws(() => analyzer.analyze('x = 1'), /dispose/);
  });

  it('keeps memory flat over many edit/re-analyse cycles', async () => {
    const text = readFixture('py_self_client.py');
    const analyzer = await DocumentAnalyzer.create('python');
    try {
      analyzer.analyze(text);
      const cycle = (count: number) => {
        for (let i = 0; i < count; i++) {
          analyzer.update([{ rangeOffset: 10, rangeLength: 0, text: ' ' }]);
          analyzer.update([{ rangeOffset: 10, rangeLength: 1, text: '' }]);
        }
      };
      cycle(200);
      const before = process.memoryUsage().rss;
      cycle(1000);
      const growth = process.memoryUsage().rss - before;
      // A leaked tree per edit costs far more than this (the WASM heap never shrinks).
      assert.ok(growth < 40 * 1024 * 1024, `RSS grew by ${Math.round(growth / 1024 / 1024)} MB`);
    } finally {
      analyzer.dispose();
    }
  });
});
