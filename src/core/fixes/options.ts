// What a fix produces and the choices that shape it (settings openaiErrorGuard.fix.*).
import type { RuleId, TextEdit } from '../types';
import type { SdkPackageFile } from '../analysis/sdkPackage';
import type { ErrorClassKey } from '../sdk/errorHierarchy';
import type { SharedHandlerRef } from './sharedHandler';

/**
 * How a generated handler reacts: log through the module's logger then re-raise (default); retry more where
 * the SDK can (its own `max_retries` / `maxRetries` knob on the request, a loop only for SDKs that do not
 * retry); or raise the project's own exception class, the original chained as its cause.
 */
export type HandlerStyle = 'logAndRethrow' | 'retryWithBackoff' | 'raiseProjectError';

export const handlerStyles: readonly HandlerStyle[] = ['logAndRethrow', 'retryWithBackoff', 'raiseProjectError'];

/** One handler per group of classes needing the same reaction (compact, preferred), or one per class (full). */
export type HandlerLayout = 'grouped' | 'perClass';

export interface FixOptions {
  handlerStyle: HandlerStyle;
  /** Which failure families get a handler of their own; the catch-all handler is always added. */
  errorClasses: readonly ErrorClassKey[];
  /** Passed on to analysis when fix-all re-scans (variables the user declared as OpenAI clients). */
  extraClientNames?: readonly string[];
  /** Passed on to analysis when fix-all re-scans: the file belongs to the SDK's own package. */
  sdkPackage?: SdkPackageFile;
  /** Default 'grouped'. */
  layout?: HandlerLayout;
  /** The project's configured line length (pyproject, .editorconfig, prettier), else 88 (Python) / 100 (JS/TS). */
  lineLength?: number;
  /**
   * The project's exception for the raiseProjectError style, as `module:Class` (`app.errors:LLMError`,
   * `./errors:LLMError`), or a bare class name the file already has in scope.
   */
  projectErrorClass?: string;
  /** For the `wrapShared` fix: the shared handler the call site passes the error to. */
  sharedHandler?: SharedHandlerRef;
}

/** How many extra attempts the retry style asks of the SDK (its default is 2). */
export const sdkMaxRetries = 5;

export type FixKind = 'wrap' | 'wrapFull' | 'wrapShared' | 'guardStreamReads' | 'addHandlers' | 'reorderHandlers' | 'ignoreLine' | 'ignoreFile';

export interface FixAction {
  title: string;
  kind: FixKind;
  rule: RuleId;
  /** True only for the fix that really repairs the finding (never for the ignore actions). */
  isPreferred: boolean;
  edits: TextEdit[];
}

export function defaultLineLength(python: boolean): number {
  return python ? 88 : 100;
}

/** `module:Class` split; a bare name has no module to import it from. */
export function parseProjectErrorClass(value: string | undefined): { module?: string; name: string } | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  const colon = trimmed.lastIndexOf(':');
  const name = colon >= 0 ? trimmed.slice(colon + 1).trim() : trimmed;
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
  return { module: colon > 0 ? trimmed.slice(0, colon).trim() : undefined, name };
}
