// The catch clause a JavaScript/TypeScript fix appends: an instanceof chain over the SDK's classes (v4+), or
// the status checks an axios error needs (v3), then a rethrow so nothing is swallowed. With the retry style the
// retryable branches wait and `continue` the retry loop around the try while attempts remain.
import type { HandlerStyle } from '../options';
import { isRetryable, quotaErrorCodes, type PlannedHandler } from '../handlerPlan';
import { handlerMessage, handlerNote } from '../handlerText';
import type { JsNameResolver } from './imports';

export interface JsRetryLoop {
  attemptVar: string;
  maxAttempts: number;
  /** The module-level function giving the wait in milliseconds. */
  delayFunction: string;
}

export interface JsHandlerContext {
  style: HandlerStyle;
  names: JsNameResolver;
  indent: string;
  unit: string;
  errorVar: string;
  semicolon: string;
  quote: string;
  isTypeScript: boolean;
  /** Set when the try sits in a retry loop (the retryWithBackoff style). */
  retry?: JsRetryLoop;
  /** Each branch rethrows itself (branches added to a user's chain, which may not rethrow after it). */
  rethrowInBranch?: boolean;
}

/** The lines from `} catch (err) {` to the closing brace. */
export function jsCatchClause(handlers: readonly PlannedHandler[], ctx: JsHandlerContext, v3: boolean): string[] {
  const { indent, unit, errorVar, semicolon } = ctx;
  const inner = indent + unit;
  const lines = [`${indent}} catch (${errorVar}) {`];
  if (v3) lines.push(...axiosPreamble(ctx));
  lines.push(...instanceofChainLines(handlers, ctx, v3, inner), `${inner}throw ${errorVar}${semicolon}`, `${indent}}`);
  return lines;
}

/** `if (err instanceof A) {…} else if (err instanceof B) {…}` at `chainIndent`, one branch per handler. */
export function instanceofChainLines(handlers: readonly PlannedHandler[], ctx: JsHandlerContext, v3: boolean, chainIndent: string): string[] {
  const lines: string[] = [];
  handlers.forEach((handler, index) => {
    const condition = v3 ? axiosCondition(handler, ctx.quote) : `${ctx.errorVar} instanceof ${ctx.names.errorClass(handler.className)}`;
    lines.push(`${chainIndent}${index === 0 ? 'if' : '} else if'} (${condition}) {`, ...branchBody(handler, ctx, v3, chainIndent + ctx.unit));
  });
  lines.push(`${chainIndent}}`);
  return lines;
}

function branchBody(handler: PlannedHandler, ctx: JsHandlerContext, v3: boolean, body: string): string[] {
  const lines = handlingLines(handler, ctx, v3, body);
  return ctx.rethrowInBranch ? [...lines, `${body}throw ${ctx.errorVar}${ctx.semicolon}`] : lines;
}

function handlingLines(handler: PlannedHandler, ctx: JsHandlerContext, v3: boolean, body: string): string[] {
  const { unit, semicolon } = ctx;
  if (ctx.style === 'rethrow') {
    const notes = handler.splitsQuota ? [handlerNote('insufficient-quota'), handlerNote('rate-limit')] : [handlerNote(handler.catalogId)];
    return notes.map((note) => `${body}// ${note}`);
  }
  const retry = ctx.retry && isRetryable(handler) ? retryLines(ctx, ctx.retry, body) : [];
  if (!handler.splitsQuota) return [`${body}// ${handlerNote(handler.catalogId)}`, ...retry, `${body}${log(ctx, 'error', handler.catalogId, v3, handler)}`];
  const codeExpr = v3 ? 'response?.data?.error?.code' : `${ctx.errorVar}.code`;
  return [
    `${body}const quotaCodes = [`,
    ...quotaErrorCodes.map((code) => `${body}${unit}${ctx.quote}${code}${ctx.quote},`),
    `${body}]${semicolon}`,
    `${body}if (quotaCodes.includes(${codeExpr} ?? ${ctx.quote}${ctx.quote})) {`,
    `${body}${unit}// ${handlerNote('insufficient-quota')}`,
    `${body}${unit}${log(ctx, 'error', 'insufficient-quota', v3)}`,
    `${body}} else {`,
    `${body}${unit}// ${handlerNote('rate-limit')}`,
    ...retryLines(ctx, ctx.retry, body + unit),
    `${body}${unit}${log(ctx, 'warn', 'rate-limit', v3)}`,
    `${body}}`,
  ];
}

/** While attempts remain: wait (the server's hint, else backoff with jitter) and run the try again. */
function retryLines(ctx: JsHandlerContext, retry: JsRetryLoop | undefined, indent: string): string[] {
  if (!retry) return [];
  const { unit, semicolon, errorVar } = ctx;
  return [
    `${indent}if (${retry.attemptVar} < ${retry.maxAttempts}) {`,
    `${indent}${unit}await new Promise((resolve) => setTimeout(resolve, ${retry.delayFunction}(${errorVar}, ${retry.attemptVar})))${semicolon}`,
    `${indent}${unit}continue${semicolon}`,
    `${indent}}`,
  ];
}

function log(ctx: JsHandlerContext, level: 'error' | 'warn', catalogId: string, v3: boolean, handler?: PlannedHandler): string {
  // An axios failure without an HTTP answer only has its network error code to tell.
  const noAnswer = handler?.key === 'timeout' || handler?.key === 'connection';
  const detail = !v3 ? `${ctx.errorVar}.message` : noAnswer ? 'code' : `response?.data?.error?.message ?? ${ctx.errorVar}`;
  return `console.${level}(${ctx.quote}${handlerMessage(catalogId)}:${ctx.quote}, ${detail})${ctx.semicolon}`;
}

/** openai v3 rejects with an AxiosError: the HTTP answer, when there was one, sits on `.response`. */
function axiosPreamble(ctx: JsHandlerContext): string[] {
  const inner = ctx.indent + ctx.unit;
  const source = `${ctx.errorVar} ?? {}`;
  const shape = '{ code?: string; response?: { status: number; data?: { error?: { code?: string; message?: string } } } }';
  return [
    `${inner}// openai v3 rejects with an AxiosError: the HTTP status and error body sit on .response.`,
    ctx.isTypeScript ? `${inner}const { code, response } = (${source}) as ${shape}${ctx.semicolon}` : `${inner}const { code, response } = ${source}${ctx.semicolon}`,
  ];
}

function axiosCondition(handler: PlannedHandler, quote: string): string {
  if (handler.isCatchAll) return 'response';
  switch (handler.key) {
    case 'timeout': return `code === ${quote}ECONNABORTED${quote}`;
    case 'connection': return `!response && typeof code === ${quote}string${quote}`;
    case 'server': return 'response && response.status >= 500';
    case 'authentication': return 'response?.status === 401';
    case 'permission': return 'response?.status === 403';
    case 'rateLimit': return 'response?.status === 429';
    case 'badRequest': return 'response?.status === 400';
    case 'notFound': return 'response?.status === 404';
    case 'conflict': return 'response?.status === 409';
    case 'unprocessable': return 'response?.status === 422';
    default: return 'response?.status === 503';
  }
}
