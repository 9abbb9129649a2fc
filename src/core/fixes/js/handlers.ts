// The catch clause a JavaScript/TypeScript fix appends: an instanceof chain over the SDK's classes (v4+), or
// the status checks an axios error needs (v3), then a rethrow so nothing is swallowed.
import type { HandlerStyle } from '../options';
import { quotaErrorCodes, type PlannedHandler } from '../handlerPlan';
import { handlerMessage, handlerNote } from '../handlerText';
import type { JsNameResolver } from './imports';

export interface JsHandlerContext {
  style: HandlerStyle;
  names: JsNameResolver;
  indent: string;
  unit: string;
  errorVar: string;
  semicolon: string;
  quote: string;
  isTypeScript: boolean;
}

/** The lines from `} catch (err) {` to the closing brace. */
export function jsCatchClause(handlers: readonly PlannedHandler[], ctx: JsHandlerContext, v3: boolean): string[] {
  const { indent, unit, errorVar, semicolon } = ctx;
  const inner = indent + unit;
  const lines = [`${indent}} catch (${errorVar}) {`];
  if (v3) lines.push(...axiosPreamble(ctx));
  handlers.forEach((handler, index) => {
    const condition = v3 ? axiosCondition(handler, ctx.quote) : `${errorVar} instanceof ${ctx.names.errorClass(handler.className)}`;
    lines.push(`${inner}${index === 0 ? 'if' : '} else if'} (${condition}) {`, ...branchBody(handler, ctx, v3));
  });
  lines.push(`${inner}}`, `${inner}throw ${errorVar}${semicolon}`, `${indent}}`);
  return lines;
}

function branchBody(handler: PlannedHandler, ctx: JsHandlerContext, v3: boolean): string[] {
  const { indent, unit, semicolon } = ctx;
  const body = indent + unit + unit;
  if (ctx.style === 'rethrow') {
    const notes = handler.splitsQuota ? [handlerNote('insufficient-quota'), handlerNote('rate-limit')] : [handlerNote(handler.catalogId)];
    return notes.map((note) => `${body}// ${note}`);
  }
  if (!handler.splitsQuota) return [`${body}// ${handlerNote(handler.catalogId)}`, `${body}${log(ctx, 'error', handler.catalogId, v3, handler)}`];
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
    `${body}${unit}${log(ctx, 'warn', 'rate-limit', v3)}`,
    `${body}}`,
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
