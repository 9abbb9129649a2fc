// Decides which exception classes a generated try gets handlers for, and in which order: one per failure
// family chosen in the settings, subclasses before their bases so every handler can run, the catch-all last.
import type { SdkFlavour } from '../types';
import { errorHierarchy, orderSubclassesFirst, type ErrorClassKey, type ErrorHierarchy } from '../sdk/errorHierarchy';

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
