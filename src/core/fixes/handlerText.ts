// The words inside generated handlers: a one-line comment (cause and what to do) and the logged message.
// Generated code stays in English whatever the display language: it is source code, not UI.
import { activeCatalog } from '../catalog';

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
