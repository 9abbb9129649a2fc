// The text pre-check that decides whether a file is parsed at all: it must let through every file that can hold
// an OpenAI call the detectors would report, including clients passed in without any import of openai.
import * as assert from 'node:assert/strict';
import { mayContainOpenAICalls } from '../../../src/core/analysis';

describe('mayContainOpenAICalls', () => {
  const accepted = [
    'import openai',
    "import OpenAI from 'openai';",
    'def f(client):\n    return client.chat.completions.create(model="m", messages=[])',
    'def f(client):\n    return client.chat\n        .completions.create(model="m")',
    'async def f(c):\n    return await c.responses.create(model="m", input="x")',
    'def f(c):\n    return c.embeddings.create(model="m", input=["x"])',
    'def f(c):\n    return c.images.generate(prompt="x")',
    'def f(c):\n    return c.audio.transcriptions.create(file=f, model="m")',
    'def f(c):\n    return c.moderations.create(input="x")',
    'def f(c):\n    return c.fine_tuning.jobs.create(training_file="f", model="m")',
    'def f(c):\n    return c.vector_stores.files.list("vs")',
    'def f(c):\n    return c.beta.assistants.create(model="m")',
    'export const f = (c: any) => c.fineTuning.jobs.list();',
    'export const f = (c: any) => c.vectorStores.files.list("vs");',
    'export const f = (c: any) => c?.chat?.completions.create({ model: "m", messages: [] });',
  ];
  for (const text of accepted) {
    it(`accepts ${JSON.stringify(text.split('\n').pop()?.trim())}`, () => assert.equal(mayContainOpenAICalls(text), true));
  }

  const rejected = [
    'def f(client):\n    return client.messages.create(model="claude", max_tokens=5, messages=[])',
    'Article.objects.create(title="x")',
    'stripe.Customer.create(email="a@example.com")',
    'await prisma.user.create({ data: {} });',
    's3 = boto3.client("s3")\ns3.list_objects_v2(Bucket="b")',
    'def f(service):\n    service.files.list(pageSize=10)\n    service.models.list()',
    'chat = "chat.completions are described in the docs"',
  ];
  for (const text of rejected) {
    it(`rejects ${JSON.stringify(text.split('\n').pop()?.trim())}`, () => assert.equal(mayContainOpenAICalls(text), false));
  }

  it('accepts an extra client name, and ignores an empty one', () => {
    assert.equal(mayContainOpenAICalls('llm = make_llm()\nllm.messages.create()', ['make_llm']), true);
    assert.equal(mayContainOpenAICalls('x = 1', ['']), false);
  });
});
