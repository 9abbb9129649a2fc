// Reads the answer to GET /models: a verdict from the status and the error body (through the catalog's text
// matcher, so a health check and a pasted log agree), the request id and the rate-limit headers.
import { activeCatalog, explainText } from '../catalog';
import { t } from '../l10n';
import type { HttpAnswer } from './connection';

export interface AnswerReading {
  verdict: string;
  detail?: string;
  requestId?: string;
  rateLimits?: Record<string, string>;
}

interface ErrorBody {
  message?: unknown;
  type?: unknown;
  code?: unknown;
}

export function readAnswer(answer: HttpAnswer): AnswerReading {
  const reading: AnswerReading = { verdict: 'ok', requestId: header(answer, 'x-request-id') ?? header(answer, 'apim-request-id'), rateLimits: rateLimitsOf(answer) };
  const json = parseJson(answer.body);
  const contentType = header(answer, 'content-type') ?? '';
  if (answer.status >= 200 && answer.status < 300) {
    if (json === undefined) {
      return { ...reading, verdict: 'api-error', detail: t('The server answered {0} but not with JSON ({1}): the base URL may point at a login page or a different service, not an OpenAI API.', answer.status, contentType || t('no content type')) };
    }
    return reading;
  }
  const error = (json as { error?: ErrorBody } | undefined)?.error;
  if (error && typeof error === 'object') {
    const verdict = verdictFor(answer.status, `Error code: ${answer.status} - ${JSON.stringify({ error })}`);
    const message = typeof error.message === 'string' ? error.message : JSON.stringify(error);
    return { ...reading, verdict, detail: t('The server answered {0}: {1}', answer.status, shorten(message)) };
  }
  // Not an API error body (an HTML page from a gateway, plain text from a proxy): only the status is reliable.
  return { ...reading, verdict: verdictFor(answer.status, `Error code: ${answer.status}`), detail: t('The server answered {0} with a body that is not an API error ({1}): a proxy or gateway in between probably produced it.', answer.status, contentType || t('no content type')) };
}

/** The catalog's best explanation that fits this status, else the status's own entry. */
function verdictFor(status: number, text: string): string {
  const fitting = explainText(text, activeCatalog(), { mentionsOpenAI: true }).find((match) => {
    const statuses = match.entry.status;
    return !statuses || statuses.includes(status);
  });
  return fitting?.id ?? activeCatalog().statusFallback[status] ?? (status >= 500 ? 'server-error' : 'api-error');
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function header(answer: HttpAnswer, name: string): string | undefined {
  const value = answer.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function rateLimitsOf(answer: HttpAnswer): Record<string, string> | undefined {
  const limits: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value === undefined) continue;
    if (name.startsWith('x-ratelimit-')) limits[name.slice('x-ratelimit-'.length)] = String(value);
    else if (name === 'retry-after' || name === 'retry-after-ms') limits[name] = String(value);
  }
  return Object.keys(limits).length > 0 ? limits : undefined;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}...` : oneLine;
}
