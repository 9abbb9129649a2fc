// The language-independent part of the analysis: for each OpenAI call a detector recognises, climb the syntax
// tree to the enclosing function and collect the handlers of every try block whose body holds the call; then
// decide between handled, partially handled and unhandled, check streams read outside the try, and report
// handlers shadowed by an earlier one.
import type { SdkFlavour } from '../types';
import type { FileBindings } from './bindings';
import type { LocatedFinding } from './detector';
import { coverage, unreachableHandlers, type HandlerCatch } from './handlerCoverage';
import { notAwaitedMessage, partialHandlingMessage, streamIteratedOutsideMessage, unhandledCallMessage, unreachableHandlerMessage } from './messages';
import { contains, type OffsetRegion, type SyntaxNode } from './syntax';
import type { TreeSitter } from './treeSitter';

/** A call that may be an OpenAI call, with the end of its callee (where the argument list opens). */
export interface CandidateCall {
  call: SyntaxNode;
  calleeEnd: number;
}

export interface CallSite {
  call: SyntaxNode;
  sdk: SdkFlavour;
  /** The callee's source text (`client.chat.completions.create`). */
  calleeText: string;
  /** Set for streaming calls: the variable the stream is stored in, or null when it is not stored. */
  stream?: string | null;
  /** Whether the call's outcome is already awaited where it stands (Python: always). */
  awaited: boolean;
}

/** One handler: what it catches, the range to report on, and the whole clause. */
export interface HandlerInfo {
  caught: HandlerCatch;
  start: number;
  end: number;
  clauseStart: number;
  clauseEnd: number;
}

export interface TryHandlers {
  tryNode: SyntaxNode;
  /** The protected block. */
  body: SyntaxNode;
  /** What the try catches, for coverage. */
  handlers: HandlerInfo[];
  /** The typed handlers in source order, for the shadowing check (defaults to `handlers`). */
  ordered?: HandlerInfo[];
}

export interface PromiseOutcome {
  /** A `.catch(…)` or `.then(ok, err)` settles the rejection. */
  handled: boolean;
  /** The outermost expression still carrying the call's outcome. */
  top: SyntaxNode;
  awaited: boolean;
}

export interface LanguageRules {
  scopeBoundaries: ReadonlySet<string>;
  candidates(tree: TreeSitter.Tree, text: string, region?: OffsetRegion): CandidateCall[];
  callSite(candidate: CandidateCall, bindings: FileBindings, text: string): CallSite | undefined;
  /** The handlers a try_statement `node` applies to `child` when child is its protected body. */
  enclosingHandlers(child: SyntaxNode, node: SyntaxNode, bindings: FileBindings): TryHandlers | undefined;
  /** JS: follows promise chains and await; Python has none. */
  promiseOutcome?(site: CallSite): PromiseOutcome;
  /** JS: whether a node (of the given type) awaits what it contains. */
  isAwait?(node: SyntaxNode, type: string): boolean;
  /** Loops reading `variable` after `after` inside `scope`. */
  loopsOver(scope: SyntaxNode, variable: string, text: string, tree: TreeSitter.Tree, after: number): SyntaxNode[];
  isComment(tree: TreeSitter.Tree, offset: number): boolean;
}

/** The callee as written, on one line (`client.chat\n  .completions` → `client.chat.completions`). */
function compactCallee(site: CallSite): string {
  return site.calleeText.replace(/\s+/g, '');
}

function finding(rule: LocatedFinding['rule'], site: CallSite, message: string, start: number, end: number): LocatedFinding {
  return { rule, severity: 'warning', message, call: compactCallee(site), sdk: site.sdk, start, end };
}

export function findUnprotectedCalls(rules: LanguageRules, tree: TreeSitter.Tree, text: string, bindings: FileBindings, region?: OffsetRegion): LocatedFinding[] {
  const findings: LocatedFinding[] = [];
  const seenCalls = new Set<string>();
  const checkedTries = new Set<number>();
  // The same call text recurs across a file; its message is built once.
  const messages = new Map<string, string>();
  for (const candidate of rules.candidates(tree, text, region)) {
    const key = `${candidate.call.startIndex}:${candidate.calleeEnd}`;
    if (seenCalls.has(key)) continue;
    seenCalls.add(key);
    const site = rules.callSite(candidate, bindings, text);
    if (!site) continue;
    const call = site.call;
    const outcome = rules.promiseOutcome?.(site) ?? { handled: false, top: call, awaited: site.awaited };
    if (outcome.handled) continue;

    let awaited = outcome.awaited;
    let skippedUnawaitedTry = false;
    const tries: TryHandlers[] = [];
    let scope: SyntaxNode = tree.rootNode;
    // Hot loop: every node access crosses into WASM, so each node's type is read once.
    for (let child = outcome.top, node = child.parent; node; child = node, node = node.parent) {
      const type = node.type;
      if (rules.scopeBoundaries.has(type)) {
        scope = node;
        break;
      }
      if (rules.isAwait?.(node, type)) awaited = true;
      if (type !== 'try_statement') continue;
      const enclosing = rules.enclosingHandlers(child, node, bindings);
      if (!enclosing) continue;
      if (awaited) tries.push(enclosing);
      else skippedUnawaitedTry = true;
    }

    const handlers = tries.flatMap((t) => t.handlers.map((h) => h.caught));
    const calleeText = compactCallee(site);
    const covered = coverage(site.sdk, handlers);
    if (!covered.catchesSome) {
      const messageKey = `${skippedUnawaitedTry && tries.length === 0}|${site.sdk}|${calleeText}`;
      let message = messages.get(messageKey);
      if (message === undefined) {
        message = skippedUnawaitedTry && tries.length === 0 ? notAwaitedMessage(calleeText) : unhandledCallMessage(calleeText, site.sdk);
        messages.set(messageKey, message);
      }
      findings.push(finding('unhandled-call', site, message, call.startIndex, call.endIndex));
      continue;
    }
    const escaping = covered.escaping;
    if (escaping.length > 0) {
      findings.push({ ...finding('partial-handling', site, partialHandlingMessage(calleeText, escaping, site.sdk), call.startIndex, call.endIndex), escaping: [...escaping] });
    } else if (site.stream) {
      const loops = rules.loopsOver(scope, site.stream, text, tree, call.endIndex);
      if (loops.some((loop) => !tries.some((t) => contains(t.body, loop)))) {
        findings.push(finding('unhandled-call', site, streamIteratedOutsideMessage(calleeText), call.startIndex, call.endIndex));
      }
    }
    for (const t of tries) {
      if (checkedTries.has(t.tryNode.startIndex)) continue;
      checkedTries.add(t.tryNode.startIndex);
      const ordered = t.ordered ?? t.handlers;
      for (const shadowed of unreachableHandlers(site.sdk, ordered.map((h) => h.caught))) {
        const handler = ordered[shadowed.index];
        findings.push({
          ...finding('unreachable-handler', site, unreachableHandlerMessage(shadowed.caught, shadowed.shadowedBy), handler.start, handler.end),
          handlerStart: handler.clauseStart,
          handlerEnd: handler.clauseEnd,
        });
      }
    }
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
}
