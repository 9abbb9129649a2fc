// The text pre-check that decides whether a file is parsed at all: it must let through every file that can hold
// an OpenAI call the detectors would report, including clients passed in without any import of openai, and
// keep out files that only mention openai (type imports, docs, model names) without anything shaped like a call.
import * as assert from 'node:assert/strict';
import { mayContainOpenAICalls } from '../../../src/core/analysis';
import type { SourceLanguage } from '../../../src/core/types';

describe('mayContainOpenAICalls', () => {
  const accepted: [SourceLanguage, string][] = [
    ['python', 'import openai\nopenai.ChatCompletion.create(model="m", messages=[])'],
    ['python', 'import openai\nopenai.Completion.acreate(model="m", prompt="x")'],
    ['python', 'from openai import ChatCompletion\nChatCompletion.create(model="m")'],
    ['python', 'import os, openai\nopenai.files.list()'],
    ['python', 'from openai import OpenAI\nclient = OpenAI()\nclient.models.list()'],
    ['python', 'from openai import (\n    OpenAI,\n)\nclient = OpenAI()\nclient.files.retrieve("f")'],
    ['python', 'from openai import OpenAI\nclient = OpenAI()\nclient.post("/things", cast_to=object)'],
    ['python', 'from openai import OpenAI\nlist_models = OpenAI().models.list'],
    ['python', 'from langfuse.openai import openai\nopenai.models.list()'],
    ['python', 'import instructor\nclient = instructor.from_openai(make())\nclient.files.list()'],
    ['python', 'from langsmith.wrappers import wrap_openai\nclient = wrap_openai(make())\nclient.models.list()'],
    ['typescript', "import OpenAI from 'openai';\nconst c = new OpenAI();\nawait c.models.list();"],
    ['typescript', "import OpenAI from 'openai/index';\nnew OpenAI().files.list();"],
    ['typescript', 'import OpenAI from "npm:openai";\nnew OpenAI().models.list();'],
    ['typescript', 'import OpenAI from "jsr:@openai/openai";\nnew OpenAI().models.list();'],
    ['typescript', "import { openai } from '@/app/openai';\nawait openai.files.list();"],
    ['typescript', "import OpenAI from 'openai';\nconst c = new OpenAI();\nawait c.post<object>('/things');"],
    ['javascript', "const { OpenAIApi } = require('openai');\nawait api.createCompletion({ model: 'm' });"],
    ['typescript', "import { wrapOpenAI } from 'langsmith/wrappers';\nconst c = wrapOpenAI(make());\nc.models.list();"],
    ['python', 'def f(client):\n    return client.chat.completions.create(model="m", messages=[])'],
    ['python', 'def f(client):\n    return client.chat\n        .completions.create(model="m")'],
    ['python', 'async def f(c):\n    return await c.responses.create(model="m", input="x")'],
    ['python', 'def f(c):\n    return c.embeddings.create(model="m", input=["x"])'],
    ['python', 'def f(c):\n    return c.images.generate(prompt="x")'],
    ['python', 'def f(c):\n    return c.audio.transcriptions.create(file=f, model="m")'],
    ['python', 'def f(c):\n    return c.moderations.create(input="x")'],
    ['python', 'def f(c):\n    return c.fine_tuning.jobs.create(training_file="f", model="m")'],
    ['python', 'def f(c):\n    return c.vector_stores.files.list("vs")'],
    ['python', 'def f(c):\n    return c.beta.assistants.create(model="m")'],
    ['typescript', 'export const f = (c: any) => c.fineTuning.jobs.list();'],
    ['typescript', 'export const f = (c: any) => c.vectorStores.files.list("vs");'],
    ['typescript', 'export const f = (c: any) => c?.chat?.completions.create({ model: "m", messages: [] });'],
    ['typescript', 'export const f = (c: any) => c.responses.inputItems.list("r");'],
  ];
  for (const [language, text] of accepted) {
    it(`accepts ${language} ${JSON.stringify(text.split('\n').pop()?.trim())}`, () => assert.equal(mayContainOpenAICalls(text, language), true));
  }

  const rejected: [SourceLanguage, string][] = [
    ['python', 'def f(client):\n    return client.messages.create(model="claude", max_tokens=5, messages=[])'],
    ['python', 'Article.objects.create(title="x")'],
    ['python', 'stripe.Customer.create(email="a@example.com")'],
    ['typescript', 'await prisma.user.create({ data: {} });'],
    ['python', 's3 = boto3.client("s3")\ns3.list_objects_v2(Bucket="b")'],
    ['python', 'def f(service):\n    service.files.list(pageSize=10)\n    service.models.list()'],
    ['python', 'chat = "chat.completions are described in the docs"'],
    // An import alone, or openai named only in types, docs and strings, cannot make a request.
    ['python', 'import openai'],
    ['python', 'from openai.types.responses import Response\n\ndef text_of(response: Response) -> str:\n    return response.output_text'],
    ['python', 'MODEL = "openai/gpt-4o"  # routed through openai\nsettings.get("model")'],
    ['python', 'from agents import OpenAIResponsesModel\nmodel = OpenAIResponsesModel(model="m", openai_client=c)\nconfig.get("x")'],
    ['typescript', "import type { ChatCompletion } from 'openai/resources';\nexport const first = (c: ChatCompletion) => c.choices[0];"],
    ['typescript', "import { OpenAIStream } from 'ai';\nconst s = OpenAIStream(response);\nheaders.get('x');"],
    ['python', 'import json\n# see openai.files.list in the docs\nconfig.get("x")'],
    // Resource words in an import's module path are no request; `.get(` without any client class is a dict's.
    ['python', 'import openai\nfrom agents.models.interface import Model\nfrom app.files.store import save\nsave(Model())'],
    ['python', 'import openai\n\ndef model_of(settings):\n    return settings.get("model", "gpt-4o")'],
  ];
  for (const [language, text] of rejected) {
    it(`rejects ${language} ${JSON.stringify(text.split('\n').pop()?.trim())}`, () => assert.equal(mayContainOpenAICalls(text, language), false));
  }

  it('accepts an extra client name, and ignores an empty one', () => {
    assert.equal(mayContainOpenAICalls('llm = make_llm()\nllm.messages.create()', 'python', ['make_llm']), true);
    assert.equal(mayContainOpenAICalls('x = 1', 'python', ['']), false);
  });
});
