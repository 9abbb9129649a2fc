// The text of each finding: what can fail, and what happens when it does. The retry facts differ per SDK
// generation (1.x+/v4+ retry twice on their own; 0.x and v3 never retry), so the message says which applies.
import { t } from '../l10n';
import type { SdkFlavour } from '../types';

function afterRetries(sdk: SdkFlavour): string {
  switch (sdk) {
    case 'openai-python-v1':
    case 'openai-node-v4':
      return t('The SDK has already retried connection errors, timeouts, 408, 409, 429 and 5xx responses twice, so an error that reaches this code is final.');
    case 'openai-python-v0':
      return t('The 0.x SDK does not retry, so every transient 429 or 5xx reaches this code.');
    case 'openai-node-v3':
      return t('The v3 SDK does not retry; failures arrive as AxiosError with the status in error.response.status.');
  }
}

export function unhandledCallMessage(call: string, sdk: SdkFlavour): string {
  return `${t('{0} can fail (rate limit, quota, timeout, connection, authentication, server error) and no error handling here catches it.', call)} ${afterRetries(sdk)}`;
}

export function notAwaitedMessage(call: string): string {
  return t('{0} is not awaited inside the try block, so its rejection escapes the catch clause.', call);
}

export function eventStreamMessage(call: string): string {
  return t("{0} reports its failures as 'error' events, not by throwing: no 'error' listener is registered on it, and no read of it (await done() or final…(), for await) inside a try block catches them.", call);
}

export function streamIteratedOutsideMessage(call: string): string {
  return t('{0} returns a stream: errors can also arrive while it is read, and a loop reads it outside the try block that protects the call.', call);
}

export function streamHandedOnMessage(call: string): string {
  return t('{0} returns a stream: errors can also arrive while it is read, and it is handed on (returned, or passed to what is returned) to be read after the try block that protects the call has ended.', call);
}

export function partialHandlingMessage(call: string, escaping: readonly string[], sdk: SdkFlavour): string {
  const shown = escaping.length > 4 ? `${escaping.slice(0, 4).join(', ')} ${t('and {0} more', escaping.length - 4)}` : escaping.join(', ');
  return `${t('The handlers around {0} catch only some OpenAI errors; {1} still escape.', call, shown)} ${afterRetries(sdk)}`;
}

export function unreachableHandlerMessage(caught: string, shadowedBy: string): string {
  return shadowedBy === '*'
    ? t('This handler for {0} can never run: an earlier handler already catches every exception.', caught)
    : t('This handler for {0} can never run: the earlier handler for {1} already catches it.', caught, shadowedBy);
}
