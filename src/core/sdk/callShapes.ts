// What an OpenAI SDK call looks like in source code, per SDK generation: the client classes, the resource
// tree under a client, the 0.x module-level classes and the v3 (axios) methods. The detectors in
// core/analysis match call chains against these lists.

/** Python 1.x+ client classes (exported by the `openai` package; the Bedrock ones subclass OpenAI/AsyncOpenAI). */
export const pythonClientClasses: readonly string[] = ['OpenAI', 'AsyncOpenAI', 'AzureOpenAI', 'AsyncAzureOpenAI', 'BedrockOpenAI', 'AsyncBedrockOpenAI'];

/** JS/TS v4+ client classes (the default export of `openai` is the OpenAI class; BedrockOpenAI extends it). */
export const nodeClientClasses: readonly string[] = ['OpenAI', 'AzureOpenAI', 'BedrockOpenAI'];

/**
 * Functions of other packages that wrap an OpenAI client and hand back one whose calls still raise the SDK's own
 * error classes (they trace, patch or validate around the original methods), by the module that exports them:
 * instructor's `from_openai(OpenAI())` / `patch(…)`, LangSmith's `wrap_openai(…)` / `wrapOpenAI(…)`, Langfuse's
 * `observeOpenAI(…)`.
 */
export const pythonClientWrappers: ReadonlyMap<string, readonly string[]> = new Map([
  ['instructor', ['from_openai', 'patch', 'apatch']],
  ['langsmith.wrappers', ['wrap_openai']],
]);
export const nodeClientWrappers: ReadonlyMap<string, readonly string[]> = new Map([
  ['langsmith/wrappers', ['wrapOpenAI']],
  ['langsmith/wrappers/openai', ['wrapOpenAI']],
  ['langfuse', ['observeOpenAI']],
  ['@langfuse/openai', ['observeOpenAI']],
]);

/**
 * Functions that build a client for the provider their first argument names, by the module that exports them:
 * `instructor.from_provider("openai/gpt-4o-mini")` wraps an OpenAI client as `from_openai` does. Only the
 * providers below are OpenAI's SDK (`"anthropic/…"` is another library's client).
 */
export const pythonProviderFactories: ReadonlyMap<string, readonly string[]> = new Map([['instructor', ['from_provider']], ['instructor.auto_client', ['from_provider']]]);
export const openAIProviderPrefixes: readonly string[] = ['openai/', 'azure_openai/'];

/**
 * Python packages of other providers whose clients copy OpenAI's shape (`client.chat.completions.create`) and raise
 * their own error classes: in a file that imports one of them and nothing of openai, a client of unknown origin is
 * theirs (pydantic-ai's Groq and Hugging Face models, instructor's Fireworks client).
 */
export const pythonLookalikeSdks: readonly string[] = ['groq', 'huggingface_hub', 'together', 'fireworks', 'cerebras', 'zhipuai'];

/** Python modules that are drop-in replacements of `openai` (`from langfuse.openai import openai`). */
export const pythonDropInModules: ReadonlySet<string> = new Set(['langfuse.openai']);

/** JS/TS v3 client class: `new OpenAIApi(configuration)`. */
export const nodeV3ClientClasses: readonly string[] = ['OpenAIApi'];

/** First segments of a resource path under a 1.x+/v4+ client (snake_case for Python, camelCase for JS). */
export const pythonResources: ReadonlySet<string> = new Set([
  'chat', 'completions', 'responses', 'embeddings', 'images', 'audio', 'moderations', 'files', 'models', 'batches',
  'uploads', 'fine_tuning', 'vector_stores', 'beta', 'containers', 'conversations', 'evals', 'realtime', 'webhooks',
  'graders', 'videos',
]);

export const nodeResources: ReadonlySet<string> = new Set([
  'chat', 'completions', 'responses', 'embeddings', 'images', 'audio', 'moderations', 'files', 'models', 'batches',
  'uploads', 'fineTuning', 'vectorStores', 'beta', 'containers', 'conversations', 'evals', 'realtime', 'webhooks',
  'graders', 'videos',
]);

/**
 * Resource paths (dot-joined, after the client) that only OpenAI-shaped SDKs have. When the receiver's origin is
 * unknown (a parameter, a factory result), a call counts only if its path starts with one of these: generic paths
 * such as `files.list` or `models.list` also exist in Google, Slack, Docker or Anthropic clients.
 */
export const pythonDistinctivePaths: readonly RegExp[] = [
  /^chat\.completions\.\w+/,
  /^embeddings\.create$/,
  /^images\.(generate|edit|create_variation)$/,
  /^audio\.(transcriptions|translations|speech)\.\w+/,
  /^moderations\.create$/,
  /^fine_tuning\.\w+\.\w+/,
  /^vector_stores\.\w+/,
  /^beta\.(assistants|threads|vector_stores|chat|realtime)\.\w+/,
  /^responses\.(create|retrieve|parse|stream|cancel|delete|compact|input_items\.\w+)$/,
];

export const nodeDistinctivePaths: readonly RegExp[] = [
  /^chat\.completions\.\w+/,
  /^embeddings\.create$/,
  /^images\.(generate|edit|createVariation)$/,
  /^audio\.(transcriptions|translations|speech)\.\w+/,
  /^moderations\.create$/,
  /^fineTuning\.\w+\.\w+/,
  /^vectorStores\.\w+/,
  /^beta\.(assistants|threads|vectorStores|chat|realtime)\.\w+/,
  /^responses\.(create|retrieve|parse|stream|cancel|del|delete|compact|inputItems\.\w+)$/,
];

/**
 * The leading segments of the distinctive paths above, both spellings, for the text pre-check that decides
 * whether a file is parsed at all: a file that never mentions openai can still call a client it receives as a
 * parameter (`def summarize(client): client.chat.completions.create(…)`). Broader than the paths on purpose:
 * the pre-check may let a file through that then has nothing to report, never the reverse.
 */
export const distinctivePathStarts: readonly string[] = [
  'chat.completions', 'responses.create', 'responses.retrieve', 'responses.parse', 'responses.stream',
  'responses.cancel', 'responses.delete', 'responses.del', 'responses.compact', 'responses.input_items',
  'responses.inputItems', 'embeddings.create', 'images.generate', 'images.edit', 'images.create_variation',
  'images.createVariation', 'audio.transcriptions', 'audio.translations', 'audio.speech', 'moderations.create',
  'fine_tuning', 'fineTuning', 'vector_stores', 'vectorStores', 'beta.assistants', 'beta.threads', 'beta.vector_stores',
  'beta.vectorStores', 'beta.chat', 'beta.realtime',
];

/**
 * Resource methods that send no request (read from the SDK sources, resources/webhooks): they check a webhook's
 * signature and parse its payload locally, and raise InvalidWebhookSignatureError, which is no OpenAI API error.
 * Client methods that only configure (`with_options`, `copy`, `withOptions`) are the copy methods below.
 */
export const pythonOfflineMethods: ReadonlySet<string> = new Set(['webhooks.unwrap', 'webhooks.verify_signature']);
export const nodeOfflineMethods: ReadonlySet<string> = new Set(['webhooks.unwrap', 'webhooks.verifySignature']);

/** Segments that wrap a resource without changing what it calls (`client.chat.completions.with_raw_response.create`). */
export const pythonTransparentSegments: ReadonlySet<string> = new Set(['with_raw_response', 'with_streaming_response']);

/** Client methods that return a configured copy of the client (`client.with_options(timeout=5).chat…`). */
export const pythonClientCopyMethods: ReadonlySet<string> = new Set(['with_options', 'copy']);
export const nodeClientCopyMethods: ReadonlySet<string> = new Set(['withOptions']);

/** Methods chained onto an openai-node APIPromise that still settle with the call's outcome. */
export const nodePromisePassThrough: ReadonlySet<string> = new Set(['withResponse', 'asResponse']);

/**
 * Members of test doubles (unittest.mock, jest/vitest, sinon): a chain through one of them
 * (`client.chat.completions.create.assert_called_with(…)`, `create.mock.calls`, `create.mockResolvedValue(…)`)
 * configures or inspects a mock and sends nothing.
 */
export const mockMembers: ReadonlySet<string> = new Set([
  'assert_called', 'assert_called_once', 'assert_called_with', 'assert_called_once_with', 'assert_any_call',
  'assert_has_calls', 'assert_not_called', 'assert_awaited', 'assert_awaited_once', 'assert_awaited_with',
  'assert_awaited_once_with', 'assert_any_await', 'assert_has_awaits', 'assert_not_awaited', 'reset_mock',
  'configure_mock', 'return_value', 'side_effect', 'call_args', 'call_args_list', 'mock_calls', 'method_calls',
  'call_count', 'await_args', 'await_args_list', 'await_count',
  'mock', 'mockResolvedValue', 'mockResolvedValueOnce', 'mockRejectedValue', 'mockRejectedValueOnce', 'mockReturnValue',
  'mockReturnValueOnce', 'mockImplementation', 'mockImplementationOnce', 'mockClear', 'mockReset', 'mockRestore',
  'mockName', 'withArgs', 'resolves', 'rejects', 'returns', 'callsFake', 'calledWith', 'calledOnceWith', 'getCall',
]);

/** Names a test double usually has (`mock_client`, `mockOpenAI`, `fake_client`, `stubClient`). */
export const mockName = /^_*(?:mock|fake|stub)(?:_|[A-Z0-9]|$)/i;

/**
 * The client's own request methods (`client.post("/path", body=…, cast_to=…)`, `client.get('/path')`): they send
 * a request to any path, so they count only on a receiver known to be an OpenAI client.
 */
export const rawRequestMethods: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Python 0.x module-level API classes (`openai.ChatCompletion.create`, `openai.Image.acreate_variation`, …). */
export const pythonV0Classes: ReadonlySet<string> = new Set([
  'ChatCompletion', 'Completion', 'Embedding', 'Edit', 'Moderation', 'Image', 'Audio', 'File', 'FineTune',
  'FineTuningJob', 'Model', 'Engine', 'Deployment', 'Customer',
]);

/** v3 (axios) client methods: every one sends a request. */
export const nodeV3Methods: ReadonlySet<string> = new Set([
  'createChatCompletion', 'createCompletion', 'createEdit', 'createEmbedding', 'createImage', 'createImageEdit',
  'createImageVariation', 'createModeration', 'createTranscription', 'createTranslation', 'listModels', 'retrieveModel',
  'deleteModel', 'createFile', 'listFiles', 'retrieveFile', 'deleteFile', 'downloadFile', 'createFineTune',
  'listFineTunes', 'retrieveFineTune', 'cancelFineTune', 'listFineTuneEvents', 'listEngines', 'retrieveEngine',
  'createAnswer', 'createClassification', 'createSearch',
]);

/** Exception names that catch everything an SDK call can raise. */
export const pythonCatchAllExceptions: ReadonlySet<string> = new Set(['Exception', 'BaseException']);
export const nodeCatchAllErrors: ReadonlySet<string> = new Set(['Error', 'Object']);

/** Whether a dot-joined path is distinctive enough to count when the receiver's origin is unknown. */
export function isDistinctivePath(patterns: readonly RegExp[], path: string): boolean {
  return patterns.some((pattern) => pattern.test(path));
}
