// The fix for a stream helper (`runs.stream()`, `runTools()`, `responses.stream()`): it starts its request on
// its own and reports failures as an 'error' event (with no listener and nothing awaiting it, as an unhandled
// rejection), so a try around the call catches nothing. An `.on('error', …)` listener chained on the call
// (it returns the helper itself) handles them wherever the helper goes next: a variable, a return, an argument.
import type { Finding, SourceLanguage, TextEdit } from '../../types';
import type { FixOptions } from '../options';
import { sdkMaxRetries } from '../options';
import { planGroups } from '../handlerPlan';
import { listenerNote } from '../handlerText';
import { nodeRetryKnob } from '../sdkRetryKnob';
import { perText, type SyntaxNode } from '../syntax';
import { leadingWhitespace, splitLines } from '../text';
import { jsListenerLines } from './handlers';
import { jsFixContext } from './fixContext';

export function jsErrorListenerEdits(text: string, root: SyntaxNode, call: SyntaxNode, finding: Finding, options: FixOptions, language: SourceLanguage): TextEdit[] | undefined {
  const shared = options.sharedHandler;
  // A shared handler that raises would throw inside the listener.
  if (shared?.raises) return undefined;
  const end = call.endPosition;
  const baseIndent = leadingWhitespace(perText(text, 'lines', () => splitLines(text))[end.row]);
  const fix = jsFixContext(text, root, finding, options, language, baseIndent, call);
  const { unit, quote, semicolon } = fix.style;
  const knob = options.handlerStyle === 'retryWithBackoff' && !shared ? nodeRetryKnob(call) : undefined;
  const ctx = fix.handlerContext(baseIndent, { sdkRetries: knob ? sdkMaxRetries : 2 });
  const handler = shared && (fix.names.projectError(shared.module ? `${shared.module}:${shared.name}` : shared.name) ?? shared.name);
  const body = handler ? [`${baseIndent}${unit}${handler}(${ctx.errorVar})${semicolon}`] : jsListenerLines(planGroups(finding.sdk, options.errorClasses), ctx, listenerNote());
  const at = { line: end.row, character: end.column };
  const listener = [`.on(${quote}error${quote}, (${ctx.errorVar}) => {`, ...body, `${baseIndent}})`].join(fix.eol);
  return [...fix.importEdits(call.startPosition.row), ...(knob ? [knob] : []), { range: { start: at, end: at }, newText: listener }];
}
