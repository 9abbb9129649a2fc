// Clients built on a fake transport answer from the test that built them: `new OpenAI({ fetch: vi.fn(…) })`, a
// `fetch` option that returns a `Response` it makes itself or was given (`fetch: async () => response`, a
// response made by a helper of the file), `OpenAI(http_client=httpx.Client(transport=httpx.MockTransport(
// handler)))` or a transport class of the test's own. Their calls send no request, so no rate limit, timeout or
// connection error can reach them. Only the construction's own text and the definitions of the names it passes
// are read.
import { mockName } from '../sdk/callShapes';
import { jsFunctionTypes, jsParameterName, jsTypeWrappers, jsUnwrapped } from './jsNodeTypes';
import { matchesIn, namedNodeAt, type SyntaxNode } from './syntax';
import type { SourceText } from './sourceText';
import type { TreeSitter } from './treeSitter';

/** A response made on the spot, or a mock function: what a fake `fetch` gives back. */
const fakeAnswer = /\bnew\s+(?:globalThis\s*\.\s*)?Response\s*\(|\bResponse\s*\.\s*json\s*\(|(?<![\w$])(?:jest|vi)\s*\.\s*fn\s*(?:<[^>()]*>\s*)?\(|\bsinon\s*\.\s*stub\s*\(/;
/** A call of some fetch (`fetch(`, `defaultFetch(`, `undici.fetch(`): the function passes requests on, it is no fake. */
const realFetchCall = /(?<![\w$])[\w$.]*[fF]etch\s*\(/;
const jsDefinitionTypes = new Set(['variable_declarator', 'function_declaration']);

/** The root name of `mockFetch().fetch`, `fakes.fetch`, `stubFetch`. */
function rootName(node: SyntaxNode): string | undefined {
  let current: SyntaxNode | null = node;
  while (current && (current.type === 'member_expression' || current.type === 'call_expression')) {
    current = current.type === 'member_expression' ? current.childForFieldName('object') : current.childForFieldName('function');
  }
  return current?.type === 'identifier' ? current.text : undefined;
}

function isFakeFetchText(text: string): boolean {
  return fakeAnswer.test(text) && !realFetchCall.test(text);
}

/**
 * The definition a name passed at `at` stands for (`const testFetch = …`, `function testFetch(…)`): the last one
 * before it, else (a factory's parameter, filled in by its callers) the first one after it.
 */
function jsDefinition(tree: TreeSitter.Tree, source: SourceText, name: string, at: number): SyntaxNode | undefined {
  const escaped = name.replace(/\$/g, '\\$');
  const pattern = new RegExp(`(?:\\b(?:const|let|var)\\s+|\\bfunction\\s*\\*?\\s*)${escaped}(?![\\w$])`, 'g');
  let found: SyntaxNode | undefined;
  for (const match of matchesIn(pattern, source)) {
    let node: SyntaxNode | null = namedNodeAt(tree, match.index + match[0].length - name.length);
    for (let level = 0; node && level < 3 && !jsDefinitionTypes.has(node.type); level++) node = node.parent;
    if (!node || !jsDefinitionTypes.has(node.type) || node.childForFieldName('name')?.text !== name) continue;
    if (node.startIndex > at) return found ?? node;
    found = node;
  }
  return found;
}

/** The `fetch` option of an options object, also through a spread of an object defined in the file (`{ ...opts }`). */
function fetchOption(options: SyntaxNode | null | undefined, tree: TreeSitter.Tree, source: SourceText, depth = 0): SyntaxNode | undefined {
  for (const child of options?.namedChildren ?? []) {
    if (child?.type === 'pair' && child.childForFieldName('key')?.text === 'fetch') return child;
    if (child?.type === 'shorthand_property_identifier' && child.text === 'fetch') return child;
  }
  if (depth > 0) return undefined;
  for (const child of options?.namedChildren ?? []) {
    const spread = child?.type === 'spread_element' ? child.namedChild(0) : null;
    if (spread?.type !== 'identifier') continue;
    const value = jsDefinition(tree, source, spread.text, spread.startIndex)?.childForFieldName('value');
    const found = value?.type === 'object' ? fetchOption(value, tree, source, depth + 1) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** What a function gives back: an arrow's expression body, or the value of a body that is one return statement. */
function returnedValue(fn: SyntaxNode): SyntaxNode | undefined {
  const body = fn.childForFieldName('body');
  if (!body || body.type !== 'statement_block') return jsUnwrapped(body);
  const statements = body.namedChildren.filter((child) => child?.type !== 'comment');
  return statements.length === 1 && statements[0]?.type === 'return_statement' ? jsUnwrapped(statements[0].namedChild(0)) : undefined;
}

function parameterNames(fn: SyntaxNode): string[] {
  const single = fn.childForFieldName('parameter');
  if (single) return [single.text];
  return (fn.childForFieldName('parameters')?.namedChildren ?? []).map((parameter) => jsParameterName(parameter) ?? '');
}

/** A response made on the spot, or by a helper function of the file that makes one (`responseFor(wire)`). */
function isMadeResponse(value: SyntaxNode, tree: TreeSitter.Tree, source: SourceText): boolean {
  if (isFakeFetchText(value.text)) return true;
  const callee = value.type === 'call_expression' ? value.childForFieldName('function') : null;
  if (callee?.type !== 'identifier') return false;
  const helper = jsDefinition(tree, source, callee.text, value.startIndex);
  const made = helper?.childForFieldName(helper.type === 'variable_declarator' ? 'value' : 'body');
  return made !== null && made !== undefined && isFakeFetchText(made.text);
}

/**
 * A fetch that calls no fetch and answers with what it was handed: a parameter of a function around it
 * (`fetch: async () => response`), a variable holding a response made in the file, or a helper's response.
 */
function answersWithGivenValue(fn: SyntaxNode, tree: TreeSitter.Tree, source: SourceText): boolean {
  if (realFetchCall.test((fn.childForFieldName('body') ?? fn).text)) return false;
  const answer = returnedValue(fn);
  if (answer?.type !== 'identifier') return answer !== undefined && isMadeResponse(answer, tree, source);
  for (let outer = fn.parent; outer; outer = outer.parent) {
    if (jsFunctionTypes.has(outer.type) && parameterNames(outer).includes(answer.text)) return true;
  }
  const definition = jsDefinition(tree, source, answer.text, fn.startIndex);
  const value = definition?.type === 'variable_declarator' ? jsUnwrapped(definition.childForFieldName('value')) : undefined;
  return value !== undefined && isMadeResponse(value, tree, source);
}

/** Whether a `fetch` option's value (or a named fetch's definition) answers without passing requests on. */
function isFakeFetchValue(value: SyntaxNode, tree: TreeSitter.Tree, source: SourceText): boolean {
  // A function declaration's text starts with its own name (`function testFetch(`): only its body is read.
  const text = value.type === 'function_declaration' ? value.childForFieldName('body')?.text ?? '' : value.text;
  if (isFakeFetchText(text)) return true;
  const fn = jsUnwrapped(value);
  return fn !== undefined && jsFunctionTypes.has(fn.type) && answersWithGivenValue(fn, tree, source);
}

/** Whether a JS/TS client construction (`new OpenAI({…})`) gets a fake `fetch` option. */
export function hasFakeFetch(construction: SyntaxNode, tree: TreeSitter.Tree, source: SourceText): boolean {
  const options = construction.childForFieldName('arguments')?.namedChildren.find((child) => child?.type === 'object');
  const option = fetchOption(options, tree, source);
  // `{ fetch }` passes a variable named fetch: a fake only when the file defines one.
  let value = option?.type === 'shorthand_property_identifier' ? option : option?.childForFieldName('value') ?? null;
  while (value && jsTypeWrappers.has(value.type)) value = value.namedChild(0);
  if (!value) return false;
  const named = value.type === 'identifier' || value.type === 'shorthand_property_identifier';
  if (!named && value.type !== 'member_expression') return isFakeFetchValue(value, tree, source);
  const root = named ? value.text : rootName(value);
  if (!root) return false;
  if (mockName.test(root)) return true;
  const definition = named ? jsDefinition(tree, source, root, value.startIndex) : undefined;
  if (!definition) return false;
  const body = definition.type === 'variable_declarator' ? definition.childForFieldName('value') : definition;
  return body !== null && isFakeFetchValue(body, tree, source);
}

const mockTransport = /\bMockTransport\s*\(/;
/** `transport=LocalTransport(…)`: an instance of a class the test may define itself. */
const constructedTransport = /\btransport\s*=\s*([A-Z]\w*)\s*\(/g;
/** A transport class that answers by itself: built on httpx's base transport, makes responses, passes nothing on. */
function isAnsweringTransportClass(text: string): boolean {
  return /\(\s*(?:[\w.]+\.)?(?:Async)?BaseTransport\s*\)/.test(text) && /\bResponse\s*\(/.test(text) && !/\.\s*handle_(?:async_)?request\s*\(/.test(text);
}

/** The text of a class defined in the file. */
function pythonClassText(tree: TreeSitter.Tree, source: SourceText, name: string): string | undefined {
  for (const match of matchesIn(new RegExp(`\\bclass[ \\t]+${name}\\b`, 'g'), source)) {
    let node: SyntaxNode | null = namedNodeAt(tree, match.index);
    while (node && node.type !== 'class_definition') node = node.parent;
    if (node) return node.text;
  }
  return undefined;
}
/** Names a transport or HTTP client is passed under (`http_client=http`, `transport=handler_transport`). */
const passedTransport = /\b(?:http_client|transport)\s*=\s*([A-Za-z_]\w*)\b(?!\s*[(.])/g;

/** The text last assigned to a name before `before` (`http = httpx.Client(…)` on a line of its own). */
function pythonAssignedText(tree: TreeSitter.Tree, source: SourceText, name: string, before: number): string | undefined {
  const pattern = new RegExp(`^[ \\t]*${name}[ \\t]*(?::[^=\\n]*)?=(?!=)`, 'gm');
  let found: string | undefined;
  for (const match of matchesIn(pattern, source, { start: 0, end: before })) {
    let node: SyntaxNode | null = namedNodeAt(tree, match.index + match[0].indexOf(name));
    while (node && node.type !== 'assignment' && node.type !== 'module' && node.type !== 'block') node = node.parent;
    if (node?.type === 'assignment') found = node.childForFieldName('right')?.text;
  }
  return found;
}

/** Whether a Python client construction (`OpenAI(…)`) goes through an `httpx.MockTransport`. */
export function hasMockTransport(construction: SyntaxNode, tree: TreeSitter.Tree, source: SourceText): boolean {
  const isMocked = (text: string, depth: number): boolean => {
    if (mockTransport.test(text)) return true;
    for (const match of text.matchAll(constructedTransport)) {
      const classText = pythonClassText(tree, source, match[1]);
      if (classText !== undefined && isAnsweringTransportClass(classText)) return true;
    }
    if (depth >= 2) return false;
    for (const match of text.matchAll(passedTransport)) {
      const assigned = pythonAssignedText(tree, source, match[1], construction.startIndex);
      if (assigned !== undefined && isMocked(assigned, depth + 1)) return true;
    }
    return false;
  };
  const args = construction.childForFieldName('arguments');
  return args !== null && isMocked(args.text, 0);
}
