// What can be said about an API key without sending it anywhere: its masked form for display, and whether it
// is obviously broken (pasted with quotes, a line break, spaces, or the wrong kind of key).
import { t } from '../l10n';

/** Project, service-account and admin keys keep their type word in the visible prefix; it is not secret. */
const visiblePrefix = /^sk-(?:proj-|svcacct-|admin-|None-)?/;

/**
 * The key as it may be shown anywhere: the type prefix, an ellipsis, and the last four characters
 * ("sk-proj-…abcd"). Keys too short to hide anything show no characters at all.
 */
export function maskApiKey(key: string): string {
  const prefix = visiblePrefix.exec(key)?.[0] ?? '';
  const rest = key.slice(prefix.length);
  if (rest.length < 12) return `${prefix}…`;
  return `${prefix}…${rest.slice(-4)}`;
}

export type KeyKind = 'openai' | 'azure';

/**
 * Why the key cannot work as written, or undefined when it looks plausible. Azure keys have no fixed prefix;
 * keys for other OpenAI-compatible servers are only checked for the characters no key contains.
 */
export function findKeyProblem(key: string, kind: KeyKind, expectOpenAIPrefix: boolean): string | undefined {
  if (/[\r\n]/.test(key)) return t('The API key contains a line break: it was probably pasted with the end of the line.');
  if (/^\s|\s$/.test(key)) return t('The API key starts or ends with a space.');
  if (/\s/.test(key)) return t('The API key contains a space: only one key belongs in the value.');
  if (/["'`\u2018\u2019\u201c\u201d]/.test(key)) return t('The API key contains quote marks: remove the quotes around the key.');
  if (/[^\x21-\x7e]/.test(key)) return t('The API key contains characters that never appear in a key (often an invisible character from copying).');
  if (kind === 'openai' && expectOpenAIPrefix && !key.startsWith('sk-')) return t('OpenAI API keys start with "sk-" and this one does not: is it a key for another service?');
  if (key.length < 20) return t('The API key is only {0} characters long: it looks cut off.', key.length);
  return undefined;
}
