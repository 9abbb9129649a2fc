// The catch clause a JavaScript/TypeScript fix appends, then a rethrow so nothing is swallowed. The compact
// layout: one branch per group of classes needing the same reaction (`err instanceof A || err instanceof B`).
// The full layout: an instanceof chain over every planned class (v4+), or the status checks an axios error
// needs (v3). With a retry loop (v3, whose SDK does not retry) the retryable branches wait and `continue`.
import type { Finding } from '../../types';
import type { FixOptions, HandlerStyle } from '../options';
import { isRetryable, planGroups, planHandlers, quotaErrorCodes, type HandlerGroup, type PlannedHandler } from '../handlerPlan';
import { groupMessage, handlerMessage, handlerNote, rateLimitNote, streamReadMessage, wrappedComment } from '../handlerText';
import type { JsNameResolver } from './imports';
import type { SharedHandlerRef } from '../sharedHandler';

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
  lineLength: number;
  /** How many times the SDK already retried a retryable failure (0: it does not retry). */
  sdkRetries: number;
  /** The local name of the project's error class (the raiseProjectError style). */
  projectError?: string;
  /** Set when the try sits in a retry loop. */
  retry?: JsRetryLoop;
  /** Each branch rethrows itself (branches added to a user's chain, which may not rethrow after it). */
  rethrowInBranch?: boolean;
}

/** The preferred catch clause: the compact grouped handlers, or one per class (v3: the status checks of an axios error). */
export function handlerClause(finding: Finding, options: FixOptions, ctx: JsHandlerContext): string[] {
  const v3 = finding.sdk === 'openai-node-v3';
  // v3 has no error classes of its own, but its failures fall in the same families, in the same order.
  const flavour = v3 ? 'openai-node-v4' : finding.sdk;
  return options.layout === 'perClass'
    ? jsCatchClause(planHandlers(flavour, options.errorClasses), ctx, v3)
    : jsGroupCatchClause(planGroups(flavour, options.errorClasses), ctx, v3);
}

/**
 * The catch that passes the error to the shared handler (imported when it lives elsewhere), rethrowing after
 * it when the handler returns.
 */
export function sharedHandlerCatch(shared: SharedHandlerRef, names: JsNameResolver, ctx: JsHandlerContext): string[] {
  const handler = names.projectError(shared.module ? `${shared.module}:${shared.name}` : shared.name) ?? shared.name;
  return [
    `${ctx.indent}} catch (${ctx.errorVar}) {`,
    `${ctx.indent}${ctx.unit}${handler}(${ctx.errorVar})${ctx.semicolon}`,
    ...(shared.raises ? [] : [`${ctx.indent}${ctx.unit}throw ${ctx.errorVar}${ctx.semicolon}`]),
    `${ctx.indent}}`,
  ];
}

/** The compact layout's lines from `} catch (err) {` to the closing brace. */
export function jsGroupCatchClause(groups: readonly HandlerGroup[], ctx: JsHandlerContext, v3: boolean): string[] {
  const { indent, unit, errorVar, semicolon } = ctx;
  const inner = indent + unit;
  const body = inner + unit;
  const lines = [`${indent}} catch (${errorVar}) {`, ...(v3 ? axiosPreamble(ctx) : [])];
  groups.forEach((group, index) => {
    const tests = v3 ? axiosGroupTests(group, ctx.quote) : group.classNames.map((name) => `${errorVar} instanceof ${ctx.names.errorClass(name)}`);
    lines.push(...conditionLines(index === 0 ? 'if' : '} else if', tests, inner, ctx));
    if (group.id === 'rateLimit') lines.push(...wrappedComment(rateLimitNote(), body, '//', ctx.lineLength));
    if (ctx.retry && (group.id === 'unavailable' || group.id === 'rateLimit')) lines.push(...retryLines(ctx, ctx.retry, body, group.id === 'rateLimit', v3));
    const code = group.id === 'rateLimit' ? [v3 ? 'response?.data?.error?.code' : `${errorVar}.code`] : [];
    lines.push(...reaction(ctx, body, 'error', groupMessage(group.id, ctx.sdkRetries), [...code, detail(ctx, v3, group.id === 'unavailable')]));
  });
  lines.push(`${inner}}`, `${inner}throw ${errorVar}${semicolon}`, `${indent}}`);
  return lines;
}

/**
 * The body of a callback that is the last to see an error (a stream helper's `.on('error', (err) => {…})`
 * listener, a `.catch(…)` ending a promise chain nothing awaits) at `ctx.indent + unit`, under `note`: the
 * compact groups, the catch-all group taking every other error (`else`). It logs in every style: throwing there
 * only turns the failure into an unhandled rejection.
 */
export function jsListenerLines(groups: readonly HandlerGroup[], ctx: JsHandlerContext, note: string): string[] {
  const inner = ctx.indent + ctx.unit;
  const logging: JsHandlerContext = { ...ctx, projectError: undefined };
  const lines = wrappedComment(note, inner, '//', ctx.lineLength);
  const typed = groups.filter((group) => !group.isCatchAll);
  const branch = (group: HandlerGroup | undefined, at: string): string[] => {
    const id = group?.id ?? 'request';
    const code = id === 'rateLimit' ? [`${ctx.errorVar}.code`] : [];
    return [
      ...(id === 'rateLimit' ? wrappedComment(rateLimitNote(), at, '//', ctx.lineLength) : []),
      ...reaction(logging, at, 'error', groupMessage(id, ctx.sdkRetries), [...code, `${ctx.errorVar}.message`]),
    ];
  };
  if (typed.length === 0) return [...lines, ...branch(undefined, inner)];
  typed.forEach((group, index) => {
    const tests = group.classNames.map((name) => `${ctx.errorVar} instanceof ${ctx.names.errorClass(name)}`);
    lines.push(...conditionLines(index === 0 ? 'if' : '} else if', tests, inner, ctx), ...branch(group, inner + ctx.unit));
  });
  lines.push(`${inner}} else {`, ...branch(undefined, inner + ctx.unit), `${inner}}`);
  return lines;
}

/**
 * The lines from `} catch (err) {` to the closing brace of a try around a stream's read. Only two failures
 * arrive there: OpenAI's error event, which the SDK throws as its catch-all class, and whatever breaks the
 * read (a dropped connection throws the runtime's own error). Each is logged (or, in the raiseProjectError
 * style, converted) and thrown on in every style: half a stream has been handed on already, so a retry would
 * repeat it.
 */
export function jsStreamReadCatch(ctx: JsHandlerContext, catchAll: string): string[] {
  const { indent, unit, errorVar } = ctx;
  const inner = indent + unit;
  const other = (at: string): string[] => reaction(ctx, at, 'error', streamReadMessage('other'), [errorVar]);
  return [
    `${indent}} catch (${errorVar}) {`,
    `${inner}if (${errorVar} instanceof ${ctx.names.errorClass(catchAll)}) {`,
    ...reaction(ctx, inner + unit, 'error', streamReadMessage('errorEvent'), [`${errorVar}.message`]),
    // The project's error is thrown in both cases, the original as its cause; otherwise both are logged.
    ...(ctx.projectError ? [`${inner}}`, ...other(inner)] : [`${inner}} else {`, ...other(inner + unit), `${inner}}`, `${inner}throw ${errorVar}${ctx.semicolon}`]),
    `${indent}}`,
  ];
}

/** `if (a || b) {` on one line when it fits, else one test a line as Prettier writes it. */
function conditionLines(keyword: string, tests: readonly string[], indent: string, ctx: JsHandlerContext): string[] {
  const single = `${indent}${keyword} (${tests.join(' || ')}) {`;
  if (single.replace(/\t/g, '    ').length <= ctx.lineLength || tests.length === 1) return [single];
  return [`${indent}${keyword} (`, ...tests.map((test, i) => `${indent}${ctx.unit}${test}${i < tests.length - 1 ? ' ||' : ''}`), `${indent}) {`];
}

/** Log (the file's logger, else the console), or throw the project's error with the original as its cause. */
function reaction(ctx: JsHandlerContext, indent: string, level: 'error' | 'warn', message: string, args: readonly string[]): string[] {
  const q = ctx.quote;
  if (ctx.projectError) return [`${indent}throw new ${ctx.projectError}(${q}${message}${q}, { cause: ${ctx.errorVar} })${ctx.semicolon}`];
  const logger = ctx.names.logger();
  if (logger === 'console') return [`${indent}console.${level}(${q}${message}:${q}, ${args.join(', ')})${ctx.semicolon}`];
  return [`${indent}${logger}.${level}(\`${message}: ${args.map((arg) => `\${${arg}}`).join(' ')}\`)${ctx.semicolon}`];
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
  return ctx.rethrowInBranch && !ctx.projectError ? [...lines, `${body}throw ${ctx.errorVar}${ctx.semicolon}`] : lines;
}

function handlingLines(handler: PlannedHandler, ctx: JsHandlerContext, v3: boolean, body: string): string[] {
  const { unit, semicolon } = ctx;
  const note = (catalogId: string, at: string): string[] => wrappedComment(handlerNote(catalogId), at, '//', ctx.lineLength);
  const noAnswer = handler.key === 'timeout' || handler.key === 'connection';
  const retry = ctx.retry && isRetryable(handler) && !handler.splitsQuota ? retryLines(ctx, ctx.retry, body, false, v3) : [];
  if (!handler.splitsQuota) return [...note(handler.catalogId, body), ...retry, ...reaction(ctx, body, 'error', handlerMessage(handler.catalogId), [detail(ctx, v3, noAnswer)])];
  const codeExpr = v3 ? 'response?.data?.error?.code' : `${ctx.errorVar}.code`;
  return [
    `${body}const quotaCodes = [`,
    ...quotaErrorCodes.map((code) => `${body}${unit}${ctx.quote}${code}${ctx.quote},`),
    `${body}]${semicolon}`,
    `${body}if (quotaCodes.includes(${codeExpr} ?? ${ctx.quote}${ctx.quote})) {`,
    ...note('insufficient-quota', body + unit),
    ...reaction(ctx, body + unit, 'error', handlerMessage('insufficient-quota'), [detail(ctx, v3, false)]),
    `${body}} else {`,
    ...note('rate-limit', body + unit),
    ...(ctx.retry ? retryLines(ctx, ctx.retry, body + unit, false, v3) : []),
    ...reaction(ctx, body + unit, 'warn', handlerMessage('rate-limit'), [detail(ctx, v3, false)]),
    `${body}}`,
  ];
}

/**
 * While attempts remain: wait (the server's hint, else backoff with jitter) and run the try again. For a 429,
 * only a rate limit: quota exhaustion does not go away by waiting.
 */
function retryLines(ctx: JsHandlerContext, retry: JsRetryLoop, indent: string, rateLimitOnly: boolean, v3: boolean): string[] {
  const { unit, semicolon, errorVar, quote: q } = ctx;
  const code = v3 ? 'response?.data?.error?.code' : `${errorVar}.code`;
  const quota = rateLimitOnly ? ` && ${code} !== ${q}insufficient_quota${q}` : '';
  return [
    `${indent}if (${retry.attemptVar} < ${retry.maxAttempts}${quota}) {`,
    `${indent}${unit}await new Promise((resolve) => setTimeout(resolve, ${retry.delayFunction}(${errorVar}, ${retry.attemptVar})))${semicolon}`,
    `${indent}${unit}continue${semicolon}`,
    `${indent}}`,
  ];
}

/** What the log line shows of the error: its message (v4+); for an axios error, the body's message or network code. */
function detail(ctx: JsHandlerContext, v3: boolean, noAnswer: boolean): string {
  if (!v3) return `${ctx.errorVar}.message`;
  return noAnswer ? `response?.data?.error?.message ?? code` : `response?.data?.error?.message ?? ${ctx.errorVar}`;
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

function axiosGroupTests(group: HandlerGroup, quote: string): string[] {
  switch (group.id) {
    case 'unavailable': return [`(!response && typeof code === ${quote}string${quote})`, '(response?.status ?? 0) >= 500'];
    case 'credentials': return ['response?.status === 401', 'response?.status === 403'];
    case 'rateLimit': return ['response?.status === 429'];
    case 'request': return ['response'];
  }
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
