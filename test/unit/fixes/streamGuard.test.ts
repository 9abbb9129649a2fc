// The fix for a JS stream handed on unread (its reads get a try of their own): what the analyser reports before
// and after, the shapes it cannot guard, fix-all over several routes, and, with the real openai package against
// the fake server, that the guard's catch is where OpenAI's mid-stream error event arrives.
import * as assert from 'node:assert/strict';
import { execFile } from 'child_process';
import { promisify } from 'util';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeText } from '../../../src/core/analysis';
import { applyEdits, fixAll, fixesForFinding, fixOffersForFinding, type FixOptions } from '../../../src/core/fixes';
import { defaultHandledErrorClasses } from '../../../src/core/sdk/errorHierarchy';
import type { Finding } from '../../../src/core/types';
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fakeOpenAI';
import { fixturesDir, repoRoot } from './fixtureCases';

const options: FixOptions = { handlerStyle: 'logAndRethrow', errorClasses: defaultHandledErrorClasses };

/** A route whose request sits in a try that catches everything, and whose stream goes on as `handOn` says. */
function route(name: string, handOn: string): string {
  return `export async function ${name}(messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[]) {
  try {
    const response = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
${handOn.replace(/^/gm, '    ')}
  } catch (error) {
    return new Response('failed', { status: 500 });
  }
}
`;
}

const header = `import OpenAI from 'openai';
import { OpenAIStream, StreamingTextResponse } from 'ai';

const client = new OpenAI();

`;

async function streamFindings(text: string): Promise<Finding[]> {
  return (await analyzeText(text, 'typescript')).filter((finding) => finding.call === 'client.chat.completions.create');
}

describe('fixes: a stream handed on unread, as the analyser sees it', () => {
  it('reports the stream handed on to an adapter, and marks the finding so', async () => {
    const [finding] = await streamFindings(header + route('POST', 'return new StreamingTextResponse(OpenAIStream(response));'));
    assert.equal(finding?.rule, 'unhandled-call');
    assert.equal(finding.streamHandedOn, true);
  });

  it('still reports a stream re-yielded by a generator without a try', async () => {
    const text = header + route('POST', 'return new StreamingTextResponse(OpenAIStream((async function* () {\n  yield* response;\n})()));');
    assert.deepEqual((await streamFindings(text)).map((finding) => finding.streamHandedOn), [true]);
  });

  it('still reports it when the generator\'s try does not hold the read', async () => {
    const text = header + route('POST', 'return new StreamingTextResponse(OpenAIStream((async function* () {\n  try {\n    console.log(\'start\');\n  } catch (err) {\n    throw err;\n  }\n  yield* response;\n})()));');
    assert.deepEqual((await streamFindings(text)).map((finding) => finding.streamHandedOn), [true]);
  });

  it('reports nothing once the generator re-yields inside a try', async () => {
    const text = header + route('POST', 'return new StreamingTextResponse(OpenAIStream((async function* () {\n  try {\n    yield* response;\n  } catch (err) {\n    throw err;\n  }\n})()));');
    assert.deepEqual(await streamFindings(text), []);
  });
});

describe('fixes: guarding the reads of a stream handed on', () => {
  it('offers the guard as the preferred fix, and no wrap (the request is in a try already)', async () => {
    const [finding] = await streamFindings(header + route('POST', 'const stream = OpenAIStream(response);\nreturn new StreamingTextResponse(stream);'));
    assert.deepEqual(fixOffersForFinding(finding).map((offer) => [offer.kind, offer.isPreferred]), [['guardStreamReads', true], ['ignoreLine', false], ['ignoreFile', false]]);
  });

  // Wrapping what the caller receives would change its type (an SDK Stream, a ReadableStream of bytes).
  for (const [shape, handOn] of [['the stream returned itself', 'return response;'], ['a Response around its toReadableStream()', 'return new Response(response.toReadableStream());']]) {
    it(`leaves ${shape} reported, with no edit to offer`, async () => {
      const text = header + route('POST', handOn);
      const [finding] = await streamFindings(text);
      assert.equal(finding?.streamHandedOn, true);
      assert.deepEqual((await fixesForFinding(text, 'typescript', finding, options)).map((action) => action.kind), ['ignoreLine', 'ignoreFile']);
      const result = await fixAll(text, 'typescript', options);
      assert.deepEqual({ applied: result.applied, text: result.text, left: result.remaining.length }, { applied: 0, text, left: 1 });
    });
  }

  it('fix-all guards every route of a file, leaves nothing reported, and changes nothing when run again', async () => {
    const text = header + route('chat', 'const stream = OpenAIStream(response);\nreturn new StreamingTextResponse(stream);') + '\n'
      + route('complete', 'return new StreamingTextResponse(OpenAIStream(response, { onFinal: () => undefined }));');
    const first = await fixAll(text, 'typescript', options);
    assert.deepEqual({ applied: first.applied, left: first.remaining }, { applied: 2, left: [] });
    assert.equal(first.text.match(/yield\* response;/g)?.length, 2);
    assert.match(first.text, /OpenAIStream\(\(async function\* \(\) \{[\s\S]*?\}\)\(\), \{ onFinal: \(\) => undefined \}\)\);/);
    const second = await fixAll(first.text, 'typescript', options);
    assert.deepEqual({ applied: second.applied, text: second.text }, { applied: 0, text: first.text });
  });

  it('keeps a cast on the argument (`stream as any`) around the generator', async () => {
    const text = header + route('POST', 'return new StreamingTextResponse(OpenAIStream(response as any));');
    const result = await fixAll(text, 'typescript', options);
    assert.deepEqual(result.remaining, []);
    assert.match(result.text, /^ {4}\}\)\(\) as any\)\);$/m);
  });

  it('does not guard again a loop that a try inside its callback already holds', async () => {
    const text = `${header}export function relay(messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[], send: (text: string) => void) {
  return new ReadableStream({
    async start(controller) {
      const response = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
      queueMicrotask(async () => {
        try {
          for await (const chunk of response) send(chunk.choices[0]?.delta?.content ?? '');
        } catch (err) {
          controller.error(err);
        }
      });
    },
  });
}
`;
    const result = await fixAll(text, 'typescript', options);
    assert.deepEqual({ applied: result.applied, left: result.remaining }, { applied: 1, left: [] });
    assert.equal(result.text.match(/\btry \{/g)?.length, 2);
  });

  it('does not guard a stream its own function reads (the wrap alone covers it)', async () => {
    const text = `${header}export async function summary(messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[]) {
  const response = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
  let text = '';
  for await (const part of textParts(response)) text += part;
  return text;
}

declare function textParts(chunks: AsyncIterable<unknown>): AsyncIterable<string>;
`;
    const [finding] = await streamFindings(text);
    const [wrap] = await fixesForFinding(text, 'typescript', finding, options);
    const fixed = applyEdits(text, wrap.edits);
    assert.equal(wrap.kind, 'wrap');
    assert.doesNotMatch(fixed, /yield\*|async function\*/);
    assert.deepEqual(await streamFindings(fixed), []);
  });

  it('names a stream request passed straight to an adapter, in each function of a file', async () => {
    const handOn = (name: string, model: string): string => `export async function ${name}(messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[]) {
  try {
    return new StreamingTextResponse(OpenAIStream(await client.chat.completions.create({ model: '${model}', messages, stream: true })));
  } catch (error) {
    return new Response('failed', { status: 500 });
  }
}
`;
    const text = `${header}${handOn('first', 'a')}\n${handOn('second', 'b')}`;
    assert.equal((await streamFindings(text)).length, 2);
    const result = await fixAll(text, 'typescript', options);
    assert.equal(result.applied, 2);
    assert.deepEqual(await streamFindings(result.text), []);
    // `stream` is taken (the `stream: true` key); each function declares its own.
    assert.match(result.text, /const openaiStream = await client\.chat\.completions\.create\(\{ model: 'a'/);
    assert.match(result.text, /const openaiStream = await client\.chat\.completions\.create\(\{ model: 'b'/);
    assert.equal((await fixAll(result.text, 'typescript', options)).applied, 0);
  });

  it('leaves a request that is no stream where it is, passed straight on (the wrap alone covers it)', async () => {
    const text = `${header}export async function names() {
  return JSON.stringify(await client.models.list());
}
`;
    const [finding] = (await analyzeText(text, 'typescript')).filter((found) => found.call === 'client.models.list');
    const [wrap] = await fixesForFinding(text, 'typescript', finding, options);
    const fixed = applyEdits(text, wrap.edits);
    assert.match(fixed, /return JSON\.stringify\(await client\.models\.list\(\)\);/);
    assert.doesNotMatch(fixed, /const \w+ = await client\.models/);
  });
});

describe('fixes: a guarded stream with the real openai package', () => {
  let fake: FakeOpenAI;
  let scratch: string;
  let original: string;
  let guarded: string;
  before(async () => {
    fake = await startFakeOpenAI({ scenario: 'stream-error' });
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'oeg-stream-guard-'));
    original = path.join(fixturesDir, 'semantics', 'stream_handed_on.js');
    const text = fs.readFileSync(original, 'utf8');
    const [finding] = (await analyzeText(text, 'javascript')).filter((candidate) => candidate.streamHandedOn);
    const [guard] = await fixesForFinding(text, 'javascript', finding, options);
    assert.equal(guard.kind, 'guardStreamReads');
    guarded = path.join(scratch, 'stream_handed_on.js');
    fs.writeFileSync(guarded, applyEdits(text, guard.edits));
  });
  after(async () => {
    await fake.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  // Asynchronous on purpose: the fake server lives in this process and must keep answering meanwhile.
  async function run(module: string): Promise<{ raised: string | null; logged: string[] }> {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(fixturesDir, 'semantics', 'run_fixed.js'), module], {
      env: { ...process.env, OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test-semantics', NODE_PATH: path.join(repoRoot, 'node_modules') },
      encoding: 'utf8',
    });
    return JSON.parse(stdout);
  }

  it('unguarded, the error event mid-stream passes the try around the request unseen', async () => {
    assert.deepEqual(await run(original), { raised: 'APIError', logged: [] });
  });

  it("guarded, the guard's catch receives it as APIError, logs it once and rethrows it", async () => {
    const outcome = await run(guarded);
    assert.equal(outcome.raised, 'APIError');
    assert.deepEqual(outcome.logged, ['OpenAI sent an error while the stream was read: The server had an error while processing your request. Sorry about that!']);
  });
});
