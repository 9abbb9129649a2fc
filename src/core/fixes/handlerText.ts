// The words inside generated handlers: a one-line comment (cause and what to do) and the logged message.
// Generated code stays in English whatever the display language: it is source code, not UI.
import { activeCatalog } from '../catalog';
import type { HandlerGroupId } from './handlerPlan';

/** What the log line says when a handler runs. */
const messages: Record<string, string> = {
  timeout: 'OpenAI request timed out',
  'connection-error': 'Could not connect to the OpenAI API',
  'invalid-authentication': 'OpenAI rejected the API key',
  'permission-denied': 'OpenAI denied access to this resource',
  'rate-limit': 'OpenAI rate limit reached',
  'insufficient-quota': 'OpenAI quota exhausted, check plan and billing',
  'invalid-request': 'OpenAI rejected the request as invalid',
  'not-found': 'OpenAI model or resource not found',
  conflict: 'OpenAI reported a conflict',
  'unprocessable-entity': 'OpenAI could not process the request',
  'server-error': 'OpenAI server error',
  'service-unavailable': 'OpenAI service unavailable',
  'api-error': 'OpenAI API error',
};

/**
 * The one-line comment above a handler body: the catalog entry's title and what to do, in English whatever the
 * display language (the catalog's own entries, including a team's custom overrides, untranslated).
 */
export function handlerNote(catalogId: string): string {
  const entry = activeCatalog().get(catalogId) ?? activeCatalog().get('api-error');
  return entry ? `${entry.title}. ${entry.solution}` : handlerMessage(catalogId);
}

export function handlerMessage(catalogId: string): string {
  return messages[catalogId] ?? messages['api-error'];
}

/**
 * What the compact fix's handler for a group logs (no apostrophes: the text goes into quotes of either kind).
 * `sdkRetries` is how many times the SDK already retried a network, server or rate-limit failure (0 when it
 * does not retry), so the message says what was already tried.
 */
export function groupMessage(group: HandlerGroupId, sdkRetries: number): string {
  switch (group) {
    case 'unavailable':
      return sdkRetries > 0 ? `OpenAI unreachable or failing (the SDK retried ${timesText(sdkRetries)})` : 'OpenAI unreachable or failing';
    case 'credentials':
      return 'OpenAI rejected the API key or its permissions';
    case 'rateLimit':
      return 'OpenAI rate limit or quota';
    case 'request':
      return 'OpenAI request failed';
  }
}

/** The rate-limit group's comment: the two 429s need different remedies (the log line carries the code). */
export function rateLimitNote(): string {
  return 'quota needs billing, not retries';
}

/** Why a stream helper's error listener logs and does not rethrow. */
export function listenerNote(): string {
  return 'Stream failures arrive here; a throw would be an unhandled rejection';
}

/**
 * What the catch around a stream's read logs: OpenAI's error event (the SDK throws it as APIError, with no HTTP
 * status, once the answer has begun), or any other failure while reading (a dropped connection).
 */
export function streamReadMessage(cause: 'errorEvent' | 'other'): string {
  return cause === 'errorEvent' ? 'OpenAI sent an error while the stream was read' : 'Reading the OpenAI stream failed';
}

/** Why the `.catch` ending a promise chain nothing awaits logs and does not rethrow. */
export function floatingCatchNote(): string {
  return 'Nothing awaits this promise; a throw would be an unhandled rejection';
}

function timesText(count: number): string {
  return count === 1 ? 'once' : count === 2 ? 'twice' : `${count} times`;
}

/**
 * A comment wrapped to fit `width` columns (at least one word a line): `# ` or `// ` lines at `indent`.
 */
export function wrappedComment(text: string, indent: string, marker: string, width: number): string[] {
  const prefix = `${indent}${marker} `;
  const room = Math.max(width - prefix.replace(/\t/g, '    ').length, 20);
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > room) {
      lines.push(prefix + current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(prefix + current);
  return lines;
}
