// The language-independent part of the analysis: for each OpenAI call a detector recognises (classified from
// the callee's text before the tree is asked for the call), collect the handlers of every try block whose body
// holds the call, up to the enclosing function; then decide between handled, partially handled and unhandled,
// check streams read outside the try, and report handlers shadowed by an earlier one. Calls outside every try
// statement need no climb at all; for the others, the path is built down from the outermost try (see
// syntaxPath.ts for why not up with `parent`).
import type { SdkFlavour } from '../types';
import type { FileBindings } from './bindings';
import type { LocatedFinding } from './detector';
import { coverage, unreachableHandlers, type HandlerCatch } from './handlerCoverage';
import { notAwaitedMessage, partialHandlingMessage, streamIteratedOutsideMessage, unhandledCallMessage, unreachableHandlerMessage } from './messages';
import { contains, type OffsetRegion, type SyntaxNode } from './syntax';
import { pathBetween, type PathNode } from './syntaxPath';
import { TryStatements } from './tryStatements';
import type { TreeSitter } from './treeSitter';

/**
 * A place in the text that may be an OpenAI call: the offset of a name in its callee, where its argument list
 * opens, and where the callee starts when the text alone tells (a chain of plain names and dots).
 */
export interface CandidateCall {
  nameOffset: number;
  calleeEnd: number;
  calleeStart: number | undefined;
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
  body: { startIndex: number; endIndex: number };
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
  callType: string;
  /** Candidates found in the text, in text order. */
  candidates(text: string, bindings: FileBindings, region?: OffsetRegion): CandidateCall[];
  /** The call whose callee holds the name at `nameOffset` (for callees the text alone cannot delimit). */
  callAround(tree: TreeSitter.Tree, nameOffset: number): SyntaxNode | undefined;
  /** Whether a callee (`client.chat.completions.create`) calls the OpenAI SDK, and which flavour. */
  classifyCallee(calleeText: string, bindings: FileBindings): SdkFlavour | undefined;
  callSite(call: SyntaxNode, calleeText: string, sdk: SdkFlavour, calleeEnd: number, text: string): CallSite;
  /** Whether a try statement's child on the path is the block the try protects. */
  isTryBody(child: PathNode): boolean;
  /** The handlers of a try statement. */
  tryHandlers(tryNode: SyntaxNode, body: SyntaxNode, bindings: FileBindings): TryHandlers | undefined;
  /** JS: follows promise chains and await upwards from the call; Python has none. */
  promiseOutcome?(site: CallSite, text: string): PromiseOutcome;
  /** JS: whether a node on the path awaits what it contains. */
  isAwait?(node: PathNode): boolean;
  /** Loops reading `variable` after `after` and before `scopeEnd`. */
  loopsOver(scopeEnd: number, variable: string, text: string, tree: TreeSitter.Tree, after: number): SyntaxNode[];
  isComment(tree: TreeSitter.Tree, offset: number): boolean;
}

/** The callee as written, on one line (`client.chat\n  .completions` → `client.chat.completions`). */
function compactCallee(site: CallSite): string {
  return site.calleeText.replace(/\s+/g, '');
}

function finding(rule: LocatedFinding['rule'], site: CallSite, call: string, message: string, start: number, end: number): LocatedFinding {
  return { rule, severity: 'warning', message, call, sdk: site.sdk, start, end };
}

/** The end of the function (or class, or file) around a node: where a stream stored inside it stops being read. */
function scopeEndAbove(node: SyntaxNode, boundaries: ReadonlySet<string>): number {
  let current = node;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    if (boundaries.has(parent.type)) return parent.endIndex;
  }
  return current.endIndex;
}

/** The call a candidate stands for, and its OpenAI flavour; undefined when it is not an OpenAI call. */
function resolveCandidate(rules: LanguageRules, tree: TreeSitter.Tree, text: string, classify: (calleeText: string) => SdkFlavour | undefined, candidate: CandidateCall): { call: SyntaxNode; calleeText: string; sdk: SdkFlavour } | undefined {
  const { calleeStart, calleeEnd } = candidate;
  if (calleeStart !== undefined) {
    // The callee is known from the text: classify it before touching the tree, then look up only the call.
    const calleeText = text.slice(calleeStart, calleeEnd);
    const sdk = classify(calleeText);
    if (!sdk) return undefined;
    const call = tree.rootNode.namedDescendantForIndex(calleeStart, calleeEnd + 1);
    return call && call.startIndex === calleeStart && call.type === rules.callType ? { call, calleeText, sdk } : undefined;
  }
  const call = rules.callAround(tree, candidate.nameOffset);
  if (!call) return undefined;
  const calleeText = text.slice(call.startIndex, calleeEnd);
  const sdk = classify(calleeText);
  return sdk ? { call, calleeText, sdk } : undefined;
}

export function findUnprotectedCalls(rules: LanguageRules, tree: TreeSitter.Tree, text: string, bindings: FileBindings, region?: OffsetRegion): LocatedFinding[] {
  const findings: LocatedFinding[] = [];
  // A call is identified by where it starts and where its arguments open (`a.b(x).c(y)`: two calls, one start).
  const seenCalls = new Set<number>();
  const callKey = (start: number, calleeEnd: number): number => start * (text.length + 1) + calleeEnd;
  // The same callees recur across a file; each is classified once.
  const classified = new Map<string, SdkFlavour | undefined>();
  const classify = (calleeText: string): SdkFlavour | undefined => {
    if (!classified.has(calleeText)) classified.set(calleeText, rules.classifyCallee(calleeText, bindings));
    return classified.get(calleeText);
  };
  const checkedTries = new Set<number>();
  const tryHandlers = new Map<number, TryHandlers | undefined>();
  const tryStatements = new TryStatements(tree, text, region);
  // The same call text recurs across a file; each of its messages is built once.
  const messages = new Map<string, string>();
  const message = (key: string, build: () => string): string => {
    let built = messages.get(key);
    if (built === undefined) {
      built = build();
      messages.set(key, built);
    }
    return built;
  };
  for (const candidate of rules.candidates(text, bindings, region)) {
    if (candidate.calleeStart !== undefined && seenCalls.has(callKey(candidate.calleeStart, candidate.calleeEnd))) continue;
    const resolved = resolveCandidate(rules, tree, text, classify, candidate);
    if (!resolved) continue;
    const { call, calleeText, sdk } = resolved;
    const key = callKey(call.startIndex, candidate.calleeEnd);
    if (seenCalls.has(key)) continue;
    seenCalls.add(key);
    const site = rules.callSite(call, calleeText, sdk, candidate.calleeEnd, text);
    const outcome = rules.promiseOutcome?.(site, text) ?? { handled: false, top: call, awaited: site.awaited };
    if (outcome.handled) continue;

    // Only a try around the call can protect it; the climb from the call starts at the outermost one.
    let awaited = outcome.awaited;
    let skippedUnawaitedTry = false;
    const tries: TryHandlers[] = [];
    let scopeEnd: number | undefined;
    const top = outcome.top;
    const outermost = tryStatements.outermostAround(top.startIndex, top.endIndex);
    const path = outermost ? pathBetween(outermost.node, top) : [];
    for (let index = path.length - 2; index >= 0; index--) {
      const { type, node } = path[index];
      if (rules.scopeBoundaries.has(type)) {
        scopeEnd = node.endIndex;
        break;
      }
      if (rules.isAwait?.(path[index])) awaited = true;
      if (type !== 'try_statement' || !rules.isTryBody(path[index + 1])) continue;
      let enclosing = tryHandlers.get(node.startIndex);
      if (!tryHandlers.has(node.startIndex)) {
        enclosing = rules.tryHandlers(node, path[index + 1].node, bindings);
        tryHandlers.set(node.startIndex, enclosing);
      }
      if (!enclosing) continue;
      if (awaited) tries.push(enclosing);
      else skippedUnawaitedTry = true;
    }

    const handlers = tries.flatMap((t) => t.handlers.map((h) => h.caught));
    const shown = compactCallee(site);
    const covered = coverage(site.sdk, handlers);
    if (!covered.catchesSome) {
      const notAwaited = skippedUnawaitedTry && tries.length === 0;
      const text = message(`${notAwaited ? 'not-awaited' : 'unhandled'}|${site.sdk}|${shown}`, () => (notAwaited ? notAwaitedMessage(shown) : unhandledCallMessage(shown, site.sdk)));
      findings.push(finding('unhandled-call', site, shown, text, call.startIndex, call.endIndex));
      continue;
    }
    const escaping = covered.escaping;
    if (escaping.length > 0) {
      const text = message(`partial|${site.sdk}|${shown}|${escaping.join(',')}`, () => partialHandlingMessage(shown, escaping, site.sdk));
      findings.push({ ...finding('partial-handling', site, shown, text, call.startIndex, call.endIndex), escaping: [...escaping] });
    } else if (site.stream) {
      const end = scopeEnd ?? (outermost ? scopeEndAbove(outermost.node, rules.scopeBoundaries) : tree.rootNode.endIndex);
      const loops = rules.loopsOver(end, site.stream, text, tree, call.endIndex);
      if (loops.some((loop) => !tries.some((t) => contains(t.body, loop)))) {
        findings.push(finding('unhandled-call', site, shown, streamIteratedOutsideMessage(shown), call.startIndex, call.endIndex));
      }
    }
    for (const t of tries) {
      if (checkedTries.has(t.tryNode.startIndex)) continue;
      checkedTries.add(t.tryNode.startIndex);
      const ordered = t.ordered ?? t.handlers;
      for (const shadowed of unreachableHandlers(site.sdk, ordered.map((h) => h.caught))) {
        const handler = ordered[shadowed.index];
        findings.push({
          ...finding('unreachable-handler', site, shown, unreachableHandlerMessage(shadowed.caught, shadowed.shadowedBy), handler.start, handler.end),
          handlerStart: handler.clauseStart,
          handlerEnd: handler.clauseEnd,
        });
      }
    }
  }
  return findings.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule));
}
