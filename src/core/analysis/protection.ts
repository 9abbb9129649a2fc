// The language-independent part of the analysis: for each OpenAI call a detector recognises, climb the syntax
// tree to the enclosing function and collect the handlers of every try block whose body holds the call; then
// decide between handled, partially handled and unhandled, check streams read outside the try, and report
// handlers shadowed by an earlier one.
import type { SdkFlavour } from '../types';
import type { FileBindings } from './bindings';
import type { LocatedFinding } from './detector';
import { catchesSomeRequestError, escapingClasses, unreachableHandlers, type HandlerCatch } from './handlerCoverage';
import { notAwaitedMessage, partialHandlingMessage, streamIteratedOutsideMessage, unhandledCallMessage, unreachableHandlerMessage } from './messages';
import { compactText, contains, type OffsetRegion, type SyntaxNode } from './syntax';
import type { TreeSitter } from './treeSitter';

export interface CallSite {
  call: SyntaxNode;
  sdk: SdkFlavour;
  /** The callee expression, for the finding's `call` text. */
  callee: SyntaxNode;
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
  candidates(tree: TreeSitter.Tree, text: string, region?: OffsetRegion): SyntaxNode[];
  callSite(call: SyntaxNode, bindings: FileBindings): CallSite | undefined;
  /** The handlers `node` applies to `child` when node is a try whose protected body is child. */
  enclosingHandlers(child: SyntaxNode, node: SyntaxNode, bindings: FileBindings): TryHandlers | undefined;
  /** JS: follows promise chains and await; Python has none. */
  promiseOutcome?(site: CallSite): PromiseOutcome;
  /** JS: whether a node awaits what it contains. */
  isAwait?(node: SyntaxNode): boolean;
  /** Loops reading `variable` after `after` inside `scope`. */
  loopsOver(scope: SyntaxNode, variable: string, text: string, tree: TreeSitter.Tree, after: number): SyntaxNode[];
  isComment(tree: TreeSitter.Tree, offset: number): boolean;
}

function finding(rule: LocatedFinding['rule'], site: CallSite, message: string, start: number, end: number): LocatedFinding {
  return { rule, severity: 'warning', message, call: compactText(site.callee), sdk: site.sdk, start, end };
}

export function findUnprotectedCalls(rules: LanguageRules, tree: TreeSitter.Tree, text: string, bindings: FileBindings, region?: OffsetRegion): LocatedFinding[] {
  const findings: LocatedFinding[] = [];
  const seenCalls = new Set<string>();
  const checkedTries = new Set<number>();
  for (const call of rules.candidates(tree, text, region)) {
    const key = `${call.startIndex}:${call.endIndex}`;
    if (seenCalls.has(key)) continue;
    seenCalls.add(key);
    const site = rules.callSite(call, bindings);
    if (!site) continue;
    const outcome = rules.promiseOutcome?.(site) ?? { handled: false, top: call, awaited: site.awaited };
    if (outcome.handled) continue;

    let awaited = outcome.awaited;
    let skippedUnawaitedTry = false;
    const tries: TryHandlers[] = [];
    let scope: SyntaxNode = tree.rootNode;
    for (let child = outcome.top, node = child.parent; node; child = node, node = node.parent) {
      if (rules.scopeBoundaries.has(node.type)) {
        scope = node;
        break;
      }
      if (rules.isAwait?.(node)) awaited = true;
      const enclosing = rules.enclosingHandlers(child, node, bindings);
      if (!enclosing) continue;
      if (awaited) tries.push(enclosing);
      else skippedUnawaitedTry = true;
    }

    const handlers = tries.flatMap((t) => t.handlers.map((h) => h.caught));
    const calleeText = compactText(site.callee);
    if (!catchesSomeRequestError(site.sdk, handlers)) {
      const message = skippedUnawaitedTry && tries.length === 0 ? notAwaitedMessage(calleeText) : unhandledCallMessage(calleeText, site.sdk);
      findings.push(finding('unhandled-call', site, message, call.startIndex, call.endIndex));
      continue;
    }
    const escaping = escapingClasses(site.sdk, handlers);
    if (escaping.length > 0) {
      findings.push({ ...finding('partial-handling', site, partialHandlingMessage(calleeText, escaping, site.sdk), call.startIndex, call.endIndex), escaping });
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
