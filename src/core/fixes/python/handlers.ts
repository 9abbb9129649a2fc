// The except clauses a Python fix appends after the wrapped statement, one per planned class.
import type { SdkFlavour } from '../../types';
import type { HandlerStyle } from '../options';
import { quotaErrorCodes, type PlannedHandler } from '../handlerPlan';
import { handlerMessage, handlerNote } from '../handlerText';
import type { PythonNameResolver } from './imports';

export interface PythonHandlerContext {
  flavour: SdkFlavour;
  style: HandlerStyle;
  names: PythonNameResolver;
  /** Indentation of the `try:` line and one indentation step. */
  indent: string;
  unit: string;
  errorVar: string;
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
  if (handler.splitsQuota) {
    lines.push(
      `${inner}if ${quotaCode(ctx)} in (`,
      ...quotaErrorCodes.map((code) => `${inner}${unit}"${code}",`),
      `${inner}):`,
      `${inner}${unit}# ${handlerNote('insufficient-quota')}`,
      `${inner}${unit}${logger}.error("${handlerMessage('insufficient-quota')}: %s", ${errorVar})`,
      `${inner}else:`,
      `${inner}${unit}# ${handlerNote('rate-limit')}`,
      `${inner}${unit}${logger}.warning("${handlerMessage('rate-limit')}: %s", ${errorVar})`,
    );
  } else {
    lines.push(`${inner}# ${handlerNote(handler.catalogId)}`, `${inner}${logger}.error("${handlerMessage(handler.catalogId)}: %s", ${errorVar})`);
  }
  lines.push(`${inner}raise`);
  return lines;
}

/** 1.x exposes the body's error code as `.code`; 0.x only keeps the parsed body in `.json_body`. */
function quotaCode(ctx: PythonHandlerContext): string {
  return ctx.flavour === 'openai-python-v0'
    ? `(${ctx.errorVar}.json_body or {}).get("error", {}).get("code")`
    : `${ctx.errorVar}.code`;
}
