// The retry style's first choice: the SDK's own knob, so the extra attempts cover exactly the request (and the
// SDK's backoff, retry-after handling and idempotency keys come with them). Python 1.x+:
// `client.with_options(max_retries=N).chat…`; Node v4+: `{ maxRetries: N }` as the request options of a call
// whose only argument is its body.
import type { TextEdit } from '../types';
import type { SyntaxNode } from './syntax';
import { sdkMaxRetries } from './options';

/** The first attribute after the client in a call path: where the client expression ends. */
const resourceRoots = new Set([
  'chat', 'completions', 'embeddings', 'files', 'images', 'audio', 'moderations', 'models', 'fine_tuning', 'fineTuning',
  'vector_stores', 'vectorStores', 'beta', 'batches', 'uploads', 'responses', 'realtime', 'conversations', 'evals',
  'containers', 'webhooks', 'graders', 'videos',
]);

/** Node calls whose first argument is the whole body, so a second one is the request options. */
const bodyOnlyCalls = new Set([
  'chat.completions.create', 'chat.completions.parse', 'chat.completions.stream', 'beta.chat.completions.parse',
  'beta.chat.completions.stream', 'responses.create', 'responses.parse', 'responses.stream', 'embeddings.create',
  'images.generate', 'images.edit', 'images.createVariation', 'audio.transcriptions.create', 'audio.translations.create',
  'audio.speech.create', 'moderations.create', 'completions.create',
]);

/** The client expression and the resource path after it (`chat.completions.create`), if the call has that shape. */
function clientAndPath(callee: SyntaxNode, attributeType: string, objectField: string, propertyField: string): { client: SyntaxNode; path: string } | undefined {
  const segments: string[] = [];
  let client: SyntaxNode | undefined;
  let path = '';
  for (let node: SyntaxNode | null = callee; node?.type === attributeType; node = node.childForFieldName(objectField)) {
    const name = node.childForFieldName(propertyField)?.text ?? '';
    segments.unshift(name);
    if (resourceRoots.has(name)) {
      client = node.childForFieldName(objectField) ?? undefined;
      path = segments.join('.');
    }
  }
  return client ? { client, path } : undefined;
}

/** `.with_options(max_retries=N)` after the client, unless the client is the `openai` module or already has options. */
export function pythonRetryKnob(call: SyntaxNode, moduleNames: readonly string[]): TextEdit | undefined {
  const callee = call.childForFieldName('function');
  const found = callee && clientAndPath(callee, 'attribute', 'object', 'attribute');
  if (!found || moduleNames.includes(found.client.text) || callee!.text.includes('with_options')) return undefined;
  const end = { line: found.client.endPosition.row, character: found.client.endPosition.column };
  return { range: { start: end, end }, newText: `.with_options(max_retries=${sdkMaxRetries})` };
}

/** `, { maxRetries: N }` after the body of a body-only call with one argument. */
export function nodeRetryKnob(call: SyntaxNode): TextEdit | undefined {
  const callee = call.childForFieldName('function');
  const found = callee && clientAndPath(callee, 'member_expression', 'object', 'property');
  const args = call.childForFieldName('arguments');
  const values = args?.namedChildren.filter((child) => child !== null && child.type !== 'comment') ?? [];
  if (!found || !bodyOnlyCalls.has(found.path) || values.length !== 1 || args?.type !== 'arguments') return undefined;
  const end = { line: values[0]!.endPosition.row, character: values[0]!.endPosition.column };
  return { range: { start: end, end }, newText: `, { maxRetries: ${sdkMaxRetries} }` };
}
