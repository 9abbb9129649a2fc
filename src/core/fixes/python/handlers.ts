// The except clauses a Python fix writes. The compact layout: one clause per group of classes that need the
// same reaction (`except (A, B) as e:`), logging through the module's logger and re-raising (or raising the
// project's own exception). The full layout: one clause per class with the catalog's note. With a retry loop
// (0.x, whose SDK does not retry) the retryable ones wait and `continue` while attempts remain.
import type { SdkFlavour } from '../../types';
import type { HandlerStyle } from '../options';
import { isRetryable, quotaErrorCodes, type HandlerGroup, type PlannedHandler } from '../handlerPlan';
import { groupMessage, handlerMessage, handlerNote, rateLimitNote, wrappedComment } from '../handlerText';
import type { PythonNameResolver } from './imports';

export interface PythonRetryLoop {
  attemptVar: string;
  maxAttempts: number;
  /** The module-level function giving the wait in seconds. */
  delayFunction: string;
  /** The sleep call's callee: `time.sleep`, or `await asyncio.sleep` inside `async def`. */
  sleep: string;
}

export interface PythonHandlerContext {
  flavour: SdkFlavour;
  style: HandlerStyle;
  names: PythonNameResolver;
  /** Indentation of the `try:` line and one indentation step. */
  indent: string;
  unit: string;
  errorVar: string;
  lineLength: number;
  /** How many times the SDK already retried a retryable failure (0: it does not retry). */
  sdkRetries: number;
  /** The local name of the project's exception class (the raiseProjectError style). */
  projectError?: string;
  /** Set when the try sits in a retry loop. */
  retry?: PythonRetryLoop;
}

/** The compact layout: one clause per group. */
export function pythonGroupClauses(groups: readonly HandlerGroup[], ctx: PythonHandlerContext): string[] {
  return groups.flatMap((group) => {
    const { indent, unit, errorVar } = ctx;
    const inner = indent + unit;
    const classes = group.classNames.map((name) => ctx.names.errorClass(name));
    const head = group.id === 'rateLimit' ? notedHead(classes, ctx) : classes.length === 1 ? [`${indent}except ${classes[0]} as ${errorVar}:`] : tupleHead(classes, ctx);
    const message = groupMessage(group.id, ctx.sdkRetries);
    const code = group.id === 'rateLimit' && ctx.flavour === 'openai-python-v1' ? [`${errorVar}.code`] : [];
    const retry = ctx.retry && group.id !== 'credentials' && group.id !== 'request' ? retryLines(ctx.retry, ctx, inner, group.id === 'rateLimit') : [];
    return [...head, ...retry, ...reaction(ctx, inner, 'error', message, [...code, errorVar])];
  });
}

/**
 * The rate-limit group's head always carries its note at the end of the `except` line (one form, which Black
 * keeps): on one line when it fits, else with the classes one a line, as Black writes a long tuple.
 */
function notedHead(classes: readonly string[], ctx: PythonHandlerContext): string[] {
  const note = `  # ${rateLimitNote()}`;
  const single = `${ctx.indent}except ${classes.length === 1 ? classes[0] : `(${classes.join(', ')})`} as ${ctx.errorVar}:${note}`;
  if (single.replace(/\t/g, '    ').length <= ctx.lineLength) return [single];
  return [`${ctx.indent}except (`, ...classes.map((name) => `${ctx.indent}${ctx.unit}${name},`), `${ctx.indent}) as ${ctx.errorVar}:${note}`];
}

/** `except (A, B) as e:` on one line when it fits, else one class a line as Black writes it. */
function tupleHead(classes: readonly string[], ctx: PythonHandlerContext): string[] {
  const single = `${ctx.indent}except (${classes.join(', ')}) as ${ctx.errorVar}:`;
  if (single.replace(/\t/g, '    ').length <= ctx.lineLength) return [single];
  return [`${ctx.indent}except (`, ...classes.map((name) => `${ctx.indent}${ctx.unit}${name},`), `${ctx.indent}) as ${ctx.errorVar}:`];
}

/** Log then re-raise, or raise the project's exception with the message (the original chained as its cause). */
function reaction(ctx: PythonHandlerContext, inner: string, level: 'error' | 'warning', message: string, args: readonly string[]): string[] {
  if (ctx.projectError) return [`${inner}raise ${ctx.projectError}(${JSON.stringify(message)}) from ${ctx.errorVar}`];
  return [`${inner}${ctx.names.logCall(level, message, args)}`, `${inner}raise`];
}

/** The full layout: one clause per planned class, each with the catalog's note on the cause and the remedy. */
export function pythonExceptClauses(handlers: readonly PlannedHandler[], ctx: PythonHandlerContext): string[] {
  return handlers.flatMap((handler) => exceptClause(handler, ctx));
}

function exceptClause(handler: PlannedHandler, ctx: PythonHandlerContext): string[] {
  const { indent, unit, errorVar } = ctx;
  const inner = indent + unit;
  const note = (catalogId: string, at: string): string[] => wrappedComment(handlerNote(catalogId), at, '#', ctx.lineLength);
  const lines = [`${indent}except ${ctx.names.errorClass(handler.className)} as ${errorVar}:`];
  const retry = ctx.retry && isRetryable(handler) ? retryLines(ctx.retry, ctx, inner, false) : [];
  if (handler.splitsQuota) {
    // Quota exhaustion is never worth a retry; a rate limit is.
    lines.push(
      ...quotaTest(ctx, inner),
      ...note('insufficient-quota', inner + unit),
      ...reaction(ctx, inner + unit, 'error', handlerMessage('insufficient-quota'), [errorVar]),
      ...note('rate-limit', inner),
      ...(ctx.retry ? retryLines(ctx.retry, ctx, inner, false) : []),
      ...reaction(ctx, inner, 'warning', handlerMessage('rate-limit'), [errorVar]),
    );
    return lines;
  }
  return [...lines, ...note(handler.catalogId, inner), ...retry, ...reaction(ctx, inner, 'error', handlerMessage(handler.catalogId), [errorVar])];
}

function quotaTest(ctx: PythonHandlerContext, inner: string): string[] {
  return [`${inner}if ${quotaCode(ctx)} in (`, ...quotaErrorCodes.map((code) => `${inner}${ctx.unit}"${code}",`), `${inner}):`];
}

/**
 * While attempts remain: wait (the server's hint, else backoff with jitter) and run the try again. For a 429,
 * only a rate limit: quota exhaustion does not go away by waiting.
 */
function retryLines(retry: PythonRetryLoop, ctx: PythonHandlerContext, inner: string, rateLimitOnly: boolean): string[] {
  const quota = rateLimitOnly ? ` and ${quotaCode(ctx)} not in (${quotaErrorCodes.map((code) => `"${code}"`).join(', ')})` : '';
  const condition = `${inner}if ${retry.attemptVar} < ${retry.maxAttempts}${quota}:`;
  const head = condition.length <= ctx.lineLength || !quota
    ? [condition]
    : [`${inner}if ${retry.attemptVar} < ${retry.maxAttempts} and ${quotaCode(ctx)} not in (`, ...quotaErrorCodes.map((code) => `${inner}${ctx.unit}"${code}",`), `${inner}):`];
  return [
    ...head,
    `${inner}${ctx.unit}${retry.sleep}(${retry.delayFunction}(${ctx.errorVar}, ${retry.attemptVar}))`,
    `${inner}${ctx.unit}continue`,
  ];
}

/** 1.x exposes the body's error code as `.code`; 0.x only keeps the parsed body in `.json_body`. */
function quotaCode(ctx: PythonHandlerContext): string {
  return ctx.flavour === 'openai-python-v0'
    ? `(${ctx.errorVar}.json_body or {}).get("error", {}).get("code")`
    : `${ctx.errorVar}.code`;
}
