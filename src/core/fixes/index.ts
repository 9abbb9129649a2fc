// The quick fixes' public face (pure, no vscode): the fixes offered for one finding, fix-all, and applying edits.
import type { Finding, SourceLanguage, TextEdit } from '../types';
import { t } from '../l10n';
import type { FixAction, FixKind, FixOptions } from './options';
import { parseWith } from './syntax';
import { pythonWrapEdits } from './python/wrap';
import { pythonAddHandlersEdits } from './python/addHandlers';
import { pythonReorderEdits } from './python/reorder';
import { jsWrapEdits } from './js/wrap';
import { jsAddHandlersEdits } from './js/addHandlers';
import { jsReorderEdits } from './js/reorder';
import { viaNamedStream } from './js/inlineStream';
import { jsStreamGuardEdits } from './js/streamGuard';
import { ignoreFileEdit, ignoreLineEdit } from './ignore';
import { fixAllWith, type FixAllResult } from './fixAll';
import { analyzeText } from '../analysis';

export type { FixAction, FixKind, FixOptions, HandlerLayout, HandlerStyle } from './options';
export { handlerStyles } from './options';
export { applyEdits } from './text';
export type { SharedHandlerRef } from './sharedHandler';
export type { FixAllResult } from './fixAll';

/** A fix offered for a finding, before its edits are computed (the lightbulb lists these, edits come on resolve). */
export interface FixOffer {
  title: string;
  kind: FixKind;
  rule: Finding['rule'];
  isPreferred: boolean;
}

/**
 * The fixes offered for one finding, cheapest first to compute: the real fix (preferred; for an unhandled call
 * the compact grouped handlers, then the one-handler-per-class variant; for a JS stream handed on unread, a try
 * around its reads), then "ignore" for the line and the file.
 */
export function fixOffersForFinding(finding: Finding): FixOffer[] {
  const offer = (kind: FixKind, title: string, isPreferred: boolean): FixOffer => ({ title, kind, rule: finding.rule, isPreferred });
  const real = ((): FixOffer[] => {
    switch (finding.rule) {
      case 'unhandled-call':
        // A try around the request is there already: the stream's reads need one.
        if (finding.streamHandedOn && finding.sdk === 'openai-node-v4') return [offer('guardStreamReads', t('Handle OpenAI errors while the stream is read'), true)];
        return [offer('wrap', t('Wrap with OpenAI error handlers'), true), offer('wrapFull', t('Wrap with one OpenAI error handler per class'), false)];
      case 'partial-handling':
        return [offer('addHandlers', t('Add the missing OpenAI error handlers'), true)];
      case 'unreachable-handler':
        return [offer('reorderHandlers', t('Move this handler before the one that shadows it'), true)];
    }
  })();
  return [
    ...real,
    offer('ignoreLine', t('Ignore {0} on this line', finding.rule), false),
    offer('ignoreFile', t('Ignore {0} in this file', finding.rule), false),
  ];
}

/**
 * A JS fix of a request, run where a stream request passed straight to an adapter has a name first (see
 * inlineStream.ts): a try around that statement alone would end before the stream is read. Other requests go to
 * the fix as they are.
 */
async function withStreamNamed(text: string, language: SourceLanguage, finding: Finding, fix: (text: string, finding: Finding) => Promise<TextEdit[] | undefined>): Promise<TextEdit[] | undefined> {
  return (await viaNamedStream(text, language, finding, fix)) ?? fix(text, finding);
}

/** The edits of one offered fix, or undefined when it does not apply to this code. */
export async function editsForOffer(text: string, language: SourceLanguage, finding: Finding, kind: FixKind, options: FixOptions): Promise<TextEdit[] | undefined> {
  const python = language === 'python';
  switch (kind) {
    case 'ignoreLine':
      return [ignoreLineEdit(text, language, finding)];
    case 'ignoreFile':
      return [ignoreFileEdit(text, language, finding)];
    case 'wrapShared': {
      // The shared handler does the typed handling: no retry knob or loop, no project error at the call site.
      const shared = options.sharedHandler;
      if (!shared) return undefined;
      const plain: FixOptions = { ...options, handlerStyle: 'logAndRethrow', sharedHandler: shared };
      return parseWith(language, text, (root) => (python ? pythonWrapEdits(text, root, finding, plain) : jsWrapEdits(text, root, finding, plain, language)));
    }
    case 'wrap':
    case 'wrapFull': {
      const layout = kind === 'wrapFull' ? 'perClass' : options.layout ?? 'grouped';
      const wrapOptions: FixOptions = { ...options, layout, sharedHandler: undefined };
      if (python) return parseWith(language, text, (root) => pythonWrapEdits(text, root, finding, wrapOptions));
      return withStreamNamed(text, language, finding, (wrapped, at) => parseWith(language, wrapped, (root) => jsWrapEdits(wrapped, root, at, wrapOptions, language)));
    }
    case 'guardStreamReads':
      if (python) return undefined;
      return withStreamNamed(text, language, finding, (guarded, at) => parseWith(language, guarded, (root) => jsStreamGuardEdits(guarded, root, at, options, language)));
    case 'addHandlers':
      return parseWith(language, text, (root) => (python ? pythonAddHandlersEdits(text, root, finding, options) : jsAddHandlersEdits(text, root, finding, options, language)));
    case 'reorderHandlers':
      return parseWith(language, text, (root) => (python ? pythonReorderEdits(text, root, finding) : jsReorderEdits(text, root, finding)));
  }
}

/** The fixes for one finding with their edits (those that apply): the real fix first (preferred), then "ignore". */
export async function fixesForFinding(text: string, language: SourceLanguage, finding: Finding, options: FixOptions): Promise<FixAction[]> {
  const actions: FixAction[] = [];
  for (const offer of fixOffersForFinding(finding)) {
    const edits = await editsForOffer(text, language, finding, offer.kind, options);
    if (edits) actions.push({ ...offer, edits });
  }
  return actions;
}

/**
 * Applies the preferred fix of every finding in the text, re-analysing after each one so fixes never work
 * from stale positions or overlap; reports what is left (findings without an automatic fix).
 */
/**
 * `only`: the findings to fix, from an analysis that judged the file within its project (calls every caller
 * handles are not among them); the file's other findings are left as they are. Without it, all are fixed.
 */
export function fixAll(text: string, language: SourceLanguage, options: FixOptions, isCancelled?: () => boolean, only?: readonly Finding[]): Promise<FixAllResult> {
  return fixAllWith(
    (current) => analyzeText(current, language, { extraClientNames: options.extraClientNames ? [...options.extraClientNames] : undefined, sdkPackage: options.sdkPackage }),
    async (current, _language, finding) => {
      const preferred = fixOffersForFinding(finding).find((offer) => offer.isPreferred)!;
      const edits = await editsForOffer(current, language, finding, preferred.kind, options);
      return edits ? { edits } : undefined;
    },
    text,
    language,
    options,
    isCancelled,
    only,
  );
}
