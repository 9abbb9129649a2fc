// The except clauses a Python fix writes: one per planned class, each with the catalog's one-line note, logging
// and re-raising by default; with the retry style the retryable ones wait and `continue` the retry loop around
// the try while attempts remain.
import type { SdkFlavour } from '../../types';
import type { HandlerStyle } from '../options';
import { isRetryable, quotaErrorCodes, type PlannedHandler } from '../handlerPlan';
import { handlerMessage, handlerNote } from '../handlerText';
import type { PythonNameResolver } from './imports';

export interface PythonRetryLoop {
  attemptVar: string;
  maxAttempts: number;
  /** The module-level function giving the wait in seconds. */
  delayFunction: string;
  /** The local name of the time module. */
  time: string;
}

export interface PythonHandlerContext {
  flavour: SdkFlavour;
  style: HandlerStyle;
  names: PythonNameResolver;
  /** Indentation of the `try:` line and one indentation step. */
  indent: string;
  unit: string;
  errorVar: string;
  /** Set when the try sits in a retry loop (the retryWithBackoff style). */
  retry?: PythonRetryLoop;
}

export function pythonExceptClauses(handlers: readonly PlannedHandler[], ctx: PythonHandlerContext): string[] {
  return handlers.flatMap((handler) => exceptClause(handler, ctx));
}

function exceptClause(handler: PlannedHandler, ctx: PythonHandlerContext): string[] {
  const { indent, unit, errorVar } = ctx;
  const inner = indent + unit;
  const className = ctx.names.errorClass(handler.className);
  if (ctx.style === 'rethrow') {
    const notes = handler.splitsQuota ? [handlerNote('insufficient-quota'), handlerNote('rate-limit')] : [handlerNote(handler.catalogId)];
    return [`${indent}except ${className}:`, ...notes.map((note) => `${inner}# ${note}`), `${inner}raise`];
  }
  const logger = ctx.names.logger();
  const lines = [`${indent}except ${className} as ${errorVar}:`];
  const retry = ctx.retry && isRetryable(handler) ? retryLines(ctx.retry, errorVar, inner, unit) : undefined;
  if (handler.splitsQuota && retry) {
    // Quota exhaustion gives up at once; a rate limit waits and tries again.
    lines.push(
      ...quotaTest(ctx, inner),
      `${inner}${unit}# ${handlerNote('insufficient-quota')}`,
      `${inner}${unit}${logger}.error("${handlerMessage('insufficient-quota')}: %s", ${errorVar})`,
      `${inner}${unit}raise`,
      `${inner}# ${handlerNote('rate-limit')}`,
      ...retry,
      `${inner}${logger}.error("${handlerMessage('rate-limit')}: %s", ${errorVar})`,
    );
  } else if (handler.splitsQuota) {
    lines.push(
      ...quotaTest(ctx, inner),
      `${inner}${unit}# ${handlerNote('insufficient-quota')}`,
      `${inner}${unit}${logger}.error("${handlerMessage('insufficient-quota')}: %s", ${errorVar})`,
      `${inner}else:`,
      `${inner}${unit}# ${handlerNote('rate-limit')}`,
      `${inner}${unit}${logger}.warning("${handlerMessage('rate-limit')}: %s", ${errorVar})`,
    );
  } else {
    lines.push(`${inner}# ${handlerNote(handler.catalogId)}`, ...(retry ?? []), `${inner}${logger}.error("${handlerMessage(handler.catalogId)}: %s", ${errorVar})`);
  }
  lines.push(`${inner}raise`);
  return lines;
}

function quotaTest(ctx: PythonHandlerContext, inner: string): string[] {
  return [`${inner}if ${quotaCode(ctx)} in (`, ...quotaErrorCodes.map((code) => `${inner}${ctx.unit}"${code}",`), `${inner}):`];
}

/** While attempts remain: wait (the server's hint, else backoff with jitter) and run the try again. */
function retryLines(retry: PythonRetryLoop, errorVar: string, inner: string, unit: string): string[] {
  return [
    `${inner}if ${retry.attemptVar} < ${retry.maxAttempts}:`,
    `${inner}${unit}${retry.time}.sleep(${retry.delayFunction}(${errorVar}, ${retry.attemptVar}))`,
    `${inner}${unit}continue`,
  ];
}

/** 1.x exposes the body's error code as `.code`; 0.x only keeps the parsed body in `.json_body`. */
function quotaCode(ctx: PythonHandlerContext): string {
  return ctx.flavour === 'openai-python-v0'
    ? `(${ctx.errorVar}.json_body or {}).get("error", {}).get("code")`
    : `${ctx.errorVar}.code`;
}
