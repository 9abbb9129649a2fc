// What a fix produces and the choices that shape it (settings openaiErrorGuard.fix.*).
import type { RuleId, TextEdit } from '../types';
import type { ErrorClassKey } from '../sdk/errorHierarchy';

/** How a generated handler reacts: log then re-raise (default), re-raise only, or retry the retryable failures. */
export type HandlerStyle = 'logAndRethrow' | 'rethrow' | 'retryWithBackoff';

export const handlerStyles: readonly HandlerStyle[] = ['logAndRethrow', 'rethrow', 'retryWithBackoff'];

export interface FixOptions {
  handlerStyle: HandlerStyle;
  /** Which failure families get a handler of their own; the catch-all handler is always added. */
  errorClasses: readonly ErrorClassKey[];
  /** Passed on to analysis when fix-all re-scans (variables the user declared as OpenAI clients). */
  extraClientNames?: readonly string[];
}

export type FixKind = 'wrap' | 'addHandlers' | 'reorderHandlers' | 'ignoreLine' | 'ignoreFile';

export interface FixAction {
  title: string;
  kind: FixKind;
  rule: RuleId;
  /** True only for the fix that really repairs the finding (never for the ignore actions). */
  isPreferred: boolean;
  edits: TextEdit[];
}
