// The one boundary every string leaving the health check passes: the finished result is redacted as a whole,
// after all truncation, so no field (a detail, a request id or rate-limit value a server made up, a proxy
// display) can carry the key out. A piece of the key counts as the key: a server may cut it, wrap it across
// lines or echo it inside other text.
import { maskApiKey } from './apiKey';
import type { HealthResult } from './types';

/** Runs of at least this many characters of the key's secret part are treated as the key. */
export const minimumLeakLength = 8;

const visiblePrefix = /^sk-(?:proj-|svcacct-|admin-|None-)?/;

export interface Secrets {
  key?: string;
  /** Other values that must not be shown at all (proxy passwords), matched exactly. */
  exact?: readonly string[];
}

/**
 * Replaces every run of `minimumLeakLength` or more characters of the key's secret part (with the visible
 * "sk-proj-" prefix when it precedes the run) by the masked key, and every exact secret by "***".
 */
export function redactSecrets(text: string, secrets: Secrets): string {
  let redacted = secrets.key ? redactKeyPieces(text, secrets.key) : text;
  for (const value of secrets.exact ?? []) {
    if (value.length >= 3) redacted = redacted.split(value).join('***');
  }
  return redacted;
}

function redactKeyPieces(text: string, key: string): string {
  const prefix = visiblePrefix.exec(key)?.[0] ?? '';
  const secret = key.slice(prefix.length);
  if (secret.length < minimumLeakLength) return key.length >= 4 ? text.split(key).join(maskApiKey(key)) : text;
  const pieces = new Set<string>();
  for (let start = 0; start + minimumLeakLength <= secret.length; start++) pieces.add(secret.slice(start, start + minimumLeakLength));
  // Mark every character covered by some piece; adjacent or overlapping pieces form one region.
  const covered = new Uint8Array(text.length);
  for (let start = 0; start + minimumLeakLength <= text.length; start++) {
    if (pieces.has(text.slice(start, start + minimumLeakLength))) covered.fill(1, start, start + minimumLeakLength);
  }
  let out = '';
  let index = 0;
  while (index < text.length) {
    if (!covered[index]) {
      out += text[index++];
      continue;
    }
    let end = index;
    while (end < text.length && covered[end]) end++;
    if (prefix && out.endsWith(prefix)) out = out.slice(0, -prefix.length);
    out += maskApiKey(key);
    index = end;
  }
  return out;
}

/** Masks the key, or any run of 8 or more characters of it, in a text. */
export function redactKey(text: string, key: string | undefined): string {
  return key ? redactSecrets(text, { key }) : text;
}

/** A copy of the result with every string field redacted (numbers and booleans cannot hold a key). */
export function redactResult(result: HealthResult, secrets: Secrets): HealthResult {
  return redactValue(result, secrets) as HealthResult;
}

function redactValue(value: unknown, secrets: Secrets): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [redactSecrets(name, secrets), redactValue(item, secrets)]));
  }
  return value;
}
