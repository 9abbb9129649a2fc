// The language-independent part of the analysis: for each OpenAI call a detector recognises (classified from
// the callee's text before the tree is asked for the call), collect the handlers of every try block whose body
// holds the call, up to the enclosing function; then decide between handled, partially handled and unhandled,
// check streams read outside the try, and report handlers shadowed by an earlier one. Calls outside every try
// statement need no climb at all; for the others, the path is built down from the outermost try (see
// syntaxPath.ts for why not up with `parent`).
import type { SdkFlavour } from '../types';
import { isForeignAt, isStubbedAt, type FileBindings } from './bindings';
import { argumentsStart, chainStart } from './calleeChain';
import type { Detector, LocatedFinding } from './detector';
import { ExpectedFailures, type ExpectedFailureIdioms } from './expectedFailures';
import { coverage, unreachableHandlers, type HandlerCatch } from './handlerCoverage';
import { eventStreamMessage, notAwaitedMessage, partialHandlingMessage, streamHandedOnMessage, streamIteratedOutsideMessage, unhandledCallMessage, unreachableHandlerMessage } from './messages';
import type { SourceText } from './sourceText';
import { ancestorOfType, contains, matchesIn, namedNodeAt, type OffsetRegion, type SyntaxNode } from './syntax';
import { pathBetween, type PathNode } from './syntaxPath';
import { TopLevelStatements } from './topLevelStatements';
import { tryBody, TryStatements, type TryStatement } from './tryStatements';
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
  /** JS stream helpers (`runs.stream()`, `runTools()`): failures arrive as an 'error' event, not by throwing. */
  eventStream?: boolean;
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

/** A `with` statement whose context manager handles errors raised in its block (see handlingContexts). */
export interface HandlingContext {
  statement: SyntaxNode;
  /** The try around the context manager's `yield`. */
  handler: SyntaxNode;
}

export interface StoredResult {
  name: string;
  /** Where the variable is visible after its declaration: [from, to). */
  from: number;
  to: number;
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
  /** Text patterns that mark a possible OpenAI call (a resource path, a v3 method, a 0.x class…). */
  candidatePatterns(bindings: FileBindings): readonly RegExp[];
  /** The first character of a name in this language (JS names may start with `$`). */
  nameStart: RegExp;
  /** The call whose callee holds the name at `nameOffset` (for callees the text alone cannot delimit). */
  callAround(tree: TreeSitter.Tree, nameOffset: number): SyntaxNode | undefined;
  /** Whether a callee (`client.chat.completions.create`) calls the OpenAI SDK, and which flavour. */
  classifyCallee(calleeText: string, bindings: FileBindings): SdkFlavour | undefined;
  /** The call a callee stands for when it is a bound method kept in a variable (`completion` → `client.chat.completions.create`). */
  boundTarget?(calleeText: string, bindings: FileBindings): string | undefined;
  /** Python: whether the call's client raises APIResponseValidationError (created with strict validation on). */
  validatesStrictly?(calleeText: string, bindings: FileBindings): boolean;
  callSite(call: SyntaxNode, calleeText: string, sdk: SdkFlavour, calleeEnd: number, source: SourceText): CallSite;
  /** Whether a try statement's child on the path is the block the try protects. */
  isTryBody(child: PathNode): boolean;
  /** The handlers of a try statement. */
  tryHandlers(tryNode: SyntaxNode, body: SyntaxNode, bindings: FileBindings): TryHandlers | undefined;
  /**
   * Python: `with` statements whose context manager, a function of the file, runs the block inside a try of its
   * own (by the with statement's start: the statement, and that try). Their blocks count as that try's body.
   */
  handlingContexts?(tree: TreeSitter.Tree, source: SourceText, bindings: FileBindings): ReadonlyMap<number, HandlingContext>;
  /** JS: follows promise chains and await upwards from the call; Python has none. */
  promiseOutcome?(site: CallSite, source: SourceText): PromiseOutcome;
  /** JS: whether a node on the path awaits what it contains. */
  isAwait?(node: PathNode): boolean;
  /**
   * The call that runs callback `fn` in place (`await pRetry(() => …)`, `run(lambda: …)`, a Python local function
   * passed by name): what the callback raises, or the rejection of the promise it returns, comes out of that call.
   * `settled`: it comes out where the runner stands (Python runs the callback there); otherwise the runner's own
   * outcome must still be awaited (a JS helper returns a promise). Undefined for other functions, and for calls
   * that only schedule the callback (a thread, a timer, an executor): their errors never reach the try.
   */
  callbackRunner?(fn: SyntaxNode): { call: SyntaxNode; settled: boolean } | undefined;
  /**
   * JS: whether callback `fn`'s result carries the outcome of the call being judged inside it (returned as it
   * is, or awaited in an async callback). `inside` is the path from `fn`'s child down to that call, `awaitedInside`
   * whether an await on the way carries it. Without this rule (Python), what the callback raises comes out of it.
   */
  callbackCarries?(fn: SyntaxNode, inside: readonly PathNode[], awaitedInside: boolean): boolean;
  /**
   * Reads the text of a try block from its start to a call inside it: undefined when a function, class, nested
   * try (or, in JS, an await that is not the call's own) may stand in between, which only the tree can sort out;
   * otherwise whether the call is awaited where it stands.
   */
  plainTextBetween(source: SourceText, blockStart: number, callStart: number): { awaited: boolean } | undefined;
  /**
   * When the call's result (`top`) is stored unawaited in a local variable (`const p = client…create()`,
   * Python `coro = aclient…create()`): the variable and the text after its declaration where it is visible.
   * Undefined for anything else, module-level variables included (their uses lie outside the statement
   * an incremental re-analysis looks at).
   */
  storedResult(top: SyntaxNode): StoredResult | undefined;
  /** Node types that are a use of a variable (identifiers; JS also `{ p }`). */
  variableUseTypes: ReadonlySet<string>;
  /** The await expression that awaits this use of a variable directly, if any. */
  awaitOf(use: SyntaxNode): SyntaxNode | undefined;
  /**
   * JS: where this use of a stored promise or stream helper surfaces its rejection: an await of the variable,
   * of a method called on it (`await p.asResponse()`, `await runner.done()`), or a `for await` over it.
   */
  settledAt?(use: SyntaxNode): SyntaxNode | undefined;
  /**
   * Python: whether the callee only builds a context manager that sends its request when entered
   * (`with_streaming_response.create(…)`, `responses.stream(…)`, `realtime.connect(…)`), and the `with`
   * statement that enters this use of a variable holding one, if it does.
   */
  opensWhenEntered?(calleeText: string): boolean;
  enteredAt?(use: SyntaxNode): SyntaxNode | undefined;
  /** A pattern whose matches start a loop that reads `variable` (`for … in stream:`, `for await (… of stream)`). */
  streamLoopPattern(variable: string): RegExp;
  /** The node type of those loops. */
  loopTypes: ReadonlySet<string>;
  /** Test idioms whose framework expects the calls they run to fail (`pytest.raises`, `expect(…).rejects`). */
  expectedFailures: ExpectedFailureIdioms;
  /** Whether a return statement holding a use of a stream hands the stream on unread. */
  handsOn(use: SyntaxNode, returned: SyntaxNode): boolean;
  /** The variable a declaration or assignment (`parent`) gives the value `child`, if that is what it does. */
  declaredName(parent: SyntaxNode, child: SyntaxNode): string | undefined;
  /** JS: how a stream helper's events are listened to (see EventStreamRules). */
  eventStreams?: EventStreamRules;
}

/** How a language registers event listeners on a stream helper (JS: `s.on('error', …)`). */
export interface EventStreamRules {
  /** The listener calls chained on the call (`helper(…).on('message', …)`): the outermost one, and whether one listens for 'error'. */
  chained(call: SyntaxNode): { top: SyntaxNode; errorListener: boolean };
  /** The variable holding the helper, and the text after its declaration where it is visible. */
  variable(top: SyntaxNode): StoredResult | undefined;
  /** Whether a use of that variable registers a listener: 'error' for an 'error' listener, 'other' for another event. */
  listenerAt(use: SyntaxNode): 'error' | 'other' | undefined;
}

/** Candidate calls found in the text, in text order: where a pattern matches and an argument list follows. */
function candidateCalls(rules: LanguageRules, source: SourceText, bindings: FileBindings, region?: OffsetRegion): CandidateCall[] {
  const calls: CandidateCall[] = [];
  for (const pattern of rules.candidatePatterns(bindings)) {
    for (const match of matchesIn(pattern, source, region)) {
      // A pattern that matches a whole callee up to its argument list (`getattr(x, "create")(`) says so by a group.
      if (match.groups?.callee !== undefined) {
        calls.push({ nameOffset: match.index, calleeEnd: match.index + match[0].length - 1, calleeStart: match.index });
        continue;
      }
      const nameOffset = match.index + match[0].search(rules.nameStart);
      const calleeEnd = argumentsStart(source, nameOffset);
      if (calleeEnd !== undefined) calls.push({ nameOffset, calleeEnd, calleeStart: chainStart(source, nameOffset) });
    }
  }
  return calls.sort((a, b) => a.nameOffset - b.nameOffset);
}

/** Loops reading `variable` after `after` and before `scopeEnd`, found from the text and confirmed in the tree. */
function loopsOver(rules: LanguageRules, scopeEnd: number, variable: string, source: SourceText, tree: TreeSitter.Tree, after: number): SyntaxNode[] {
  const loops: SyntaxNode[] = [];
  for (const match of matchesIn(rules.streamLoopPattern(variable), source, { start: after, end: scopeEnd })) {
    const loop = ancestorOfType(namedNodeAt(tree, match.index), rules.loopTypes, 1);
    if (loop && loop.childForFieldName('right')?.text === variable) loops.push(loop);
  }
  return loops;
}

const returnStatement = 'return_statement';
const awaitOrParentheses = new Set(['await_expression', 'await', 'parenthesized_expression']);
const argumentLists = new Set(['arguments', 'argument_list']);

/**
 * A stream kept in no variable leaves unread when a return statement holds it as is (`return await client…
 * create({ stream: true })`) or inside arguments (`return new Response(…)`, `return StreamingResponse(…)`);
 * a method called on it (`….finalChatCompletion()`) reads it there.
 */
function returnedUnread(call: SyntaxNode, outermostTry: SyntaxNode | undefined, scopeBoundaries: ReadonlySet<string>): boolean {
  let asIs = true;
  let passed = false;
  for (let parent = call.parent; parent; parent = parent.parent) {
    if (parent.type === returnStatement) return asIs || passed;
    if ((outermostTry && parent.equals(outermostTry)) || scopeBoundaries.has(parent.type)) return false;
    if (argumentLists.has(parent.type)) passed = true;
    else if (!awaitOrParentheses.has(parent.type) && !passed) asIs = false;
  }
  return false;
}

/**
 * Whether a stream created at `call` leaves its function unread: returned itself, inside a Response, or through a
 * variable made from it (`const s = OpenAIStream(stream)` … `return new StreamingTextResponse(s)`). Whoever reads
 * it then does so after every try around the call has ended. Found from the names in the text, confirmed in the tree.
 */
function streamHandedOn(rules: LanguageRules, statements: TopLevelStatements, source: SourceText, call: SyntaxNode, stream: string | null, scopeEnd: number, outermostTry: SyntaxNode | undefined): boolean {
  const leavesByReturn = (start: SyntaxNode, use: SyntaxNode, names: string[]): boolean => {
    for (let node = start, parent = node.parent; parent; node = parent, parent = parent.parent) {
      if (parent.type === returnStatement) return rules.handsOn(use, parent);
      const declared = rules.declaredName(parent, node);
      if (declared !== undefined) {
        if (!names.includes(declared)) names.push(declared);
        return false;
      }
      if (outermostTry && parent.equals(outermostTry)) return false;
      // Read inside a try of its own (`start(controller) { try { for await (… of stream) … } catch … }`).
      if (parent.type === 'try_statement' && rules.isTryBody({ type: node.type, node })) return false;
      if (rules.scopeBoundaries.has(parent.type) && parent.startIndex <= call.startIndex) return false;
    }
    return false;
  };
  if (stream === null) return returnedUnread(call, outermostTry, rules.scopeBoundaries);
  const names = [stream];
  for (let index = 0; index < names.length; index++) {
    const pattern = new RegExp(`(?<![\\w$.])${names[index].replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
    for (const match of matchesIn(pattern, source, { start: call.endIndex, end: scopeEnd })) {
      const use = statements.namedDescendant(match.index, match.index);
      if (!use || use.startIndex !== match.index || !rules.variableUseTypes.has(use.type)) continue;
      if (leavesByReturn(use, use, names)) return true;
    }
  }
  return false;
}

/** Whether the offset lies inside a comment (the same node type in every grammar we use). */
export function isCommentAt(tree: TreeSitter.Tree, offset: number): boolean {
  return tree.rootNode.descendantForIndex(offset)?.type === 'comment';
}

/** A language's detector: its binding reader and rules around the shared search for unprotected calls. */
export function detectorWith(rules: LanguageRules, parts: Pick<Detector, 'collectBindings' | 'mayBind' | 'scopeBoundaries'>): Detector {
  return {
    ...parts,
    isComment: isCommentAt,
    callbackRunner: (fn) => rules.callbackRunner?.(fn),
    tryHandlers: rules.tryHandlers,
    handlingContexts: (tree, source, bindings) => rules.handlingContexts?.(tree, source, bindings) ?? new Map(),
    findIssues: (tree, source, bindings, region) => findUnprotectedCalls(rules, tree, source, bindings, region),
  };
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

interface EnclosingTries {
  /** The try statements that protect the call, innermost first. */
  tries: TryHandlers[];
  /** A try holds the call, but the call's outcome is not awaited inside it (JS). */
  skippedUnawaitedTry: boolean;
  /** The end of the function around the call, when the climb met it. */
  scopeEnd: number | undefined;
}

/**
 * The try statements whose block holds `top` (the call, or the promise chain carrying its outcome), up to the
 * enclosing function. Only a try around the call can protect it, so the climb starts at the outermost one; and
 * when the text between that try's block and the call holds nothing that could change the answer, no climb.
 */
function enclosingTries(rules: LanguageRules, source: SourceText, outermost: TryStatement | undefined, top: SyntaxNode, awaitedAtTop: boolean, handlersOf: (tryNode: SyntaxNode, body: SyntaxNode) => TryHandlers | undefined, handlesErrors: (node: SyntaxNode) => boolean, fromCallback = false): EnclosingTries {
  const result: EnclosingTries = { tries: [], skippedUnawaitedTry: false, scopeEnd: undefined };
  if (!outermost) return result;
  const add = (handlers: TryHandlers | undefined, awaited: boolean): void => {
    if (!handlers) return;
    if (awaited) result.tries.push(handlers);
    else result.skippedUnawaitedTry = true;
  };
  const body = tryBody(outermost);
  if (body && body.startIndex <= top.startIndex && top.endIndex <= body.endIndex) {
    const plain = rules.plainTextBetween(source, body.startIndex, top.startIndex);
    if (plain) {
      add(handlersOf(outermost.node, body), awaitedAtTop || plain.awaited);
      return result;
    }
  }
  const path = pathBetween(outermost.node, top);
  let awaited = awaitedAtTop;
  // Set once the climb has left a callback for the call that runs it: a try that then holds that call unawaited
  // never sees the callback's errors (`items.forEach(async (item) => …)`), and is no unawaited try of the call.
  let leftCallback = fromCallback;
  for (let index = path.length - 2; index >= 0; index--) {
    const { type, node } = path[index];
    if (rules.scopeBoundaries.has(type)) {
      result.scopeEnd ??= node.endIndex;
      const runner = rules.callbackRunner?.(node);
      if (!runner || !(rules.callbackCarries?.(node, path.slice(index + 1), awaited) ?? true)) break;
      const at = path.findIndex((step) => step.node.equals(runner.call));
      if (at === -1) {
        // A function defined first and passed by name (`def _upload(…)` … `storage.process_file(path, _upload)`):
        // the climb goes on from that call, when the same outermost try holds it.
        if (!contains(outermost.node, runner.call)) break;
        const rest = enclosingTries(rules, source, outermost, runner.call, runner.settled, handlersOf, handlesErrors, true);
        result.tries.push(...rest.tries);
        return result;
      }
      index = at;
      awaited = runner.settled;
      leftCallback = true;
      continue;
    }
    if (rules.isAwait?.(path[index])) awaited = true;
    if (handlesErrors(node) && rules.isTryBody(path[index + 1])) {
      if (leftCallback && !awaited) break;
      add(handlersOf(node, path[index + 1].node), awaited);
    }
  }
  return result;
}

/** The pattern of a variable's uses (not as a property name), made once per name. */
function usePattern(usePatterns: Map<string, RegExp>, variable: string): RegExp {
  let pattern = usePatterns.get(variable);
  if (!pattern) {
    pattern = new RegExp(`(?<![\\w$.])${variable.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
    usePatterns.set(variable, pattern);
  }
  return pattern;
}

/** The uses of a stored result's variable in its scope. */
function* usesOf(rules: LanguageRules, statements: TopLevelStatements, source: SourceText, usePatterns: Map<string, RegExp>, stored: { name: string; from: number; to: number }): Generator<SyntaxNode> {
  for (const match of matchesIn(usePattern(usePatterns, stored.name), source, { start: stored.from, end: stored.to })) {
    const use = statements.namedDescendant(match.index, match.index);
    // Strings, comments and property names are no use of the variable.
    if (use && use.startIndex === match.index && rules.variableUseTypes.has(use.type)) yield use;
  }
}

/**
 * The await that settles a stored call result, when the variable's only use is that await: a rejection (or a
 * Python coroutine's exception) then surfaces there, and a try around the await is what protects the call.
 * Any other use (passed on, returned, awaited twice, reassigned) lets it escape, and the call stays unhandled.
 */
function onlyAwaitOf(rules: LanguageRules, statements: TopLevelStatements, source: SourceText, usePatterns: Map<string, RegExp>, top: SyntaxNode): SyntaxNode | undefined {
  // An await of the stored value follows the call inside its statement; without one, no tree walk is needed.
  if (!statements.awaitFollows(top.startIndex)) return undefined;
  const stored = rules.storedResult(top);
  if (!stored) return undefined;
  let awaited: SyntaxNode | undefined;
  for (const use of usesOf(rules, statements, source, usePatterns, stored)) {
    if (awaited) return undefined;
    awaited = rules.awaitOf(use);
    if (!awaited) return undefined;
  }
  return awaited;
}

/**
 * The one use of a stored call result, when it has exactly one: `request` in `await expect(request).rejects…`,
 * where the test framework settles what the call raises.
 */
function onlyUseOf(rules: LanguageRules, statements: TopLevelStatements, source: SourceText, usePatterns: Map<string, RegExp>, top: SyntaxNode): SyntaxNode | undefined {
  const stored = rules.storedResult(top);
  if (!stored) return undefined;
  let only: SyntaxNode | undefined;
  for (const use of usesOf(rules, statements, source, usePatterns, stored)) {
    if (only) return undefined;
    only = use;
  }
  return only;
}

/**
 * A stored result that a try holds unawaited, when its first use settles it (an await of it or of a method on
 * it) and every use lies in that same try: the rejection surfaces inside the try before anything else reads it,
 * so the try protects the call. The node that settles it, else undefined.
 */
function settledInSameTry(rules: LanguageRules, statements: TopLevelStatements, source: SourceText, usePatterns: Map<string, RegExp>, top: SyntaxNode): SyntaxNode | undefined {
  if (!rules.settledAt) return undefined;
  const stored = rules.storedResult(top);
  let tryBody: SyntaxNode | undefined;
  for (let node = top.parent; node && !tryBody; node = node.parent) if (node.parent?.type === 'try_statement' && node.parent.childForFieldName('body')?.equals(node)) tryBody = node;
  if (!stored || !tryBody) return undefined;
  let settled: SyntaxNode | undefined;
  let first = true;
  for (const use of usesOf(rules, statements, source, usePatterns, stored)) {
    if (use.startIndex < tryBody.startIndex || use.endIndex > tryBody.endIndex) return undefined;
    if (first) settled = rules.settledAt(use);
    if (!settled) return undefined;
    first = false;
  }
  return settled;
}

/**
 * A stream helper (JS `runs.stream()`, `runTools()`) starts its request on its own and reports a failure as an
 * 'error' event: to its listeners, else to a pending `done()` / `final…()` promise or `for await` loop, else as
 * an unhandled rejection. So a try around the call catches none of it. 'listened' when an 'error' listener is
 * chained on the call or registered on the variable holding it; otherwise the first read of that variable that
 * settles it (an await of `done()` / `final…()`, a `for await` over it), whose enclosing try is what protects
 * the call (or the read of the call itself: `for await (… of helper())`); listeners for other events registered
 * before it change nothing. Undefined when nothing settles it (returned, passed on, or only listened to).
 */
function eventStreamProtection(rules: LanguageRules, streams: EventStreamRules, statements: TopLevelStatements, source: SourceText, usePatterns: Map<string, RegExp>, call: SyntaxNode): 'listened' | SyntaxNode | undefined {
  const chain = streams.chained(call);
  if (chain.errorListener) return 'listened';
  const stored = streams.variable(chain.top);
  // Not kept: read where it stands (`for await (… of helper())`, `await helper().done()`), or not at all.
  if (!stored) return rules.settledAt?.(chain.top);
  let settled: SyntaxNode | undefined;
  for (const use of usesOf(rules, statements, source, usePatterns, stored)) {
    const listener = streams.listenerAt(use);
    if (listener === 'error') return 'listened';
    if (listener || settled) continue;
    settled = rules.settledAt?.(use);
    if (!settled) return undefined;
  }
  return settled;
}

/** What one callee text is: its SDK flavour, its one-line form for messages, and the messages built for it. */
interface Callee {
  sdk: SdkFlavour;
  /** The callee as written, on one line (`client.chat\n  .completions` → `client.chat.completions`). */
  shown: string;
  /** Its client validates responses strictly (so APIResponseValidationError can be raised). */
  strict: boolean;
  messages: Map<string, string>;
  /** Partial-handling messages by what escapes (coverage answers are shared per handler shape, so are their arrays). */
  partialMessages: Map<readonly string[], string>;
}

/** The call a candidate stands for, and what its callee is; undefined when it is not an OpenAI call. */
function resolveCandidate(rules: LanguageRules, tree: TreeSitter.Tree, statements: TopLevelStatements, tryStatements: TryStatements, source: SourceText, classify: (calleeText: string) => Callee | undefined, candidate: CandidateCall): { call: SyntaxNode; calleeText: string; callee: Callee } | undefined {
  const { calleeStart, calleeEnd } = candidate;
  if (calleeStart !== undefined) {
    // The callee is known from the text: classify it before touching the tree, then look up only the call,
    // from the try around it when there is one (a lookup from the root scans all top-level statements first).
    const calleeText = source.slice(calleeStart, calleeEnd);
    const callee = classify(calleeText);
    if (!callee) return undefined;
    const outermost = tryStatements.outermostAround(calleeStart, calleeEnd + 1);
    const call = outermost ? outermost.node.namedDescendantForIndex(calleeStart, calleeEnd + 1) : statements.namedDescendant(calleeStart, calleeEnd + 1);
    return call && call.startIndex === calleeStart && call.type === rules.callType ? { call, calleeText, callee } : undefined;
  }
  const call = rules.callAround(tree, candidate.nameOffset);
  if (!call) return undefined;
  const calleeText = source.slice(call.startIndex, calleeEnd);
  const callee = classify(calleeText);
  return callee ? { call, calleeText, callee } : undefined;
}

/** A message for a callee, built once per callee and kind. */
function messageFor(callee: Callee, kind: string, build: () => string): string {
  let message = callee.messages.get(kind);
  if (message === undefined) {
    message = build();
    callee.messages.set(kind, message);
  }
  return message;
}

/**
 * A callee as messages show it: without the line breaks and indentation of a chain written over several lines,
 * but with one space kept between two words (`(await this.session).chat.completions.create`).
 */
export function compactCallee(calleeText: string): string {
  return calleeText.replace(/\s+/g, (space: string, offset: number, text: string) => (/[\w$]/.test(text.charAt(offset - 1)) && /[\w$]/.test(text.charAt(offset + space.length)) ? ' ' : ''));
}

export function findUnprotectedCalls(rules: LanguageRules, tree: TreeSitter.Tree, source: SourceText, bindings: FileBindings, region?: OffsetRegion): LocatedFinding[] {
  const findings: LocatedFinding[] = [];
  // A call is identified by where its argument list opens: no two calls share that parenthesis.
  const seenCalls = new Set<number>();
  // The same callees recur across a file; each is classified once.
  const classified = new Map<string, Callee | undefined>();
  const classify = (calleeText: string): Callee | undefined => {
    if (!classified.has(calleeText)) {
      const sdk = rules.classifyCallee(calleeText, bindings);
      const strict = sdk !== undefined && (rules.validatesStrictly?.(calleeText, bindings) ?? false);
      const target = sdk && rules.boundTarget?.(calleeText, bindings);
      const written = compactCallee(calleeText);
      const shown = target ? `${written} (${target})` : written;
      classified.set(calleeText, sdk && { sdk, shown, strict, messages: new Map(), partialMessages: new Map() });
    }
    return classified.get(calleeText);
  };
  const root = tree.rootNode;
  const checkedTries = new Set<number>();
  const tryHandlers = new Map<number, TryHandlers | undefined>();
  const contexts = rules.handlingContexts?.(tree, source, bindings) ?? new Map<number, HandlingContext>();
  const handlersOf = (tryNode: SyntaxNode, body: SyntaxNode): TryHandlers | undefined => {
    if (!tryHandlers.has(tryNode.startIndex)) {
      const context = contexts.get(tryNode.startIndex);
      // A handling `with` catches what its context manager's try does; that try's own order is checked where it stands.
      const handlers = context ? rules.tryHandlers(context.handler, body, bindings) : rules.tryHandlers(tryNode, body, bindings);
      tryHandlers.set(tryNode.startIndex, handlers && context ? { ...handlers, tryNode, ordered: [] } : handlers);
    }
    return tryHandlers.get(tryNode.startIndex);
  };
  const handlesErrors = (node: SyntaxNode): boolean => node.type === 'try_statement' || (contexts.get(node.startIndex)?.statement.equals(node) ?? false);
  const tryStatements = new TryStatements(root, source, region, [...contexts.values()].map((context) => context.statement));
  const statements = new TopLevelStatements(root, source);
  const usePatterns = new Map<string, RegExp>();
  const expectedFailures = new ExpectedFailures(rules.expectedFailures, tree, source, rules.scopeBoundaries, region);
  for (const candidate of candidateCalls(rules, source, bindings, region)) {
    if (seenCalls.has(candidate.calleeEnd)) continue;
    const resolved = resolveCandidate(rules, tree, statements, tryStatements, source, classify, candidate);
    if (!resolved) continue;
    const { call, calleeText, callee } = resolved;
    const { sdk, shown } = callee;
    seenCalls.add(candidate.calleeEnd);
    if (isStubbedAt(bindings, calleeText, call.startIndex) || isForeignAt(bindings, calleeText, call.startIndex)) continue;
    const site = rules.callSite(call, calleeText, sdk, candidate.calleeEnd, source);
    const outcome = rules.promiseOutcome?.(site, source) ?? { handled: false, top: call, awaited: site.awaited };
    if (outcome.handled) continue;

    let outermost = tryStatements.outermostAround(outcome.top.startIndex, outcome.top.endIndex);
    let enclosing: EnclosingTries;
    if (site.eventStream && rules.eventStreams) {
      const protection = eventStreamProtection(rules, rules.eventStreams, statements, source, usePatterns, call);
      if (protection === 'listened') continue;
      if (protection) {
        outermost = tryStatements.outermostAround(protection.startIndex, protection.endIndex);
        enclosing = enclosingTries(rules, source, outermost, protection, true, handlersOf, handlesErrors);
      } else enclosing = { tries: [], skippedUnawaitedTry: false, scopeEnd: undefined };
    } else enclosing = enclosingTries(rules, source, outermost, outcome.top, outcome.awaited, handlersOf, handlesErrors);
    if (enclosing.tries.length === 0 && !outermost && !site.eventStream && rules.callbackRunner) {
      // No try in the function around the call: a local function passed by name (or called) in a try after it.
      const fn = ancestorOfType(call, rules.scopeBoundaries);
      const runner = fn && rules.callbackRunner(fn);
      if (runner && !contains(runner.call, fn)) enclosing = enclosingTries(rules, source, tryStatements.outermostAround(runner.call.startIndex, runner.call.endIndex), runner.call, runner.settled, handlersOf, handlesErrors, true);
    }
    if (enclosing.tries.length === 0 && !site.eventStream) {
      const awaited = onlyAwaitOf(rules, statements, source, usePatterns, outcome.top);
      if (awaited) {
        outermost = tryStatements.outermostAround(awaited.startIndex, awaited.endIndex);
        enclosing = enclosingTries(rules, source, outermost, awaited, true, handlersOf, handlesErrors);
      }
    }
    if (enclosing.tries.length === 0 && rules.enteredAt && rules.opensWhenEntered?.(calleeText)) {
      // Built here and entered later (`stream = ….with_streaming_response.create(…)`, then `async with stream`
      // in a try): the request, and its failure, happen where it is entered.
      const use = onlyUseOf(rules, statements, source, usePatterns, outcome.top);
      const entered = use && rules.enteredAt(use);
      if (entered) {
        outermost = tryStatements.outermostAround(entered.startIndex, entered.endIndex);
        enclosing = enclosingTries(rules, source, outermost, entered, true, handlersOf, handlesErrors);
      }
    }
    if (enclosing.tries.length === 0 && enclosing.skippedUnawaitedTry && !site.eventStream) {
      const settled = settledInSameTry(rules, statements, source, usePatterns, outcome.top);
      if (settled) enclosing = enclosingTries(rules, source, tryStatements.outermostAround(settled.startIndex, settled.endIndex), settled, true, handlersOf, handlesErrors);
    }
    const { tries, skippedUnawaitedTry, scopeEnd } = enclosing;

    const handlers: HandlerCatch[] = [];
    for (const t of tries) for (const handler of t.handlers) handlers.push(handler.caught);
    const covered = coverage(site.sdk, handlers, callee.strict);
    // Escaping errors are what a test that expects the call (or the one use of its stored result) to fail is about.
    const expectedToFail = (): boolean => {
      if (expectedFailures.covers(call)) return true;
      const use = onlyUseOf(rules, statements, source, usePatterns, outcome.top);
      return use !== undefined && expectedFailures.covers(use);
    };
    if ((!covered.catchesSome || covered.escaping.length > 0) && expectedToFail()) continue;
    if (!covered.catchesSome) {
      const notAwaited = skippedUnawaitedTry && tries.length === 0;
      const message = site.eventStream ? messageFor(callee, 'event-stream', () => eventStreamMessage(shown))
        : notAwaited ? messageFor(callee, 'not-awaited', () => notAwaitedMessage(shown)) : messageFor(callee, 'unhandled', () => unhandledCallMessage(shown, sdk));
      findings.push(finding('unhandled-call', site, shown, message, call.startIndex, call.endIndex));
      continue;
    }
    const escaping = covered.escaping;
    if (escaping.length > 0) {
      let message = callee.partialMessages.get(escaping);
      if (message === undefined) {
        message = partialHandlingMessage(shown, escaping, sdk);
        callee.partialMessages.set(escaping, message);
      }
      findings.push({ rule: 'partial-handling', severity: 'warning', message, call: shown, sdk, start: call.startIndex, end: call.endIndex, escaping: [...escaping] });
    } else if (site.stream !== undefined) {
      const end = scopeEnd ?? (outermost ? scopeEndAbove(outermost.node, rules.scopeBoundaries) : root.endIndex);
      const loops = site.stream ? loopsOver(rules, end, site.stream, source, tree, call.endIndex) : [];
      if (loops.some((loop) => !tries.some((t) => contains(t.body, loop)))) {
        findings.push(finding('unhandled-call', site, shown, streamIteratedOutsideMessage(shown), call.startIndex, call.endIndex));
      } else if (streamHandedOn(rules, statements, source, call, site.stream, end, site.stream === null ? outermost?.node : undefined)) {
        findings.push({ ...finding('unhandled-call', site, shown, messageFor(callee, 'handed-on', () => streamHandedOnMessage(shown)), call.startIndex, call.endIndex), streamHandedOn: true });
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
