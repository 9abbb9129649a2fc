// Reads a file's summary for the workspace index from its syntax tree: functions (named and anonymous) with
// their ranges, try statements with what they catch, call sites (from the text, each judged against those
// ranges without further tree walks), imports, exports and re-exports, the variables holding instances of
// classes, and the names bound to OpenAI clients.
// Like the detectors, it finds candidates with text patterns and asks the tree only at those places.
import type { FileBindings } from '../analysis/bindings';
import type { Detector, LocatedFinding } from '../analysis/detector';
import type { HandlerCatch } from '../analysis/handlerCoverage';
import type { LineIndex } from '../analysis/lineIndex';
import type { SourceText } from '../analysis/sourceText';
import { ancestorOfType, lineStartMatchesIn, matchesIn, namedNodeAt, type SyntaxNode } from '../analysis/syntax';
import { isAsyncFunction } from '../analysis/jsNodeTypes';
import type { TreeSitter } from '../analysis/treeSitter';
import { nodeClientClasses, pythonClientClasses } from '../sdk/callShapes';
import type { SourceLanguage } from '../types';
import type { CallSiteSummary, FileSummary, FunctionSummary, ImportSummary, ReExportSummary } from './summary';
import { isDuckTyped, packPosition } from './summary';

interface Span {
  start: number;
  end: number;
}

interface FunctionSpan extends Span {
  name: string;
  nameOffset: number;
  /** Kept while summarising, to read parameters, decorators and the call a callback is passed to when needed. */
  node: SyntaxNode;
}

interface TrySpan extends Span {
  body: Span;
  handlers: HandlerCatch[];
}

/** Words followed by `(` that are no call of a project function (keywords, and builtins no project defines). */
const notCalls: Record<'python' | 'js', ReadonlySet<string>> = {
  python: new Set(['if', 'elif', 'while', 'for', 'in', 'and', 'or', 'not', 'return', 'yield', 'await', 'assert', 'del', 'with',
    'except', 'print', 'len', 'str', 'int', 'float', 'bool', 'list', 'dict', 'set', 'tuple', 'isinstance', 'super', 'range',
    'enumerate', 'zip', 'getattr', 'setattr', 'hasattr', 'type', 'sorted', 'min', 'max', 'sum', 'any', 'all', 'open', 'lambda', 'def', 'class']),
  js: new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'typeof', 'function', 'await', 'yield', 'new', 'super', 'require',
    'import', 'void', 'delete', 'in', 'of', 'instanceof', 'class', 'constructor', 'String', 'Number', 'Boolean', 'Array', 'Object',
    'JSON', 'Promise', 'setTimeout', 'console', 'parseInt', 'parseFloat', 'isNaN']),
};

const whitespace = /\s/;
function isWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code > 127 && whitespace.test(String.fromCharCode(code)));
}

function isWordCode(code: number, kind: 'python' | 'js'): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || (code === 36 && kind === 'js');
}

/**
 * The start of the word ending just before `end`, when it is a name (no leading digit), else -1. A JS private
 * name keeps its `#` (`this.#fetch(` calls `#fetch`, as its definition is named), so it never matches a public one.
 */
function nameStartBefore(text: string, end: number, kind: 'python' | 'js'): number {
  let start = end;
  while (start > 0 && isWordCode(text.charCodeAt(start - 1), kind)) start--;
  const first = text.charCodeAt(start);
  if (start === end || (first >= 48 && first <= 57)) return -1;
  return kind === 'js' && start > 0 && text.charCodeAt(start - 1) === 35 ? start - 1 : start;
}

interface CallWordMatch {
  /** Where the receiver chain (or the name, without one) starts. */
  start: number;
  name: string;
  nameOffset: number;
  /** The receiver chain without spaces, `?` and the last dot (`self.client`), or ''. */
  qualifier: string;
}

/**
 * The named call whose arguments open at `open`, read backwards: its name and dotted receiver chain (`a . b?.c(`
 * in JS; `c?.(` too). A chain after a call (`f().g(`) or after another dot is none. Reading back from each `(`
 * touches a few characters per call, where a pattern run over the text tries every word.
 */
export function callWordAt(text: string, open: number, kind: 'python' | 'js'): CallWordMatch | undefined {
  let end = open;
  while (end > 0 && isWhitespace(text.charCodeAt(end - 1))) end--;
  if (kind === 'js' && text.charCodeAt(end - 1) === 46 && text.charCodeAt(end - 2) === 63) {
    for (end -= 2; end > 0 && isWhitespace(text.charCodeAt(end - 1)); ) end--;
  }
  const nameOffset = nameStartBefore(text, end, kind);
  if (nameOffset < 0) return undefined;
  // Each name of the chain, left of the one before: `a . b?.c` gives the starts of c, b, a.
  const starts = [nameOffset];
  for (let at = nameOffset; ; ) {
    let dot = at;
    while (dot > 0 && isWhitespace(text.charCodeAt(dot - 1))) dot--;
    if (text.charCodeAt(dot - 1) !== 46) break;
    let wordEnd = dot - 1;
    if (kind === 'js' && text.charCodeAt(wordEnd - 1) === 63) wordEnd--;
    while (wordEnd > 0 && isWhitespace(text.charCodeAt(wordEnd - 1))) wordEnd--;
    const wordStart = nameStartBefore(text, wordEnd, kind);
    if (wordStart < 0) break;
    starts.push(wordStart);
    at = wordStart;
  }
  // The leftmost start not glued to a word or a dot, as a search from the left would find it.
  for (let index = starts.length - 1; index >= 0; index--) {
    const before = text.charCodeAt(starts[index] - 1);
    if (starts[index] > 0 && (isWordCode(before, kind) || before === 46)) continue;
    const name = text.slice(nameOffset, end);
    const qualifier = index === 0 ? '' : text.slice(starts[index], nameOffset).replace(/\s+|\?/g, '').slice(0, -1);
    return { start: starts[index], name, nameOffset, qualifier };
  }
  return undefined;
}
const definitionBefore = { python: /\b(?:def|class)\s+$/, js: /(?:\bfunction\s*\*?|\bclass|\bnew|\bget|\bset|\.\.\.)\s*$/ };
/** A construction: `Llm(` in Python (a capitalised call), `new Llm(` in JS/TS; group 1 is the class. */
const constructionPattern = {
  python: /(?<![\w.])([A-Z]\w*)[ \t]*\(/g,
  js: /(?<![\w$.])new[ \t]+([A-Z][\w$]*)[ \t]*[(<]/g,
};
/** Before a construction on its line: the variable or attribute it is stored in (group 2; JS group 1 is the keyword or modifiers). */
const holderBefore = {
  python: /^[ \t]*()((?:self\.)?[A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:await[ \t]+)?$/,
  js: /(?:(\b(?:const|let|var)[ \t]+)|^([ \t]*(?:(?:private|public|protected|readonly|static)[ \t]+)*)|(?<![\w$.]))((?:this\.)?#?[A-Za-z_$][\w$]*)[ \t]*!?[ \t]*(?::[^=\n]*)?=[ \t]*(?:await[ \t]+)?$/,
};
/** A construction's arguments (one line, no nested parentheses) and the method called on the new instance. */
const methodAfterArguments = {
  python: /^\([^()\n]*\)\s*\.\s*([A-Za-z_]\w*)\s*\(/,
  js: /^\([^()\n]*\)\s*\)?\s*\.\s*([A-Za-z_$][\w$]*)\s*\(/,
};
const commentStart = { python: '#', js: '//' };

const sdkClientClasses: ReadonlySet<string> = new Set([...pythonClientClasses, ...nodeClientClasses]);
const pythonFunctionWords = /\b(?:def|lambda)\b/g;
const jsFunctionWords = /\bfunction\b|=>/g;
const classWords = /\bclass\b/g;
const tryWords = /\btry\b/g;

const pythonFunctionTypes = new Set(['function_definition', 'lambda']);
const jsFunctionTypes = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'generator_function_declaration', 'generator_function', 'method_definition']);
const classTypes = new Set(['class_definition', 'class_declaration', 'class', 'abstract_class_declaration']);

function family(language: SourceLanguage): 'python' | 'js' {
  return language === 'python' ? 'python' : 'js';
}

/** A JS function's own name, or the name it is stored under (`const ask = async () =>`, `{ ask: function () {} }`). */
function jsFunctionName(fn: SyntaxNode): { name: string; nameOffset: number } {
  const own = fn.childForFieldName('name');
  if (own) return { name: own.text, nameOffset: own.startIndex };
  const parent = fn.parent;
  let nameNode: SyntaxNode | null = null;
  if (parent?.type === 'variable_declarator') nameNode = parent.childForFieldName('name');
  else if (parent?.type === 'pair') nameNode = parent.childForFieldName('key');
  else if (parent?.type === 'assignment_expression') {
    const left = parent.childForFieldName('left');
    nameNode = left?.type === 'member_expression' ? left.childForFieldName('property') : left ?? null;
  } else if (parent?.type === 'public_field_definition' || parent?.type === 'field_definition') {
    nameNode = parent.childForFieldName('name') ?? parent.childForFieldName('property');
  }
  return nameNode && /^#?[\w$]+$/.test(nameNode.text) ? { name: nameNode.text, nameOffset: nameNode.startIndex } : { name: '', nameOffset: fn.startIndex };
}

const argumentLists = new Set(['arguments', 'argument_list']);

/** For a function passed as an argument (`wrap(() => …)`, `run(callback=lambda: …)`), where the called name starts. */
function calleeOfArgument(fn: SyntaxNode): number {
  let list = fn.parent;
  if (list?.type === 'keyword_argument') list = list.parent;
  const call = list && argumentLists.has(list.type) ? list.parent : null;
  const callee = call?.childForFieldName('function');
  if (!callee) return -1;
  const name = callee.type === 'member_expression' ? callee.childForFieldName('property') : callee.type === 'attribute' ? callee.childForFieldName('attribute') : callee;
  return name?.startIndex ?? -1;
}

/** The names a function's parameter list binds (`(a, b=1, *args, **kw)`, `({ x }, y: T)` gives y), roughly read. */
function parameterNames(fn: SyntaxNode): string[] {
  const text = (fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter'))?.text ?? '';
  const inner = text.replace(/^\s*\(|\)\s*$/g, '');
  return inner.split(',').map((part) => /^\s*(?:\*{1,2}|\.\.\.)?\s*([A-Za-z_$][\w$]*)/.exec(part)?.[1] ?? '').filter((name) => name && name !== 'self' && name !== 'cls');
}

/** `@handle_errors` and `@handle_errors(…)` over a definition (dotted decorators are not followed). */
function decoratorNames(decorated: SyntaxNode): string[] {
  const names: string[] = [];
  for (const child of decorated.namedChildren) {
    if (child?.type !== 'decorator') continue;
    const name = /^@\s*([A-Za-z_]\w*)\s*(?:\(|$)/.exec(child.text)?.[1];
    if (name) names.push(name);
  }
  return names;
}

function functionSpans(tree: TreeSitter.Tree, source: SourceText, language: SourceLanguage): FunctionSpan[] {
  const spans = new Map<number, FunctionSpan>();
  const python = language === 'python';
  const types = python ? pythonFunctionTypes : jsFunctionTypes;
  const add = (node: SyntaxNode): void => {
    if (spans.has(node.startIndex)) return;
    const named = python ? node.childForFieldName('name') : null;
    const { name, nameOffset } = python ? { name: named?.text ?? '', nameOffset: named?.startIndex ?? node.startIndex } : jsFunctionName(node);
    spans.set(node.startIndex, { start: node.startIndex, end: node.endIndex, name, nameOffset, node });
  };
  for (const match of matchesIn(python ? pythonFunctionWords : jsFunctionWords, source)) {
    const node = ancestorOfType(namedNodeAt(tree, match.index), types, 2);
    if (node) add(node);
  }
  if (!python) {
    // Methods have no keyword of their own: read them from the class bodies.
    for (const match of matchesIn(classWords, source)) {
      const body = ancestorOfType(namedNodeAt(tree, match.index), classTypes, 1)?.childForFieldName('body');
      for (const member of body?.namedChildren ?? []) if (member?.type === 'method_definition') add(member);
    }
  }
  return [...spans.values()].sort((a, b) => a.start - b.start || b.end - a.end);
}

function classSpans(tree: TreeSitter.Tree, source: SourceText): (Span & { name: string; bases: string[] })[] {
  const classes: (Span & { name: string; bases: string[] })[] = [];
  for (const match of matchesIn(classWords, source)) {
    const node = ancestorOfType(namedNodeAt(tree, match.index), classTypes, 1);
    const name = node?.childForFieldName('name')?.text;
    if (node && name && node.startIndex <= match.index) classes.push({ start: node.startIndex, end: node.endIndex, name, bases: classBases(node) });
  }
  return classes;
}

/** The names a class extends, as written: Python's superclasses (not `metaclass=`), JS/TS `extends`. */
function classBases(node: SyntaxNode): string[] {
  const superclasses = node.childForFieldName('superclasses');
  if (superclasses) return superclasses.namedChildren.filter((base) => base?.type === 'identifier' || base?.type === 'attribute').map((base) => base?.text ?? '');
  const heritage = node.namedChildren.find((child) => child?.type === 'class_heritage');
  const extended = heritage ? /\bextends\s+([A-Za-z_$][\w$.]*)/.exec(heritage.text)?.[1] : undefined;
  return extended ? [extended] : [];
}

function trySpans(tree: TreeSitter.Tree, source: SourceText, detector: Detector, bindings: FileBindings): TrySpan[] {
  const tries: TrySpan[] = [];
  for (const match of matchesIn(tryWords, source)) {
    const node = tree.rootNode.namedDescendantForIndex(match.index);
    if (node?.type !== 'try_statement' || node.startIndex !== match.index) continue;
    const body = node.childForFieldName('body');
    if (!body) continue;
    const handlers = detector.tryHandlers(node, body, bindings)?.handlers.map((handler) => handler.caught) ?? [];
    tries.push({ start: node.startIndex, end: node.endIndex, body: { start: body.startIndex, end: body.endIndex }, handlers });
  }
  // A `with` whose context manager catches errors in its block protects the calls there, as a try would.
  const contexts = detector.handlingContexts(tree, source, bindings);
  if (contexts.size === 0) return tries;
  for (const { statement, handler } of contexts.values()) {
    const body = statement.childForFieldName('body');
    if (!body) continue;
    const handlers = detector.tryHandlers(handler, body, bindings)?.handlers.map((caught) => caught.caught) ?? [];
    tries.push({ start: statement.startIndex, end: statement.endIndex, body: { start: body.startIndex, end: body.endIndex }, handlers });
  }
  return tries.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The index of the innermost span containing `offset` in a start-sorted list of properly nested spans. */
class NestingSweep<T extends Span> {
  private readonly open: number[] = [];
  private next = 0;
  constructor(private readonly spans: readonly T[]) {}

  /** The spans around `offset`, outermost first (offsets must be asked in increasing order). */
  around(offset: number): number[] {
    while (this.open.length > 0 && this.spans[this.open[this.open.length - 1]].end <= offset) this.open.pop();
    while (this.next < this.spans.length && this.spans[this.next].start <= offset) {
      const index = this.next++;
      while (this.open.length > 0 && this.spans[this.open[this.open.length - 1]].end <= this.spans[index].start) this.open.pop();
      if (this.spans[index].end > offset) this.open.push(index);
    }
    return this.open;
  }
}

/** Where the argument list opened at `open` closes (strings skipped roughly), or -1. */
function closingParen(source: SourceText, open: number): number {
  const { text, base } = source.window(open, open + 4000);
  let depth = 0;
  let quote = '';
  for (let index = open - base; index < text.length; index++) {
    const ch = text[index];
    if (quote) {
      if (ch === '\\') index++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return index + base;
  }
  return -1;
}

const awaitBefore = /\bawait\s*\(?\s*$/;
/** Before a call whose result is iterated where it stands (see CallSiteSummary.iterated). */
const iteratedBefore = {
  python: /(?:\bin|\byield[ \t]+from|\b(?:list|tuple|set|sorted|next|iter|join|enumerate)[ \t]*\()[ \t]*$/,
  js: /(?:\bof|\byield[ \t]*\*|\.\.\.|\bArray\.from[ \t]*\()[ \t]*$/,
};
const catchAfter = /^\s*\??\.\s*catch\s*\(/;

interface CallWord {
  name: string;
  nameOffset: number;
  qualifier: string;
  /** Where the callee's text starts (its receiver chain, or `new`). */
  chain: number;
  /** The `(` that opens the call's arguments. */
  open: number;
}

/**
 * The calls of a file in text order: named calls with their receiver chains, merged with the methods of in-place
 * instances (already in text order), without collecting them first.
 */
function* callWords(source: SourceText, kind: 'python' | 'js', definitions: ReadonlySet<number>, inPlace: readonly CallWord[]): Generator<CallWord> {
  const accepted = (name: string, nameOffset: number): boolean => {
    if (notCalls[kind].has(name) || definitions.has(nameOffset)) return false;
    const prefix = source.linePrefix(nameOffset);
    return !prefix.includes(commentStart[kind]) && !definitionBefore[kind].test(prefix);
  };
  let next = 0;
  const text = source.toString();
  for (let open = text.indexOf('('); open !== -1; open = text.indexOf('(', open + 1)) {
    const match = callWordAt(text, open, kind);
    if (!match) continue;
    const { name, nameOffset, qualifier } = match;
    for (; next < inPlace.length && inPlace[next].nameOffset < nameOffset; next++) if (accepted(inPlace[next].name, inPlace[next].nameOffset)) yield inPlace[next];
    if (!accepted(name, nameOffset)) continue;
    yield { name, nameOffset, qualifier, chain: match.start, open };
  }
  for (; next < inPlace.length; next++) if (accepted(inPlace[next].name, inPlace[next].nameOffset)) yield inPlace[next];
}

interface Instances {
  /** See FileSummary.instances; `this.` is written `self.` so both languages match. */
  holders: Record<string, string>;
  /** Methods called on an instance made in place, with the qualifier `Class()`. */
  inPlace: CallWord[];
}

/** Reads the file's constructions once: where each instance is stored, or which method is called on it at once. */
function instancesOf(source: SourceText, kind: 'python' | 'js'): Instances {
  const holders: Record<string, string> = {};
  const inPlace: CallWord[] = [];
  for (const match of matchesIn(constructionPattern[kind], source)) {
    const className = match[1];
    // The SDK's clients are no project class: their methods are the calls the detectors judge.
    if (notCalls[kind].has(className) || sdkClientClasses.has(className)) continue;
    const held = holderBefore[kind].exec(source.linePrefix(match.index));
    if (held) {
      const holder = held[3 - (kind === 'python' ? 1 : 0)].replace(/^this\./, 'self.');
      holders[holder] = className;
      // A class field (`private llm = new Llm()`) is read as `this.llm`.
      if (kind === 'js' && !held[1] && !holder.startsWith('self.')) holders[`self.${holder}`] = className;
      continue;
    }
    // Most constructions are stored or passed on; a method is followed when it is called right after arguments
    // written on one line without nested parentheses (`Llm(model="m").ask(`, `new Llm().ask(`).
    const open = match[0].endsWith('(') ? match.index + match[0].length - 1 : -1;
    const method = open === -1 ? null : methodAfterArguments[kind].exec(source.slice(open, open + 240));
    if (!method) continue;
    const nameOffset = open + method[0].lastIndexOf(method[1]);
    inPlace.push({ name: method[1], nameOffset, qualifier: `${className}()`, chain: match.index, open: open + method[0].length - 1 });
  }
  inPlace.push(...factoryResultCalls(source, kind));
  return { holders, inPlace: inPlace.sort((a, b) => a.nameOffset - b.nameOffset) };
}

/** `).name(`: a method called on what a call returns. */
const callOnResult = /\)[ \t]*\.[ \t]*([A-Za-z_$][\w$]*)[ \t]*\(/g;
/**
 * Methods with a name of their own (see isDuckTyped) called on what a function returns, its arguments on one line
 * without nested parentheses (`get_llm(provider).generate_chat_response(`): the factory may return any provider
 * class, so the call is followed by the method's name, with the factory as its qualifier (`get_llm()`).
 * Constructions (`Llm(…).ask(`) are read by instancesOf.
 */
function factoryResultCalls(source: SourceText, kind: 'python' | 'js'): CallWord[] {
  const found: CallWord[] = [];
  for (const match of matchesIn(callOnResult, source)) {
    if (!isDuckTyped(match[1])) continue;
    const before = source.slice(Math.max(0, match.index - 240), match.index);
    const argumentsOpen = before.lastIndexOf('(');
    if (argumentsOpen === -1 || /[()\n]/.test(before.slice(argumentsOpen + 1))) continue;
    const factory = callWordAt(before, argumentsOpen, kind);
    if (!factory || /^[A-Z]/.test(factory.name) || notCalls[kind].has(factory.name)) continue;
    const qualifier = factory.qualifier ? `${factory.qualifier}.${factory.name}()` : `${factory.name}()`;
    found.push({ name: match[1], nameOffset: match.index + match[0].lastIndexOf(match[1]), qualifier, chain: match.index - before.length + factory.start, open: match.index + match[0].length - 1 });
  }
  return found;
}

/** `name = ` (or `const name = await `) just before a call: the variable the call's result is stored in. */
const storedIn = /(?:^|[^\w$.])([A-Za-z_$][\w$]*)[ \t]*(?::[^=\n]*)?(?<![=!<>])=(?!=)[ \t]*(?:await[ \t]+)?$/;
/** Loops over a plain name: `for x in name:`, `for (const x of name)`. */
const loopOverName = {
  python: /\bfor\b[^\n]*?\bin[ \t]+([A-Za-z_]\w*)[ \t]*:/g,
  js: /\bfor\b[^\n]*?\bof[ \t]+([A-Za-z_$][\w$]*)[ \t]*\)/g,
};

/** Where the file loops over each plain name (ascending offsets), read once per file. */
function loopsOverNames(source: SourceText, kind: 'python' | 'js'): Map<string, number[]> {
  const loops = new Map<string, number[]>();
  for (const match of matchesIn(loopOverName[kind], source)) {
    const offsets = loops.get(match[1]);
    if (offsets) offsets.push(match.index);
    else loops.set(match[1], [match.index]);
  }
  return loops;
}

/** Whether the text just before `chain` ends in `=` (after blanks and an `await`): cheap, before storedIn. */
function assignedBefore(source: SourceText, chain: number): boolean {
  const before = source.slice(Math.max(0, chain - 12), chain).replace(/(?:await)?[ \t]*$/, '');
  return before.endsWith('=') && !/[=!<>]=$/.test(before);
}

/**
 * Whether a call's result, stored in a variable, is iterated by a loop later in the same function and inside
 * the same try body as the call, when the call stands in one (`it = gen(…)` … `async for event in it:`): what
 * the generator raises then surfaces inside that try.
 */
function iteratedLater(source: SourceText, loops: ReadonlyMap<string, number[]>, chain: number, open: number, fn: Span | undefined, tryBody: Span | undefined): boolean {
  if (!fn || loops.size === 0 || !assignedBefore(source, chain)) return false;
  const stored = storedIn.exec(source.slice(Math.max(0, chain - 80), chain))?.[1];
  const offsets = stored === undefined ? undefined : loops.get(stored);
  if (!offsets) return false;
  const end = tryBody ? Math.min(tryBody.end, fn.end) : fn.end;
  return offsets.some((offset) => offset > open && offset < end);
}

function callSites(source: SourceText, language: SourceLanguage, lines: LineIndex, functions: FunctionSpan[], tries: TrySpan[], inPlace: readonly CallWord[], nameOffsets: number[]): CallSiteSummary[] {
  const kind = family(language);
  const definitions = new Set(functions.map((fn) => fn.nameOffset));
  const functionSweep = new NestingSweep(functions);
  const trySweep = new NestingSweep(tries);
  const sites: CallSiteSummary[] = [];
  const loops = loopsOverNames(source, kind);
  const handlerLists = new Map<string, HandlerCatch[]>();
  for (const { name, nameOffset, qualifier, chain, open } of callWords(source, kind, definitions, inPlace)) {
    const openFunctions = functionSweep.around(nameOffset);
    const fn = openFunctions.length > 0 ? openFunctions[openFunctions.length - 1] : -1;
    const fnStart = fn === -1 ? -1 : functions[fn].start;
    const handlers: HandlerCatch[] = [];
    const keys: number[] = [];
    for (const index of trySweep.around(nameOffset)) {
      const span = tries[index];
      if (span.start > fnStart && span.body.start <= nameOffset && nameOffset < span.body.end) {
        handlers.push(...span.handlers);
        keys.push(index);
      }
    }
    // Calls in the same try share one handler list.
    const key = keys.join(',');
    let shared = handlerLists.get(key);
    if (!shared) {
      shared = handlers;
      handlerLists.set(key, shared);
    }
    let awaited = true;
    let settled = false;
    if (kind === 'js') {
      awaited = awaitBefore.test(source.slice(Math.max(0, chain - 40), chain));
      const close = closingParen(source, open);
      settled = close !== -1 && catchAfter.test(source.slice(close + 1, close + 40));
    }
    const site: CallSiteSummary = { name, qualifier, line: lines.lineAt(nameOffset), fn, handlers: shared, awaited, settled };
    if (iteratedBefore[kind].test(source.slice(Math.max(0, chain - 40), chain)) || iteratedLater(source, loops, chain, open, fn === -1 ? undefined : functions[fn], keys.length > 0 ? tries[keys[keys.length - 1]].body : undefined)) {
      // A loop over it (`for await (… of gen())`) settles each step where it stands, as an await does.
      site.iterated = true;
      site.awaited = true;
    }
    sites.push(site);
    nameOffsets.push(nameOffset);
  }
  return sites;
}

function stringValue(node: SyntaxNode | null): string {
  return node?.namedChildren.find((child) => child?.type === 'string_fragment')?.text ?? '';
}

const pythonImportPattern = /^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import|import)[ \t(]/gm;
const importTypes = new Set(['import_statement', 'import_from_statement']);

function pythonImports(tree: TreeSitter.Tree, source: SourceText): ImportSummary[] {
  const imports: ImportSummary[] = [];
  for (const match of lineStartMatchesIn(pythonImportPattern, ['from', 'import'], source)) {
    const node = ancestorOfType(namedNodeAt(tree, match.index + match[0].search(/\S/)), importTypes, 3);
    if (!node) continue;
    if (node.type === 'import_statement') {
      for (const item of node.childrenForFieldName('name')) {
        if (!item) continue;
        const dotted = item.type === 'aliased_import' ? item.childForFieldName('name')?.text ?? '' : item.text;
        const local = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text ?? '' : dotted;
        imports.push({ local, module: dotted, imported: '*' });
      }
      continue;
    }
    const module = node.childForFieldName('module_name')?.text ?? '';
    if (node.namedChildren.some((child) => child?.type === 'wildcard_import')) imports.push({ local: '*', module, imported: '*' });
    for (const item of node.childrenForFieldName('name')) {
      if (!item) continue;
      if (item.type === 'aliased_import') imports.push({ local: item.childForFieldName('alias')?.text ?? '', module, imported: item.childForFieldName('name')?.text ?? '' });
      else imports.push({ local: item.text, module, imported: item.text });
    }
  }
  return imports;
}

const jsImportPattern = /^[ \t]*import\b/gm;
const jsExportPattern = /^[ \t]*export\b/gm;
const requirePattern = /\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;
const commonJsDefault = /^[ \t]*module\.exports[ \t]*=[ \t]*([A-Za-z_$][\w$]*)[ \t]*;?[ \t]*$/gm;
const commonJsNamed = /^[ \t]*(?:module\.)?exports\.([\w$]+)[ \t]*=[ \t]*([A-Za-z_$][\w$]*)[ \t]*;?[ \t]*$/gm;
const commonJsObject = /^[ \t]*module\.exports[ \t]*=[ \t]*\{([^}]*)\}/gm;
/** `module.exports.Handler = { chat, streamChat }`: an object of functions exported under a name. */
const commonJsNamedObject = /^[ \t]*(?:module\.)?exports\.([\w$]+)[ \t]*=[ \t]*\{([^}]*)\}/gm;

/** The functions an object literal's text (`a, b: c`) holds, by key: `{ a: 'a', b: 'c' }`. */
function objectMembers(text: string): [string, string][] {
  const members: [string, string][] = [];
  for (const entry of text.split(',')) {
    const [key, value] = entry.split(':').map((part) => part.trim());
    if (key && /^[\w$]+$/.test(key) && /^[\w$]+$/.test(value ?? key)) members.push([key, value ?? key]);
  }
  return members;
}

function jsImports(tree: TreeSitter.Tree, source: SourceText): ImportSummary[] {
  const imports: ImportSummary[] = [];
  for (const match of lineStartMatchesIn(jsImportPattern, ['import'], source)) {
    const node = ancestorOfType(namedNodeAt(tree, match.index + match[0].search(/\S/)), new Set(['import_statement']), 2);
    if (!node) continue;
    const module = stringValue(node.childForFieldName('source'));
    for (const part of node.namedChildren) {
      if (part?.type !== 'import_clause') continue;
      for (const item of part.namedChildren) {
        if (item?.type === 'identifier') imports.push({ local: item.text, module, imported: 'default' });
        else if (item?.type === 'namespace_import') imports.push({ local: item.namedChild(0)?.text ?? '', module, imported: '*' });
        else if (item?.type === 'named_imports') {
          for (const specifier of item.namedChildren) {
            if (specifier?.type !== 'import_specifier') continue;
            const name = specifier.childForFieldName('name')?.text ?? '';
            imports.push({ local: specifier.childForFieldName('alias')?.text ?? name, module, imported: name });
          }
        }
      }
    }
  }
  for (const match of matchesIn(requirePattern, source)) {
    const call = ancestorOfType(namedNodeAt(tree, match.index), new Set(['call_expression']), 2);
    if (!call) continue;
    const module = match[1];
    let value: SyntaxNode = call;
    let imported = '*';
    if (value.parent?.type === 'member_expression') {
      imported = value.parent.childForFieldName('property')?.text ?? '';
      value = value.parent;
    }
    const declarator = value.parent;
    if (declarator?.type !== 'variable_declarator') continue;
    const name = declarator.childForFieldName('name');
    if (name?.type === 'identifier') imports.push({ local: name.text, module, imported });
    for (const item of name?.type === 'object_pattern' ? name.namedChildren : []) {
      if (item?.type === 'shorthand_property_identifier_pattern') imports.push({ local: item.text, module, imported: item.text });
      if (item?.type === 'pair_pattern') imports.push({ local: item.childForFieldName('value')?.text ?? '', module, imported: item.childForFieldName('key')?.text ?? '' });
    }
  }
  return imports;
}

function declaredNames(declaration: SyntaxNode): string[] {
  if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
    return declaration.namedChildren.flatMap((child) => (child?.type === 'variable_declarator' && child.childForFieldName('name')?.type === 'identifier' ? [child.childForFieldName('name')?.text ?? ''] : []));
  }
  const name = declaration.childForFieldName('name')?.text;
  return name ? [name] : [];
}

function jsExports(tree: TreeSitter.Tree, source: SourceText): { exports: Record<string, string>; reExports: ReExportSummary[] } {
  const exports: Record<string, string> = {};
  const reExports: ReExportSummary[] = [];
  for (const match of lineStartMatchesIn(jsExportPattern, ['export'], source)) {
    const node = ancestorOfType(namedNodeAt(tree, match.index + match[0].search(/\S/)), new Set(['export_statement']), 2);
    if (!node) continue;
    const isDefault = node.children.some((child) => child?.type === 'default');
    const module = stringValue(node.childForFieldName('source'));
    const clause = node.namedChildren.find((child) => child?.type === 'export_clause');
    if (module) {
      if (clause) {
        for (const specifier of clause.namedChildren) {
          if (specifier?.type !== 'export_specifier') continue;
          const name = specifier.childForFieldName('name')?.text ?? '';
          reExports.push({ exported: specifier.childForFieldName('alias')?.text ?? name, imported: name, module });
        }
      } else if (!node.namedChildren.some((child) => child?.type === 'namespace_export')) reExports.push({ exported: '*', imported: '*', module });
      continue;
    }
    if (clause) {
      for (const specifier of clause.namedChildren) {
        if (specifier?.type !== 'export_specifier') continue;
        const name = specifier.childForFieldName('name')?.text ?? '';
        exports[specifier.childForFieldName('alias')?.text ?? name] = name;
      }
      continue;
    }
    const declaration = node.childForFieldName('declaration');
    const names = declaration ? declaredNames(declaration) : [];
    for (const name of names) exports[name] = name;
    // `export const handlers = { chat, stream: streamChat }`: `handlers.stream` is streamChat.
    const value = names.length === 1 ? declaration?.namedChildren.find((child) => child?.type === 'variable_declarator')?.childForFieldName('value') : undefined;
    if (value?.type === 'object') for (const [key, local] of objectMembers(value.text.slice(1, -1))) exports[`${names[0]}.${key}`] = local;
    if (isDefault) {
      const value = node.childForFieldName('value');
      const local = names[0] ?? (value?.type === 'identifier' ? value.text : undefined);
      if (local) exports.default = local;
    }
  }
  for (const match of lineStartMatchesIn(commonJsDefault, ['module'], source)) exports.default = match[1];
  for (const match of lineStartMatchesIn(commonJsNamed, ['module', 'exports'], source)) exports[match[1]] = match[2];
  for (const match of lineStartMatchesIn(commonJsObject, ['module'], source)) for (const [key, local] of objectMembers(match[1])) exports[key] = local;
  for (const match of lineStartMatchesIn(commonJsNamedObject, ['module', 'exports'], source)) {
    for (const [key, local] of objectMembers(match[2])) exports[`${match[1]}.${key}`] = local;
  }
  return { exports, reExports };
}

/** Names a file binds to an OpenAI client, or to a factory that returns one, that another module can import. */
function clientNames(bindings: FileBindings, language: SourceLanguage): string[] {
  const sdkClasses = new Set(language === 'python' ? pythonClientClasses : nodeClientClasses);
  const factories = [...bindings.constructors].filter((name) => !sdkClasses.has(name) && !bindings.moduleAliases.has(name) && !bindings.extraNames.has(name));
  return [...new Set([...bindings.clients, ...factories])];
}

/**
 * The call sites the index can ever resolve: plain calls, `self.`/`this.`/`cls.` methods, and calls qualified by
 * an imported name or a class of the file. Calls on other receivers (`response.json()`, `logger.info()`) are
 * dropped here, which keeps the summaries small.
 */
function resolvable(calls: CallSiteSummary[], imports: readonly ImportSummary[], functions: readonly FunctionSummary[], instances: Readonly<Record<string, string>>): CallSiteSummary[] {
  const roots = new Set<string>();
  const classes = new Set<string>();
  for (const item of imports) roots.add(item.local.split('.')[0]);
  for (const fn of functions) if (fn.className) classes.add(fn.className);
  for (const name of classes) roots.add(name);
  // Instances are followed for the file's own classes only (see WorkspaceIndex.resolveCall).
  const isClass = (name: string): boolean => classes.has(name);
  return calls.filter((site) => {
    const { qualifier } = site;
    if (!qualifier || qualifier === 'self' || qualifier === 'this' || qualifier === 'cls' || roots.has(qualifier.split('.')[0])) return true;
    // Calls of a method with a name of its own on a receiver of unknown type (see isDuckTyped); not on the
    // language's globals or a test's assertions (`expect(x).toHaveBeenCalledTimes(`), which no project class is.
    if (isDuckTyped(site.name)) return !knownRoots.has(qualifier.replace(/\(\)$/, '').split('.')[0]);
    if (qualifier.endsWith('()')) return isClass(qualifier.slice(0, -2));
    const held = instances[qualifier.replace(/^this\./, 'self.')];
    return held !== undefined && isClass(held);
  });
}

/** The node types a called name is, in code (not a string or a docstring that mentions `ask()`). */
const calledNameTypes = new Set(['identifier', 'property_identifier', 'private_property_identifier']);

/** The sites whose name is code: call words are read from the text, and text in strings reads the same. */
function inCode(tree: TreeSitter.Tree, calls: readonly CallSiteSummary[], nameOffsets: readonly number[], kept: CallSiteSummary[]): CallSiteSummary[] {
  if (kept.length === 0) return kept;
  const offsets = new Map(calls.map((site, index) => [site, nameOffsets[index]]));
  return kept.filter((site) => {
    const offset = offsets.get(site);
    return offset === undefined || calledNameTypes.has(namedNodeAt(tree, offset)?.type ?? '');
  });
}

/** Receivers that are the language's globals or a test framework's assertions, never an instance of a project class. */
const knownRoots = new Set(['expect', 'assert', 'assertThat', 'chai', 'sinon', 'jest', 'vi', 'cy', 'document', 'window', 'globalThis', 'navigator',
  'Object', 'Array', 'String', 'Number', 'Math', 'JSON', 'Promise', 'Reflect', 'Date', 'Buffer', 'process', 'console', 'os', 'sys', 'json', 'logging']);

/** Builtins and globals called like functions: never a parameter worth reading the parameter lists for. */
const notParameters = new Set(['repr', 'format', 'next', 'iter', 'map', 'filter', 'round', 'abs', 'hash', 'id', 'vars', 'dir', 'callable',
  'chr', 'ord', 'bytes', 'bytearray', 'frozenset', 'object', 'input', 'exit', 'reversed', 'issubclass', 'globals', 'locals',
  'fetch', 'encodeURIComponent', 'decodeURIComponent', 'structuredClone', 'queueMicrotask', 'setInterval', 'clearTimeout', 'clearInterval']);
/** The index of a value in an ascending list, or -1. */
function sortedIndexOf(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (values[middle] === value) return middle;
    if (values[middle] < value) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

const hasDecorators = /^[ \t]*@/gm;
const decoratorLine = /(?:^|\n)[ \t]*@[^\n]*\n[ \t]*(?:async[ \t]+)?$/;

/**
 * Marks what callbacks need, reading the tree only where it can matter: an anonymous function that holds a call
 * the index follows or an OpenAI finding gets the call it is passed to; a decorated Python function its
 * decorators; a function around a plain call of a name the file does not define or import gets its parameters,
 * and is marked as guarding them when it calls them only inside catch-all handling (`withErrorHandling(fn)`, a
 * decorator's wrapper).
 */
function describeCallbacks(source: SourceText, python: boolean, detector: Detector, spans: readonly FunctionSpan[], functions: FunctionSummary[], calls: readonly CallSiteSummary[], kept: readonly CallSiteSummary[], nameOffsets: readonly number[], raising: ReadonlySet<number>, known: ReadonlySet<string>): void {
  const keptIndex = new Map(kept.map((site, index) => [site, index]));
  const busy = new Set(raising);
  for (const site of kept) if (site.fn !== -1) busy.add(site.fn);
  for (const index of busy) {
    if (spans[index].name) continue;
    const calleeOffset = calleeOfArgument(spans[index].node);
    const site = calleeOffset === -1 ? undefined : calls[sortedIndexOf(nameOffsets, calleeOffset)];
    const argOf = site && keptIndex.get(site);
    if (argOf !== undefined) functions[index].argOf = argOf;
    if (site && site.handlers.length > 0 && (python || site.awaited) && runsInPlace(detector, python, spans[index].node, kept.filter((call) => call.fn === index))) functions[index].runnerHandlers = site.handlers;
  }
  if (python && !lineStartMatchesIn(hasDecorators, ['@'], source).next().done) spans.forEach((span, index) => {
    if (!span.name || !decoratorLine.test(source.slice(Math.max(0, span.start - 200), span.start))) return;
    const decorated = span.node.parent;
    const names = decorated?.type === 'decorated_definition' ? decoratorNames(decorated) : [];
    if (names.length > 0) functions[index].decorators = names;
  });
  const guarded = new Map<number, boolean>();
  const parameters = new Map<number, string[]>();
  const around = new Map<number, number[]>();
  for (const site of calls) {
    // A parameter is called by a lowercase name the file neither defines nor imports, and no builtin.
    if (site.qualifier || site.fn === -1 || known.has(site.name) || notParameters.has(site.name) || /^[A-Z]/.test(site.name)) continue;
    let enclosing = around.get(site.fn);
    if (!enclosing) {
      const inner = spans[site.fn];
      enclosing = [];
      for (let index = site.fn; index >= 0; index--) if (spans[index].start <= inner.start && inner.end <= spans[index].end) enclosing.push(index);
      around.set(site.fn, enclosing);
    }
    const handled = site.settled || site.handlers.some((handler) => handler.catchesAll);
    for (const index of enclosing) {
      let names = parameters.get(index);
      if (!names) parameters.set(index, (names = parameterNames(spans[index].node)));
      if (names.includes(site.name)) guarded.set(index, (guarded.get(index) ?? true) && handled);
    }
  }
  for (const [index, guards] of guarded) if (guards) functions[index].guardsParameters = true;
}

/**
 * Whether the call an anonymous function is passed to runs it in place, with the outcome of the calls the index
 * follows inside it: Python lambdas always hand it out; in JS an expression body does (`() => ask(q)`), and a
 * block body of an async function when those calls are awaited (`async () => { await ask(q); }`).
 */
function runsInPlace(detector: Detector, python: boolean, fn: SyntaxNode, sites: readonly CallSiteSummary[]): boolean {
  if (!detector.callbackRunner(fn)) return false;
  if (python) return true;
  const body = fn.childForFieldName('body');
  return body !== null && (body.type !== 'statement_block' || (isAsyncFunction(fn) && sites.every((site) => site.awaited)));
}

const yieldWord = /\byield\b/g;

/** Marks generator functions: JS `function*` and `*method()`; Python functions with a `yield` of their own. */
function markGenerators(tree: TreeSitter.Tree, source: SourceText, python: boolean, spans: readonly FunctionSpan[], functions: FunctionSummary[]): void {
  if (!python) {
    spans.forEach((span, index) => {
      if (span.node.type.startsWith('generator_') || span.node.children.some((child) => child?.type === '*')) functions[index].generator = true;
    });
    return;
  }
  const sweep = new NestingSweep(spans);
  for (const match of matchesIn(yieldWord, source)) {
    const open = sweep.around(match.index);
    const innermost = open.length > 0 ? open[open.length - 1] : -1;
    if (innermost === -1 || spans[innermost].node.type !== 'function_definition' || functions[innermost].generator) continue;
    // The keyword, not the word in a comment or a docstring ("we yield each chunk").
    if (namedNodeAt(tree, match.index)?.type === 'yield') functions[innermost].generator = true;
  }
}

export interface SummaryInput {
  tree: TreeSitter.Tree;
  source: SourceText;
  language: SourceLanguage;
  lines: LineIndex;
  detector: Detector;
  bindings: FileBindings;
  /** The file's findings, to tell which functions make unprotected OpenAI calls. */
  located: readonly LocatedFinding[];
}

export function summarize({ tree, source, language, lines, detector, bindings, located }: SummaryInput): FileSummary {
  const spans = functionSpans(tree, source, language);
  const classes = classSpans(tree, source);
  const tries = trySpans(tree, source, detector, bindings);
  const instances = instancesOf(source, family(language));
  const nameOffsets: number[] = [];
  const calls = callSites(source, language, lines, spans, tries, instances.inPlace, nameOffsets);
  const pack = (offset: number): number => {
    const position = lines.positionAt(offset);
    return packPosition(position.line, position.character);
  };
  const functions: FunctionSummary[] = spans.map((span) => {
    let className = '';
    for (const cls of classes) if (cls.start <= span.start && span.end <= cls.end) className = cls.name;
    return { name: span.name, className, start: pack(span.start), end: pack(span.end), line: lines.lineAt(span.nameOffset) };
  });
  markGenerators(tree, source, language === 'python', spans, functions);
  const raising = new Set<number>();
  const sweep = new NestingSweep(spans);
  for (const finding of [...located].sort((a, b) => a.start - b.start)) {
    if (finding.rule !== 'unhandled-call' && finding.rule !== 'partial-handling') continue;
    const open = sweep.around(finding.start);
    if (open.length > 0) raising.add(open[open.length - 1]);
  }
  const { exports, reExports } = language === 'python' ? { exports: {}, reExports: [] } : jsExports(tree, source);
  const imports = language === 'python' ? pythonImports(tree, source) : jsImports(tree, source);
  const kept = inCode(tree, calls, nameOffsets, resolvable(calls, imports, functions, instances.holders));
  const known = new Set([...spans.map((span) => span.name), ...imports.map((item) => item.local)]);
  describeCallbacks(source, language === 'python', detector, spans, functions, calls, kept, nameOffsets, raising, known);
  const extending = classes.filter((cls) => cls.bases.length > 0);
  return {
    language,
    functions,
    calls: kept,
    imports,
    reExports,
    exports,
    instances: instances.holders,
    ...(extending.length > 0 ? { classBases: Object.fromEntries(extending.map((cls) => [cls.name, cls.bases])) } : {}),
    clientNames: clientNames(bindings, language),
    raising: [...raising].sort((a, b) => a - b),
  };
}
