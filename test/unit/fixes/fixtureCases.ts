// The golden fixtures of test/fixtures/fixes: each file's first line says which call to fix and how
// (`# fix-case: call=client.chat.completions.create sdk=openai-python-v1 style=retryWithBackoff classes=a,b`,
// also `project-error=module:Class`, `layout=perClass`, `line-length=N`), and
// `rule=partial-handling` / `rule=unreachable-handler` for the fixes of those rules (default: unhandled-call),
// `shape=listener` / `shape=promiseCatch` / `shape=arrowBody` /
// `shape=lambda` for a fix that writes into the lines it keeps, `shape=streamGuard` for the fix of a JS stream
// handed on unread (its reads get a try of their own), `shape=namedStream` for the wrap of a stream request passed
// straight to an adapter (the request moves into a `const` before its statement).
import * as fs from 'fs';
import * as path from 'path';
import type { Finding, RuleId, SdkFlavour, SourceLanguage } from '../../../src/core/types';
import { languageOfFile } from '../../../src/core/languages';
import { defaultHandledErrorClasses, type ErrorClassKey } from '../../../src/core/sdk/errorHierarchy';
import type { FixKind, FixOptions, HandlerLayout, HandlerStyle } from '../../../src/core/fixes';
import { parseWith } from '../../../src/core/fixes/syntax';

export const repoRoot = path.resolve(__dirname, '../../../..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'fixes');

export interface FixCase {
  name: string;
  file: string;
  language: SourceLanguage;
  text: string;
  call: string;
  sdk: SdkFlavour;
  rule: RuleId;
  options: FixOptions;
  /**
   * A fix that writes into the lines it keeps: an 'error' listener on a stream helper or a `.catch` on a promise
   * chain (no try), an expression-bodied arrow made a block holding the try, a Python lambda made a local function,
   * a stream handed on unread whose reads get a try of their own.
   */
  shape?: 'listener' | 'promiseCatch' | 'arrowBody' | 'lambda' | 'streamGuard' | 'namedStream';
}

/** The fix each rule's finding gets. */
export const fixKindOf: Record<RuleId, FixKind> = { 'unhandled-call': 'wrap', 'partial-handling': 'addHandlers', 'unreachable-handler': 'reorderHandlers' };

/** The fix a case's finding gets: a stream handed on unread gets its reads guarded. */
export function expectedFixKind(fixCase: Pick<FixCase, 'rule' | 'shape'>, finding?: Pick<Finding, 'streamHandedOn'>): FixKind {
  // A stream request passed straight to an adapter inside a try is a stream handed on; without a try, a request to wrap.
  if (fixCase.shape === 'namedStream') return finding?.streamHandedOn ? 'guardStreamReads' : 'wrap';
  return fixCase.shape === 'streamGuard' ? 'guardStreamReads' : fixKindOf[fixCase.rule];
}

export function loadCases(): FixCase[] {
  return fs.readdirSync(fixturesDir)
    .filter((name) => !name.endsWith('.fixed') && languageOfFile(name))
    .sort()
    .map((name) => {
      const file = path.join(fixturesDir, name);
      const text = fs.readFileSync(file, 'utf8');
      const header = /fix-case:(.*)/.exec(text.split(/\r?\n/)[0]);
      if (!header) throw new Error(`${name}: first line must be a fix-case comment`);
      const fields = Object.fromEntries(header[1].trim().split(/\s+/).map((pair) => pair.split('=') as [string, string]));
      return {
        name,
        file,
        language: languageOfFile(name)!,
        text,
        call: fields.call,
        sdk: fields.sdk as SdkFlavour,
        rule: (fields.rule ?? 'unhandled-call') as RuleId,
        shape: fields.shape as FixCase['shape'],
        options: {
          handlerStyle: (fields.style ?? 'logAndRethrow') as HandlerStyle,
          errorClasses: fields.classes ? (fields.classes.split(',') as ErrorClassKey[]) : defaultHandledErrorClasses,
          ...(fields['project-error'] ? { projectErrorClass: fields['project-error'] } : {}),
          ...(fields.layout ? { layout: fields.layout as HandlerLayout } : {}),
          ...(fields['line-length'] ? { lineLength: Number(fields['line-length']) } : {}),
        },
      };
    });
}

/** The first call in the text whose callee is `callee`, as an unhandled-call finding. */
export async function findingForCall(text: string, language: SourceLanguage, callee: string, sdk: SdkFlavour): Promise<Finding | undefined> {
  return parseWith(language, text, (root) => {
    const calls = root.descendantsOfType(language === 'python' ? 'call' : 'call_expression');
    // The retry style may have put the SDK's knob after the client (`client.with_options(max_retries=5).chat…`).
    const call = calls.find((node) => node?.childForFieldName('function')?.text.replace(/\.with_options\(max_retries=\d+\)/, '') === callee);
    if (!call) return undefined;
    return {
      rule: 'unhandled-call',
      severity: 'warning',
      message: '',
      call: callee,
      sdk,
      range: {
        start: { line: call.startPosition.row, character: call.startPosition.column },
        end: { line: call.endPosition.row, character: call.endPosition.column },
      },
    };
  });
}
