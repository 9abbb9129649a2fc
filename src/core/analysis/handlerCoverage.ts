// Decides what a set of exception handlers catches out of what an SDK call can raise, using the SDK's
// exception tree: which OpenAI errors still escape, and which handler can never run because an earlier
// one catches its superclass. Shared by the Python and JS/TS detectors.
import { errorHierarchy, isSubclassOf, type ErrorHierarchy } from '../sdk/errorHierarchy';
import type { SdkFlavour } from '../types';

/** What one handler (an `except` clause, an `instanceof` branch) catches. */
export interface HandlerCatch {
  /** Catches everything (bare except, Exception, an untyped catch). */
  catchesAll: boolean;
  /** SDK exception class names it names (names outside the SDK are left out). */
  classes: string[];
}

/**
 * The class under which every error a request can raise sits: APIError in 1.x+/v4+ (their parse-helper errors
 * are not request failures); the SDK root in 0.x, where APIError is only the 5xx class, and in v3.
 */
function requestErrorRoot(hierarchy: ErrorHierarchy): string {
  return hierarchy.flavour === 'openai-python-v1' || hierarchy.flavour === 'openai-node-v4' ? 'APIError' : hierarchy.root;
}

/**
 * Not failures of a request: the caller aborted it (APIUserAbortError), the client is misconfigured
 * (0.x InvalidAPIType) or a webhook signature is wrong (0.x SignatureVerificationError).
 */
const callerCausedErrors = new Set(['APIUserAbortError', 'InvalidAPIType', 'SignatureVerificationError']);

/**
 * Raised only by clients created with strict response validation on (Python `_strict_response_validation=True`);
 * other clients hand back what the server sent, so the SDK README's handlers (connection, rate limit, status)
 * are complete for them.
 */
const strictValidationErrors = new Set(['APIResponseValidationError']);

/** Whether a class is a failure the call can raise, given whether its client validates responses strictly. */
function canRaise(name: string, strict: boolean): boolean {
  return !callerCausedErrors.has(name) && (strict || !strictValidationErrors.has(name));
}

function childrenOf(hierarchy: ErrorHierarchy, name: string, strict: boolean): string[] {
  return hierarchy.classes.filter((c) => c.parent === name && canRaise(c.name, strict)).map((c) => c.name);
}

function catches(hierarchy: ErrorHierarchy, handlers: readonly HandlerCatch[], name: string): boolean {
  return handlers.some((h) => h.catchesAll || h.classes.some((caught) => isSubclassOf(hierarchy, name, caught)));
}

/**
 * The OpenAI error classes a call's errors can still escape through, as the smallest set of classes:
 * a whole subtree that nothing catches is named by its root (`APIConnectionError`, not also `APITimeoutError`).
 * Empty when everything is caught.
 */
export function escapingClasses(flavour: SdkFlavour, handlers: readonly HandlerCatch[], strict = false): string[] {
  const hierarchy = errorHierarchy(flavour);
  const nothingCaughtUnder = (name: string): boolean =>
    !catches(hierarchy, handlers, name) && childrenOf(hierarchy, name, strict).every(nothingCaughtUnder);
  const root = requestErrorRoot(hierarchy);
  // A partly caught class still escapes for its own instances (APIConnectionError when only its timeout
  // subclass is caught, APIStatusError for statuses without a subclass); the request root itself is named only
  // when nothing under it is caught.
  const frontier = (name: string): string[] => {
    if (catches(hierarchy, handlers, name)) return [];
    if (nothingCaughtUnder(name)) return [name];
    const own = name === root ? [] : [name];
    return [...own, ...childrenOf(hierarchy, name, strict).flatMap(frontier)];
  };
  return frontier(root);
}

/** Whether the handlers catch at least one class of request error (otherwise they are not OpenAI handling). */
export function catchesSomeRequestError(flavour: SdkFlavour, handlers: readonly HandlerCatch[], strict = false): boolean {
  const hierarchy = errorHierarchy(flavour);
  const root = requestErrorRoot(hierarchy);
  return hierarchy.classes.some((c) => canRaise(c.name, strict) && isSubclassOf(hierarchy, c.name, root) && catches(hierarchy, handlers, c.name));
}

/**
 * For a handler list in source order, the index of each handler that can never run and the name of the
 * earlier class that shadows it ('*' for a catch-all). Only handlers naming SDK classes are considered.
 */
export function unreachableHandlers(flavour: SdkFlavour, handlers: readonly HandlerCatch[]): { index: number; shadowedBy: string; caught: string }[] {
  return cached(unreachableCache, flavour, handlers, () => findUnreachableHandlers(flavour, handlers));
}

function findUnreachableHandlers(flavour: SdkFlavour, handlers: readonly HandlerCatch[]): { index: number; shadowedBy: string; caught: string }[] {
  const hierarchy = errorHierarchy(flavour);
  const result: { index: number; shadowedBy: string; caught: string }[] = [];
  handlers.forEach((handler, index) => {
    if (handler.catchesAll || handler.classes.length === 0) return;
    const earlier = handlers.slice(0, index);
    const shadows = handler.classes.map((name) => {
      for (const previous of earlier) {
        if (previous.catchesAll) return '*';
        const parent = previous.classes.find((caught) => isSubclassOf(hierarchy, name, caught));
        if (parent) return parent;
      }
      return undefined;
    });
    if (shadows.every((s) => s !== undefined)) {
      result.push({ index, shadowedBy: shadows[0] as string, caught: handler.classes.join(', ') });
    }
  });
  return result;
}

export interface Coverage {
  /** The handlers catch at least one class of request error. */
  catchesSome: boolean;
  /** What still escapes (empty when everything is caught). */
  escaping: string[];
}

/** The same handler shapes recur all over a file, so each answer is computed once per shape. */
const coverageCache = new Map<string, Coverage>();
const unreachableCache = new Map<string, ReturnType<typeof findUnreachableHandlers>>();

function cached<T>(cache: Map<string, T>, flavour: SdkFlavour, handlers: readonly HandlerCatch[], compute: () => T, strict = false): T {
  const key = `${flavour}${strict ? '!' : ''}|${handlers.map((h) => (h.catchesAll ? '*' : h.classes.join(','))).join('|')}`;
  let result = cache.get(key);
  if (result === undefined) {
    result = compute();
    if (cache.size > 1000) cache.clear();
    cache.set(key, result);
  }
  return result;
}

/** What the handlers leave escaping; `strict`: the call's client validates responses strictly. */
export function coverage(flavour: SdkFlavour, handlers: readonly HandlerCatch[], strict = false): Coverage {
  if (handlers.length === 0) return { catchesSome: false, escaping: [] };
  return cached(coverageCache, flavour, handlers, () => {
    const catchesSome = catchesSomeRequestError(flavour, handlers, strict);
    return { catchesSome, escaping: catchesSome ? escapingClasses(flavour, handlers, strict) : [] };
  }, strict);
}
