// Decides which exception classes a generated try gets handlers for, and in which order: one per failure
// family chosen in the settings, subclasses before their bases so every handler can run, the catch-all last.
import type { SdkFlavour } from '../types';
import { errorHierarchy, isSubclassOf, orderSubclassesFirst, type ErrorClassKey, type ErrorHierarchy } from '../sdk/errorHierarchy';
import type { HandlerCatch } from '../analysis/handlerCoverage';

export interface PlannedHandler {
  /** The class name as the SDK exports it. */
  className: string;
  key?: ErrorClassKey;
  catalogId: string;
  /** The 429 handler tells quota exhaustion from rate limiting. */
  splitsQuota: boolean;
  isCatchAll: boolean;
}

/** Error codes a 429 carries when the account cannot pay, not when it is going too fast: retrying never helps. */
export const quotaErrorCodes: readonly string[] = [
  'insufficient_quota',
  'credit_balance_exhausted',
  'organization_spend_limit_exceeded',
  'project_spend_limit_exceeded',
];

/** Python 0.x reports an overloaded server (503) with its own class beside APIError, so "server" covers both. */
const alsoCovers: Partial<Record<ErrorClassKey, ErrorClassKey>> = { server: 'serviceUnavailable' };

export function planHandlers(flavour: SdkFlavour, keys: readonly ErrorClassKey[]): PlannedHandler[] {
  const hierarchy = errorHierarchy(flavour);
  const names: string[] = [];
  for (const key of keys) {
    for (const k of [key, alsoCovers[key]]) {
      const cls = k && hierarchy.classes.find((c) => c.key === k);
      if (cls && !names.includes(cls.name)) names.push(cls.name);
    }
  }
  const ordered = orderSubclassesFirst(hierarchy, names.filter((name) => name !== hierarchy.catchAll));
  const handlers = ordered.map((name) => plannedHandler(hierarchy, name, false));
  handlers.push(plannedHandler(hierarchy, hierarchy.catchAll, true));
  return handlers;
}

/**
 * The planned handlers an existing try still lacks: those whose class no existing handler catches whole. A class
 * the user handles only in part (APIConnectionError beside their APITimeoutError) keeps its handler, which goes
 * after theirs; the catch-all takes whatever escapes without a handler of its own. A handler that catches
 * everything (bare except, Exception) does not count: the typed handlers go before it.
 */
export function missingHandlers(flavour: SdkFlavour, keys: readonly ErrorClassKey[], existing: readonly HandlerCatch[]): PlannedHandler[] {
  const hierarchy = errorHierarchy(flavour);
  const caught = (name: string): boolean => existing.some((handler) => handler.classes.some((c) => isSubclassOf(hierarchy, name, c)));
  return planHandlers(flavour, keys).filter((handler) => !caught(handler.className));
}

/** Whether an earlier handler makes `later` unreachable: it catches everything, or a base of every class later names. */
export function shadows(flavour: SdkFlavour, earlier: HandlerCatch, later: HandlerCatch): boolean {
  if (later.catchesAll || later.classes.length === 0) return false;
  const hierarchy = errorHierarchy(flavour);
  return earlier.catchesAll || later.classes.every((name) => earlier.classes.some((c) => isSubclassOf(hierarchy, name, c)));
}

function plannedHandler(hierarchy: ErrorHierarchy, className: string, isCatchAll: boolean): PlannedHandler {
  const cls = hierarchy.classes.find((c) => c.name === className)!;
  return {
    className,
    key: isCatchAll ? undefined : cls.key,
    catalogId: isCatchAll ? 'api-error' : cls.catalogId ?? 'api-error',
    splitsQuota: !isCatchAll && cls.key === 'rateLimit',
    isCatchAll,
  };
}

/** Failure families worth retrying: transient on OpenAI's side or the network's, or a rate limit. */
export function isRetryable(handler: PlannedHandler): boolean {
  return handler.key === 'timeout' || handler.key === 'connection' || handler.key === 'rateLimit' || handler.key === 'server' || handler.key === 'serviceUnavailable';
}

/** What the code must do about a failure: the families the compact fix gives one handler each. */
export type HandlerGroupId = 'unavailable' | 'credentials' | 'rateLimit' | 'request';

export interface HandlerGroup {
  id: HandlerGroupId;
  /** The classes the handler names (a class whose base the group also names is left out: the base catches it). */
  classNames: string[];
  /** The SDK's catch-all class: the group takes whatever the others leave (a bad request and the rest). */
  isCatchAll: boolean;
}

const groupOfKey: Record<ErrorClassKey, Exclude<HandlerGroupId, 'request'> | undefined> = {
  timeout: 'unavailable',
  connection: 'unavailable',
  server: 'unavailable',
  serviceUnavailable: 'unavailable',
  authentication: 'credentials',
  permission: 'credentials',
  rateLimit: 'rateLimit',
  // A bad request, an unknown model, a conflict: the request must change. The catch-all handler says so.
  badRequest: undefined,
  notFound: undefined,
  conflict: undefined,
  unprocessable: undefined,
};

/**
 * The compact plan: one handler per group the chosen classes fall in (network and server failures, which the
 * SDK already retried; credentials and permissions; rate limit or quota), then the catch-all, which takes a bad
 * request and everything else. Groups hold disjoint classes, so their order never hides one.
 */
export function planGroups(flavour: SdkFlavour, keys: readonly ErrorClassKey[]): HandlerGroup[] {
  const hierarchy = errorHierarchy(flavour);
  const handlers = planHandlers(flavour, keys);
  const groups: HandlerGroup[] = [];
  for (const id of ['unavailable', 'credentials', 'rateLimit'] as const) {
    const names = handlers.filter((handler) => !handler.isCatchAll && handler.key && groupOfKey[handler.key] === id).map((handler) => handler.className);
    const outermost = names.filter((name) => !names.some((other) => other !== name && isSubclassOf(hierarchy, name, other)));
    if (outermost.length > 0) groups.push({ id, classNames: outermost, isCatchAll: false });
  }
  groups.push({ id: 'request', classNames: [hierarchy.catchAll], isCatchAll: true });
  return groups;
}

/** Whether a flavour's client retries failed requests itself (Python 1.x+, Node v4+: twice by default). */
export function sdkRetries(flavour: SdkFlavour): boolean {
  return flavour === 'openai-python-v1' || flavour === 'openai-node-v4';
}
