// JavaScript / TypeScript: finds calls into openai-node (v4+ clients, v3 OpenAIApi) and decides whether a
// try/catch, a `.catch(…)` or a `.then(ok, err)` settles what they throw or reject with.
import {
  isDistinctivePath, nodeCatchAllErrors, nodeClientClasses, nodeClientCopyMethods, nodeDistinctivePaths, nodePromisePassThrough,
  nodeResources, nodeV3ClientClasses, nodeV3Methods, mockMembers, nodeOfflineMethods, nodeClientWrappers, rawRequestMethods,
} from '../sdk/callShapes';
import { errorHierarchy } from '../sdk/errorHierarchy';
import type { SdkFlavour } from '../types';
import { addEvidence, addForeignScope, noteForeignAssignment, scopeForeignAssignments, addStubScope, alternation, classifyAttribute, classifyName, emptyBindings, isStubbedAt, mayHoldClients, type FileBindings, type ReceiverOrigin } from './bindings';
import type { Detector } from './detector';
import { isAsyncFunction, jsFunctionTypes, jsParameterName, jsTypeWrappers, jsUnwrapped } from './jsNodeTypes';
import type { PathNode } from './syntaxPath';
import type { ExpectedFailureIdioms } from './expectedFailures';
import { detectorWith, type CallSite, type EventStreamRules, type HandlerInfo, type LanguageRules, type PromiseOutcome, type TryHandlers } from './protection';
import { parseCallee, type ChainRoot } from './calleeChain';
import { SourceText } from './sourceText';
import { ancestorOfType, lineStartMatchesIn, matchesAt, matchesIn, namedNodeAt, type SyntaxNode } from './syntax';
import { hasFakeFetch } from './stubTransports';
import { wordStartMatches } from './keywordMatches';
import type { TreeSitter } from './treeSitter';

const sdkErrorNames = new Set(errorHierarchy('openai-node-v4').classes.map((c) => c.name));

const importPattern = /^[ \t]*import\b/gm;
/** `const name = receiver.withOptions(`: the name holds a configured copy of the receiver. */
const copiedClient = /(?:const|let|var)[ \t]+([\w$]+)[ \t]*(?::[^=\n]*)?=[ \t]*((?:this\.#?)?[\w$.]+)\.withOptions[ \t]*\(/g;
/** `jest.mock('openai', …)`, `vi.mock("openai")`, `jest.doMock(…)`. */
const moduleMock = /(?<![\w$])(?:jest|vi)\s*\.\s*(?:mock|doMock)\s*\(\s*['"]([^'"\n]+)['"]/g;
/** A mock function (`jest.fn(`, `vi.fn(`, `sinon.stub(`) inside a variable's value makes that variable a test double. */
const mockFunction = /(?<![\w$])(?:(?:jest|vi)\s*\.\s*fn|sinon\s*\.\s*stub)\s*\(/g;
/** What may stand between a mock function and the variable it makes a double: object literals, mock chains, casts. */
const mockValueParts = new Set(['identifier', 'property_identifier', 'member_expression', 'call_expression', 'pair', 'object',
  'as_expression', 'satisfies_expression', 'parenthesized_expression', 'non_null_expression']);

/**
 * The declaration whose value is made of mock functions (`const c = { create: vi.fn() }`), climbing from the
 * mock's name; none when it only sits in an argument (`new OpenAI({ fetch: vi.fn() })` builds a real client).
 */
function mockHolder(node: SyntaxNode | null): SyntaxNode | undefined {
  for (let current = node, level = 0; current && level < 16; current = current.parent, level++) {
    if (current.type === 'variable_declarator') return current;
    if (!mockValueParts.has(current.type)) return undefined;
  }
  return undefined;
}
/** `class Name extends Base` (`Base` possibly qualified: `OpenAI.OpenAI`). */
const subclassPattern = /(?<![\w$])class[ \t]+([\w$]+)[ \t]+extends[ \t]+([\w$]+(?:[ \t]*\.[ \t]*[\w$]+)?)(?![\w$.])/g;
const requirePattern = /\brequire\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;
/** `= new Ctor` and, before it on the line, the variable declared or the field assigned (possibly typed). */
const assignedConstruction = /=[ \t]*(?:await[ \t]+)?new[ \t]+([\w$.]+)/g;
const declaredVariable = /^[ \t]*(?:export[ \t]+)?(?:const|let|var)[ \t]+([\w$]+)[ \t]*(?::[^=\n]*)?$/;
const assignedField = /^[ \t]*(?:this\.|(?:(?:private|public|protected|readonly|static)[ \t]+)*)#?([\w$]+)[ \t]*(?::[^=\n]*)?$/;
/** The annotated name before `: Type` (`client`, `openai?`). */
const annotatedName = /(?<![\w$.])([A-Za-z_$][\w$]*)[ \t]*\??[ \t]*$/;
const resourcePattern = new RegExp(`\\??\\.\\s*(?:${alternation(nodeResources)})\\s*\\??\\.`, 'g');
const v3Pattern = new RegExp(`\\??\\.\\s*(?:${alternation(nodeV3Methods)})\\s*\\(`, 'g');
const rawRequestPattern = new RegExp(`\\??\\.\\s*(?:${alternation(rawRequestMethods)})\\s*\\(`, 'g');
const candidatePatterns = [resourcePattern, v3Pattern];
const candidatePatternsWithRaw = [...candidatePatterns, rawRequestPattern];
/** A bound method kept in a variable: `const create = client.chat.completions.create` (optionally `.bind(…)`). */
const storedMethod = /(?<![\w$])(?:const|let|var)[ \t]+([\w$]+)[ \t]*(?::[^=\n]*)?=[ \t]*([\w$]+(?:\??\.#?[\w$]+)+?)(?:\.bind\([^()\n]*\))?[ \t]*(?:;|$)/gm;
const boundPatterns = new WeakMap<FileBindings, RegExp[]>();

function candidatePatternsFor(bindings: FileBindings): readonly RegExp[] {
  const base = mayHoldClients(bindings) ? candidatePatternsWithRaw : candidatePatterns;
  if (bindings.boundMethods.size === 0) return base;
  let patterns = boundPatterns.get(bindings);
  if (!patterns) {
    patterns = [...base, new RegExp(`(?<![\\w$.])(?:${alternation(bindings.boundMethods.keys())})\\s*\\(`, 'g')];
    boundPatterns.set(bindings, patterns);
  }
  return patterns;
}

/**
 * The openai package by any specifier: `openai`, `openai/…`, Deno's `npm:openai@4`, JSR's `jsr:@openai/openai`,
 * and URL imports whose path names the package (`https://deno.land/x/openai@v4.24.0/mod.ts`,
 * `https://esm.sh/openai@4`), but not another scope's package of that name (`https://esm.sh/@langchain/openai`).
 */
function isOpenAIModule(source: string): boolean {
  if (source === 'openai' || source.startsWith('openai/')) return true;
  if (/^npm:openai(?:@[^/]*)?(?:\/|$)/.test(source) || /^jsr:@openai\/openai(?:@[^/]*)?(?:\/|$)/.test(source)) return true;
  if (!/^https?:\/\//.test(source)) return false;
  const segments = source.replace(/^https?:\/\/[^/]+/, '').split(/[/?#]/);
  return segments.some((segment, index) => /^openai(?:@[^/]*)?$/.test(segment) && !segments[index - 1]?.startsWith('@'));
}

/** Whether an import specifier names the openai package. */
type SdkModuleTest = (specifier: string) => boolean;

/** Records one imported name: `imported` is the exported name ('default' for the default export). */
function bindImported(bindings: FileBindings, isSdk: SdkModuleTest, source: string, imported: string, local: string): void {
  if (!local) return;
  if (!isSdk(source)) {
    bindings.importedNames.add(local);
    if (nodeClientWrappers.get(source)?.includes(imported)) bindings.wrappers.add(local);
    return;
  }
  if (imported === 'default' || imported === '*') {
    bindings.moduleAliases.add(local);
    bindings.constructors.add(local);
  }
  if (nodeClientClasses.includes(imported)) bindings.constructors.add(local);
  if (nodeV3ClientClasses.includes(imported)) bindings.v3Constructors.add(local);
  if (sdkErrorNames.has(imported)) bindings.errorClasses.set(local, imported);
}

function stringValue(node: SyntaxNode | null): string {
  return node?.namedChildren.find((child) => child?.type === 'string_fragment')?.text ?? '';
}

function readImport(node: SyntaxNode, bindings: FileBindings, isSdk: SdkModuleTest): void {
  const source = stringValue(node.childForFieldName('source'));
  for (const part of node.namedChildren) {
    if (part?.type === 'import_require_clause') {
      bindImported(bindings, isSdk, stringValue(part.childForFieldName('source')), 'default', part.namedChild(0)?.text ?? '');
    }
    if (part?.type !== 'import_clause') continue;
    for (const item of part.namedChildren) {
      if (item?.type === 'identifier') bindImported(bindings, isSdk, source, 'default', item.text);
      else if (item?.type === 'namespace_import') bindImported(bindings, isSdk, source, '*', item.namedChild(0)?.text ?? '');
      else if (item?.type === 'named_imports') {
        for (const specifier of item.namedChildren) {
          if (specifier?.type !== 'import_specifier') continue;
          const name = specifier.childForFieldName('name')?.text ?? '';
          bindImported(bindings, isSdk, source, name, specifier.childForFieldName('alias')?.text ?? name);
        }
      }
    }
  }
}

/** `const X = require('openai')`, `const { OpenAI, RateLimitError: R } = require('openai')`, `require('openai').OpenAI`. */
function readRequire(call: SyntaxNode, source: string, bindings: FileBindings, isSdk: SdkModuleTest): SyntaxNode | undefined {
  let value = call;
  let imported = 'default';
  if (value.parent?.type === 'member_expression') {
    imported = value.parent.childForFieldName('property')?.text ?? '';
    value = value.parent;
  }
  const declarator = value.parent;
  if (declarator?.type !== 'variable_declarator') return undefined;
  const name = declarator.childForFieldName('name');
  if (name?.type === 'identifier') bindImported(bindings, isSdk, source, imported, name.text);
  if (name?.type !== 'object_pattern') return declarator;
  for (const item of name.namedChildren) {
    if (item?.type === 'shorthand_property_identifier_pattern') bindImported(bindings, isSdk, source, item.text, item.text);
    if (item?.type === 'pair_pattern') {
      bindImported(bindings, isSdk, source, item.childForFieldName('key')?.text ?? '', item.childForFieldName('value')?.text ?? '');
    }
  }
  return declarator;
}

const transparentWrappers = new Set(['await_expression', ...jsTypeWrappers]);
const functionTypes = jsFunctionTypes;
/** Braced blocks: a `const`/`let` declared in one holds there, until the name is assigned again. */
const blockTypes = new Set(['statement_block']);

/** A function's name, and the node that holds both (the function, or the declarator / assignment / pair naming it). */
function functionName(fn: SyntaxNode): { name: string | undefined; named: SyntaxNode } {
  const own = fn.childForFieldName('name')?.text;
  if (own) return { name: own, named: fn };
  const parent = fn.parent;
  if (parent?.type === 'variable_declarator') return { name: parent.childForFieldName('name')?.text, named: parent };
  if (parent?.type === 'assignment_expression') return { name: parent.childForFieldName('left')?.text.split('.').pop(), named: parent };
  if (parent?.type === 'pair') return { name: parent.childForFieldName('key')?.text, named: parent };
  return { name: undefined, named: fn };
}

/** A member's name as callee chains spell it: a private one (`#client`) without its `#` (see parseCallee). */
function memberName(text: string): string {
  return text.startsWith('#') ? text.slice(1) : text;
}

/**
 * Where a constructed client ends up: a variable, a field, a parameter default, or a factory's return value.
 * Returns the node that says so (the declaration, or the whole factory with its name).
 */
function bindConstructed(expression: SyntaxNode, v3: boolean, bindings: FileBindings, factories: Set<string>): SyntaxNode | undefined {
  let value = expression;
  while (value.parent && transparentWrappers.has(value.parent.type)) value = value.parent;
  const parent = value.parent;
  if (!parent) return undefined;
  const variables = v3 ? bindings.v3Clients : bindings.clients;
  const attributes = v3 ? bindings.v3Clients : bindings.clientAttributes;
  switch (parent.type) {
    case 'variable_declarator':
      if (parent.childForFieldName('name')?.type === 'identifier') variables.add(parent.childForFieldName('name')?.text ?? '');
      break;
    case 'assignment_expression': {
      const left = parent.childForFieldName('left');
      if (left?.type === 'identifier') variables.add(left.text);
      if (left?.type === 'member_expression') attributes.add(memberName(left.childForFieldName('property')?.text ?? ''));
      break;
    }
    case 'public_field_definition':
    case 'field_definition':
      attributes.add(memberName((parent.childForFieldName('name') ?? parent.childForFieldName('property'))?.text ?? ''));
      break;
    case 'pair':
      attributes.add(parent.childForFieldName('key')?.text ?? '');
      break;
    case 'required_parameter':
    case 'optional_parameter':
      variables.add(parent.childForFieldName('pattern')?.text ?? '');
      break;
    case 'assignment_pattern':
      variables.add(parent.childForFieldName('left')?.text ?? '');
      break;
    case 'return_statement':
    case 'arrow_function': {
      const fn = parent.type === 'arrow_function' ? parent : ancestorOfType(parent, functionTypes);
      if (!fn) break;
      const { name, named } = functionName(fn);
      if (name && !v3 && !bindings.constructors.has(name)) factories.add(name);
      return named;
    }
  }
  return parent;
}

/** Names bound to clients with a fake `fetch`, and the factories that return one (see stubTransports.ts). */
interface StubbedClients {
  names: Set<string>;
  factories: Set<string>;
  /** Factories that also return a real client somewhere: their results stay clients. */
  realFactories: Set<string>;
  /** Factories returning an object with a stubbed client under these keys (`return { client: new OpenAI({ fetch }) }`). */
  objectFactories: Map<string, Set<string>>;
}

/** The named function returning the object literal a `key: value` pair stands in, if it returns it. */
function factoryOfReturnedObject(pair: SyntaxNode): string | undefined {
  let object: SyntaxNode | null = pair.parent;
  if (object?.type !== 'object') return undefined;
  let holder = object.parent;
  while (holder && transparentWrappers.has(holder.type)) {
    object = holder;
    holder = holder.parent;
  }
  const fn = holder?.type === 'return_statement' ? ancestorOfType(holder, functionTypes) : holder?.type === 'arrow_function' ? holder : null;
  return fn ? functionName(fn).name : undefined;
}

/**
 * `const { client } = createClient()` (or `= await …`) where the factory returns its client on a fake `fetch`
 * under that key: the destructured name is stubbed in the function around the declaration.
 */
function bindDestructuredStubs(tree: TreeSitter.Tree, source: SourceText, bindings: FileBindings, stubbed: StubbedClients): void {
  if (stubbed.objectFactories.size === 0) return;
  const pattern = new RegExp(`\\}\\s*=\\s*(?:await\\s+)?(${alternation(new Set(stubbed.objectFactories.keys()))})\\s*\\(`, 'g');
  for (const match of matchesIn(pattern, source)) {
    const declarator = ancestorOfType(namedNodeAt(tree, match.index), new Set(['variable_declarator']), 3);
    const names = declarator?.childForFieldName('name');
    if (names?.type !== 'object_pattern') continue;
    const keys = stubbed.objectFactories.get(match[1]);
    const locals: string[] = [];
    for (const property of names.namedChildren) {
      if (property?.type === 'shorthand_property_identifier_pattern' && keys?.has(property.text)) locals.push(property.text);
      else if (property?.type === 'pair_pattern' && keys?.has(property.childForFieldName('key')?.text ?? '')) {
        const local = property.childForFieldName('value');
        if (local?.type === 'identifier') locals.push(local.text);
      }
    }
    addStubScope(bindings, locals, ancestorOfType(declarator, functionTypes));
  }
}

/** Finds `new Ctor(` / `factory(` for the given names and binds each result. */
function bindConstructions(tree: TreeSitter.Tree, source: SourceText, names: ReadonlySet<string>, v3: boolean, bindings: FileBindings, stubbed?: StubbedClients): Set<string> {
  const factories = new Set<string>();
  if (names.size === 0) return factories;
  const pattern = new RegExp(`(?<![\\w$])(?:${alternation(names)})\\s*\\(`, 'g');
  for (const match of matchesIn(pattern, source)) {
    const name = namedNodeAt(tree, match.index);
    if (name?.type !== 'identifier' && name?.type !== 'property_identifier') continue;
    let callee: SyntaxNode = name;
    if (name.parent?.type === 'member_expression' && name.parent.childForFieldName('property')?.equals(name)) {
      if (!bindings.moduleAliases.has(name.parent.childForFieldName('object')?.text ?? '') && !bindings.extraNames.has(name.text)) continue;
      callee = name.parent;
    } else if (name.type !== 'identifier') continue;
    const parent = callee.parent;
    const isConstruction = (parent?.type === 'new_expression' && parent.childForFieldName('constructor')?.equals(callee))
      || (parent?.type === 'call_expression' && parent.childForFieldName('function')?.equals(callee));
    if (!parent || !isConstruction) continue;
    if (stubbed && (stubbed.factories.has(name.text) || (parent.type === 'new_expression' && hasFakeFetch(parent, tree, source)))) {
      const stubFactories = new Set<string>();
      const names = new Set<string>();
      const bound = bindConstructed(parent, v3, { ...bindings, clients: names, clientAttributes: names }, stubFactories);
      addEvidence(bindings, bound);
      const objectFactory = bound?.type === 'pair' ? factoryOfReturnedObject(bound) : undefined;
      const key = bound?.childForFieldName('key')?.text;
      if (objectFactory && key) stubbed.objectFactories.set(objectFactory, new Set([...(stubbed.objectFactories.get(objectFactory) ?? []), key]));
      for (const stub of names) stubbed.names.add(stub);
      addStubScope(bindings, names, ancestorOfType(parent, functionTypes));
      for (const factory of stubFactories) {
        stubbed.factories.add(factory);
        factories.add(factory);
      }
    } else {
      const real = new Set<string>();
      addEvidence(bindings, bindConstructed(parent, v3, bindings, real));
      for (const factory of real) {
        factories.add(factory);
        stubbed?.realFactories.add(factory);
      }
    }
  }
  return factories;
}

/** The function a file defines under a name (`function run(…)`, `const run = (…) =>`), unless it is exported. */
function localFunction(tree: TreeSitter.Tree, source: SourceText, name: string): SyntaxNode | undefined {
  const pattern = new RegExp(`(?:\\bfunction[ \\t]*\\*?[ \\t]*|\\b(?:const|let|var)[ \\t]+)${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g');
  let found: SyntaxNode | undefined;
  for (const match of matchesIn(pattern, source)) {
    const named = ancestorOfType(namedNodeAt(tree, match.index + match[0].length - name.length), new Set(['function_declaration', 'generator_function_declaration', 'variable_declarator']), 2);
    const fn = named?.type === 'variable_declarator' ? named.childForFieldName('value') : named;
    if (!named || !fn || !functionTypes.has(fn.type) || named.childForFieldName('name')?.text !== name) continue;
    if (found || ancestorOfType(named, new Set(['export_statement']), 3)) return undefined;
    found = fn;
  }
  return found;
}

/**
 * A function of the file that only ever receives stubbed clients (`createRun(createClient({…}))` at every call,
 * nowhere else named): calls through that parameter inside it send no request either.
 */
function bindStubbedParameters(tree: TreeSitter.Tree, source: SourceText, bindings: FileBindings, stubbed: StubbedClients): void {
  if (stubbed.factories.size === 0) return;
  const isStubbedArgument = (argument: SyntaxNode | null | undefined): boolean => {
    const value = jsUnwrapped(argument ?? null);
    const callee = value?.type === 'call_expression' ? value.childForFieldName('function') : null;
    return callee?.type === 'identifier' && stubbed.factories.has(callee.text);
  };
  const candidates = new Map<string, number>();
  for (const match of matchesIn(new RegExp(`(?<![\\w$.])(?:${alternation(stubbed.factories)})\\s*\\(`, 'g'), source)) {
    const call = namedNodeAt(tree, match.index)?.parent;
    if (call?.type !== 'call_expression' || !isStubbedArgument(call)) continue;
    let argument: SyntaxNode = call;
    while (argument.parent && transparentWrappers.has(argument.parent.type)) argument = argument.parent;
    const outer = argument.parent?.type === 'arguments' ? argument.parent.parent : null;
    const callee = outer?.type === 'call_expression' ? outer.childForFieldName('function') : null;
    if (callee?.type !== 'identifier') continue;
    const position = outer?.childForFieldName('arguments')?.namedChildren.findIndex((child) => child?.equals(argument)) ?? -1;
    if (position >= 0) candidates.set(callee.text, position);
  }
  for (const [name, position] of candidates) {
    const fn = localFunction(tree, source, name);
    const parameters = fn?.childForFieldName('parameters')?.namedChildren.filter((child) => child?.type !== 'comment') ?? [];
    const parameter = jsParameterName(parameters[position]);
    if (!fn || !parameter) continue;
    // Every other mention of the function must be a call passing a stubbed client in that place.
    const everyCallStubbed = [...matchesIn(new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'), source)].every((match) => {
      const mention = namedNodeAt(tree, match.index);
      if (!mention || mention.type === 'comment' || mention.parent?.childForFieldName('name')?.equals(mention)) return true;
      const call = mention.parent;
      if (call?.type !== 'call_expression' || !call.childForFieldName('function')?.equals(mention)) return false;
      return isStubbedArgument(call.childForFieldName('arguments')?.namedChildren.filter((child) => child?.type !== 'comment')[position]);
    });
    if (!everyCallStubbed) continue;
    bindings.stubParameterFunctions.add(name);
    addStubScope(bindings, [parameter], fn);
  }
}

function collectBindings(tree: TreeSitter.Tree, source: SourceText, extraNames: readonly string[], sdkSourceModule?: SdkModuleTest): FileBindings {
  const bindings = emptyBindings(extraNames);
  const isSdk: SdkModuleTest = sdkSourceModule ? (specifier) => isOpenAIModule(specifier) || sdkSourceModule(specifier) : isOpenAIModule;
  for (const match of lineStartMatchesIn(importPattern, ['import'], source)) {
    const node = ancestorOfType(namedNodeAt(tree, match.index + match[0].search(/\S/)), new Set(['import_statement']), 2);
    if (!node) continue;
    readImport(node, bindings, isSdk);
    addEvidence(bindings, node);
  }
  for (const match of matchesIn(requirePattern, source)) {
    const call = ancestorOfType(namedNodeAt(tree, match.index), new Set(['call_expression']), 2);
    if (call) addEvidence(bindings, readRequire(call, match[1], bindings, isSdk));
  }
  const clientNames = new Set(bindings.constructors);
  if (bindings.moduleAliases.size > 0) for (const name of nodeClientClasses) clientNames.add(name);
  // A class of the file that extends the client (`class RecordingClient extends OpenAI`) constructs clients too.
  for (const match of matchesIn(subclassPattern, source)) {
    const base = match[2].replace(/\s+/g, '').split('.');
    const extendsClient = base.length === 1 ? clientNames.has(base[0]) : bindings.moduleAliases.has(base[0]) && nodeClientClasses.includes(base[1]);
    if (!extendsClient) continue;
    bindings.constructors.add(match[1]);
    clientNames.add(match[1]);
    addEvidence(bindings, { startIndex: match.index, endIndex: match.index + match[0].length });
  }
  const stubbed: StubbedClients = { names: new Set(), factories: new Set(), realFactories: new Set(), objectFactories: new Map() };
  const factories = bindConstructions(tree, source, clientNames, false, bindings, stubbed);
  for (const factory of factories) bindings.constructors.add(factory);
  bindConstructions(tree, source, factories, false, bindings, stubbed);
  bindStubbedParameters(tree, source, bindings, stubbed);
  bindDestructuredStubs(tree, source, bindings, stubbed);
  bindConstructions(tree, source, bindings.v3Constructors, true, bindings);
  // Wrappers (`wrapOpenAI(new OpenAI())`, `observeOpenAI(client)`) return a client that raises the SDK's errors.
  const wrapped = bindConstructions(tree, source, bindings.wrappers, false, bindings);
  for (const factory of wrapped) bindings.constructors.add(factory);

  // Type annotations (`client: OpenAI`, `private readonly openai: OpenAIApi`) name clients passed in.
  const typeNames = [...bindings.constructors, ...bindings.v3Constructors].filter((name) => !factories.has(name) && !bindings.extraNames.has(name));
  if (typeNames.length > 0) {
    const pattern = new RegExp(`:[ \\t]*(?:[\\w$]+\\.)?(${alternation(typeNames)})\\b(?![\\w$.(])`, 'g');
    for (const match of matchesIn(pattern, source)) {
      const prefix = source.linePrefix(match.index);
      const name = annotatedName.exec(prefix)?.[1];
      if (!name) continue;
      addEvidence(bindings, { startIndex: match.index - prefix.length, endIndex: match.index + match[0].length });
      if (bindings.v3Constructors.has(match[1])) bindings.v3Clients.add(name);
      else {
        bindings.clients.add(name);
        bindings.clientAttributes.add(name);
      }
    }
  }

  // Configured copies of a client (`const fast = client.withOptions({ timeout })`) are clients too.
  for (const match of matchesIn(copiedClient, source)) {
    const receiver = match[2].split('.');
    const origin = receiver.length === 1 ? classifyName(bindings, receiver[0]) : classifyAttribute(bindings, memberName(receiver[receiver.length - 1]));
    if (origin !== 'client') continue;
    bindings.clients.add(match[1]);
    // A copy of a client on a fake `fetch` answers from the same fake.
    if (isStubbedAt(bindings, match[2], match.index)) addStubScope(bindings, [match[1]], ancestorOfType(namedNodeAt(tree, match.index), functionTypes));
    addEvidence(bindings, { startIndex: match.index, endIndex: match.index + match[0].length });
  }

  // Bound methods kept for later (`const create = client.chat.completions.create.bind(client.chat.completions)`).
  for (const match of matchesIn(storedMethod, source)) {
    const chain = match[2].replace(/\?/g, '');
    if (!classifyCall(chain, bindings)) continue;
    bindings.boundMethods.set(match[1], chain);
    addEvidence(bindings, { startIndex: match.index, endIndex: match.index + match[0].length });
  }

  // Clients with a fake `fetch` answer from the test itself; a name also bound to a real client stays a client.
  for (const name of stubbed.names) if (!bindings.clients.has(name) && !bindings.clientAttributes.has(name)) bindings.mocks.add(name);
  // So do the results of factories that only build such clients, called in place (`clientFor(event).responses.create(…)`).
  for (const factory of stubbed.factories) if (!stubbed.realFactories.has(factory)) bindings.mocks.add(factory);

  // Test doubles: `jest.mock('openai')` replaces the module; `{ chat: { completions: { create: vi.fn() } } }` is a mock.
  for (const match of matchesIn(moduleMock, source)) {
    if (!isSdk(match[1])) continue;
    bindings.mockedModules.add(match[1]);
    addEvidence(bindings, { startIndex: match.index, endIndex: match.index + match[0].length });
  }
  for (const match of matchesIn(mockFunction, source)) {
    const declarator = mockHolder(namedNodeAt(tree, match.index));
    const name = declarator?.childForFieldName('name');
    if (!declarator || name?.type !== 'identifier') continue;
    bindings.mocks.add(name.text);
    addEvidence(bindings, declarator);
  }

  // Objects of other libraries (`const groq = new Groq()`, `private prisma = new PrismaClient()`).
  const isOpenAIConstructor = (callee: string): boolean => {
    const parts = callee.split('.');
    const last = parts[parts.length - 1];
    return bindings.constructors.has(last) || bindings.v3Constructors.has(last) || bindings.moduleAliases.has(parts[0]);
  };
  const foreignDeclarations = new Map<string, number[]>();
  for (const match of matchesIn(assignedConstruction, source)) {
    if (isOpenAIConstructor(match[1])) continue;
    const prefix = source.linePrefix(match.index);
    const variable = declaredVariable.exec(prefix)?.[1];
    if (variable) bindings.foreignNames.add(variable);
    // A block's own `const client = new Anthropic()` where `client` is an OpenAI client elsewhere in the file.
    if (variable && bindings.clients.has(variable)) {
      const block = ancestorOfType(namedNodeAt(tree, match.index), blockTypes);
      addForeignScope(bindings, variable, match.index, block, source, nextAssignmentOf(variable));
    } else if (variable) {
      noteForeignAssignment(foreignDeclarations, variable, match.index);
    }
    const field = assignedField.exec(prefix)?.[1];
    if (field) bindings.foreignAttributes.add(field);
    if (variable || field) addEvidence(bindings, { startIndex: match.index - prefix.length, endIndex: match.index + match[0].length });
  }
  // Declarations only (block-scoped): one at module level decides for the file.
  scopeForeignAssignments(bindings, source, foreignDeclarations, resourcePattern, (names) => assignmentCounts(source, names), (offset) => ancestorOfType(namedNodeAt(tree, offset), blockTypes), nextAssignmentOf);
  return bindings;
}

/** A variable's next assignment (`client =`, not `==` or `=>`). */
function nextAssignmentOf(name: string): RegExp {
  return new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\s*=(?![=>])`);
}

/** How often each name is declared or assigned (`const client = …`, `client = …`). */
function assignmentCounts(source: SourceText, names: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const anyAssignment = new RegExp(`(?<![\\w$.])(${alternation(names)})[ \\t]*(?::[^=\\n]*)?=(?![=>])`, 'g');
  for (const match of wordStartMatches(source.window(0, source.length).text, anyAssignment, names)) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
  return counts;
}

/** Words that may state a binding: imports, requires, constructions of other objects, and the names that construct clients. */
const bindingWords = new WeakMap<FileBindings, RegExp>();

/** Whether text (whole lines) may state a binding that `bindings` does not already hold where it is. */
function mayBind(text: string, bindings: FileBindings): boolean {
  let words = bindingWords.get(bindings);
  if (!words) {
    const names = new Set([...bindings.constructors, ...bindings.v3Constructors, ...nodeClientClasses, ...nodeV3ClientClasses, ...bindings.stubParameterFunctions]);
    words = new RegExp(`(?<![\\w$])(?:import|require|fn|stub|mock|doMock|withOptions|wrapOpenAI|observeOpenAI|fetch|Response|${alternation(names)})(?![\\w$])|=[ \\t]*(?:await[ \\t]+)?new\\b`);
    bindingWords.set(bindings, words);
  }
  if (words.test(text)) return true;
  for (const match of matchesIn(storedMethod, SourceText.of(text))) if (classifyCall(match[2].replace(/\?/g, ''), bindings)) return true;
  return false;
}

function originOfRoot(root: ChainRoot, bindings: FileBindings): ReceiverOrigin {
  if (!root.call) return root.name ? classifyName(bindings, root.name) : 'unknown';
  if (bindings.mocks.has(root.name)) return 'foreign';
  if (bindings.constructors.has(root.name) || bindings.extraNames.has(root.name) || bindings.wrappers.has(root.name)) return 'client';
  if (bindings.v3Constructors.has(root.name)) return 'v3-client';
  if (root.qualifier && bindings.moduleAliases.has(root.qualifier) && nodeClientClasses.includes(root.name)) return 'client';
  return root.constructed ? 'foreign' : 'unknown';
}

function boundTarget(calleeText: string, bindings: FileBindings): string | undefined {
  return bindings.boundMethods.get(calleeText);
}

function classifyCall(calleeText: string, bindings: FileBindings): SdkFlavour | undefined {
  const target = bindings.boundMethods.get(calleeText);
  if (target) return classifyCall(target, bindings);
  const chain = parseCallee(calleeText, nodeClientCopyMethods);
  if (!chain) return undefined;
  const { root, segments } = chain;
  if (bindings.mockedModules.size > 0 || segments.some((segment) => mockMembers.has(segment))) return undefined;
  const receiverOrigin = (index: number): ReceiverOrigin => (index === 0 ? originOfRoot(root, bindings) : classifyAttribute(bindings, segments[index - 1]));
  const method = segments[segments.length - 1];
  // `create.bind(…)` only makes a bound method: calling that is the request.
  if (method === 'bind') return undefined;
  if (nodeV3Methods.has(method)) {
    const origin = receiverOrigin(segments.length - 1);
    if (origin === 'v3-client' || (origin === 'unknown' && bindings.v3Constructors.size > 0)) return 'openai-node-v3';
  }
  if (rawRequestMethods.has(method) && receiverOrigin(segments.length - 1) === 'client') return 'openai-node-v4';
  const resourceIndex = segments.findIndex((segment) => nodeResources.has(segment));
  if (resourceIndex === -1 || segments.length - resourceIndex < 2 || nodeOfflineMethods.has(segments.slice(resourceIndex).join('.'))) return undefined;
  const origin = receiverOrigin(resourceIndex);
  if (origin === 'client') return 'openai-node-v4';
  if (origin === 'unknown' && isDistinctivePath(nodeDistinctivePaths, segments.slice(resourceIndex).join('.'))) return 'openai-node-v4';
  return undefined;
}

function callAround(tree: TreeSitter.Tree, offset: number): SyntaxNode | undefined {
  let node = namedNodeAt(tree, offset);
  if (node?.type !== 'property_identifier') return undefined;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    const type = parent.type;
    if (type === 'member_expression' || transparentWrappers.has(type)) continue;
    // The callee is the call's first child: it starts where the call starts (arguments start later).
    if (type === 'call_expression' && parent.startIndex === node.startIndex) return parent;
    return undefined;
  }
  return undefined;
}

/**
 * `stream: true` among the call's options (read from the text: cheaper than walking the argument nodes). Comments
 * may stand between the comma and the key (`max_tokens: null, // TODO` on the line before).
 */
const streamOption = /[{,]\s*(?:(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*['"]?stream['"]?\s*:\s*true\b/;

function isStreamingCall(call: SyntaxNode, calleeEnd: number, source: SourceText): boolean {
  return streamOption.test(source.slice(calleeEnd, call.endIndex));
}

/** The variable a `stream: true` request's stream is kept in (`const stream = await client…create({ stream: true })`). */
export function storedStream(call: SyntaxNode): string | undefined {
  const options = call.childForFieldName('arguments')?.text;
  return options !== undefined && streamOption.test(options) ? storedIn(call) : undefined;
}

/** The functions a JavaScript file declares, of any form. */

function storedIn(expression: SyntaxNode): string | undefined {
  let value = expression;
  while (value.parent && transparentWrappers.has(value.parent.type)) value = value.parent;
  const parent = value.parent;
  const target = parent?.type === 'variable_declarator' ? parent.childForFieldName('name')
    : parent?.type === 'assignment_expression' ? parent.childForFieldName('left') : null;
  return target?.type === 'identifier' ? target.text : undefined;
}

/** What an `x instanceof C` test (or an `||` of them) on the catch parameter names; undefined for other tests. */
type InstanceofCatch = { catchesAll: boolean; classes: string[] };

/** What `parameter instanceof <right>` catches, `right` being a name or a one-level qualified name. */
function instanceofClass(right: string, bindings: FileBindings): InstanceofCatch {
  const dot = right.indexOf('.');
  let name: string | undefined;
  if (dot === -1) {
    if (nodeCatchAllErrors.has(right)) return { catchesAll: true, classes: [] };
    name = bindings.errorClasses.get(right) ?? (bindings.importedNames.has(right) || bindings.foreignNames.has(right) ? undefined : right);
  } else {
    const qualifier = right.slice(0, dot);
    if (bindings.moduleAliases.has(qualifier) || bindings.constructors.has(qualifier)) name = right.slice(dot + 1);
  }
  return { catchesAll: false, classes: name && sdkErrorNames.has(name) ? [name] : [] };
}

const instanceofText = /^\s*\(*\s*([\w$]+)\s+instanceof\s+([\w$]+(?:\s*\.\s*[\w$]+)?)\s*\)*\s*$/;

/**
 * The plain forms read from the condition's text (`e instanceof OpenAI.RateLimitError`, `(e instanceof A) ||
 * (e instanceof B)`): the test, null when the condition is not a test on the parameter, undefined when the text
 * is not that plain (comments, other operators) and the tree must tell.
 */
function instanceofTestFromText(condition: string, parameter: string, bindings: FileBindings): InstanceofCatch | null | undefined {
  const tests = condition.split('||').map((part) => instanceofText.exec(part));
  if (tests.some((test) => test === null)) return undefined;
  if (tests.some((test) => test?.[1] !== parameter)) return null;
  const caught = tests.map((test) => instanceofClass((test?.[2] ?? '').replace(/\s+/g, ''), bindings));
  return { catchesAll: caught.some((c) => c.catchesAll), classes: ([] as string[]).concat(...caught.map((c) => c.classes)) };
}

/** What an `x instanceof C` test (or an `||` of them) on the catch parameter names; undefined for other tests. */
function instanceofTest(condition: SyntaxNode | null, parameter: string, bindings: FileBindings): InstanceofCatch | undefined {
  if (condition) {
    const fromText = instanceofTestFromText(condition.text, parameter, bindings);
    if (fromText !== undefined) return fromText ?? undefined;
  }
  const node = jsUnwrapped(condition);
  if (node?.type !== 'binary_expression') return undefined;
  const operator = node.childForFieldName('operator')?.text;
  if (operator === '||') {
    const left = instanceofTest(node.childForFieldName('left'), parameter, bindings);
    const right = instanceofTest(node.childForFieldName('right'), parameter, bindings);
    return left && right ? { catchesAll: left.catchesAll || right.catchesAll, classes: [...left.classes, ...right.classes] } : undefined;
  }
  if (operator !== 'instanceof' || jsUnwrapped(node.childForFieldName('left'))?.text !== parameter) return undefined;
  const right = jsUnwrapped(node.childForFieldName('right'));
  if (right?.type === 'identifier') return instanceofClass(right.text, bindings);
  if (right?.type === 'member_expression') {
    const qualifier = right.childForFieldName('object')?.text ?? '';
    const property = right.childForFieldName('property')?.text ?? '';
    return qualifier.includes('.') ? { catchesAll: false, classes: [] } : instanceofClass(`${qualifier}.${property}`, bindings);
  }
  return { catchesAll: false, classes: [] };
}

function rethrows(statement: SyntaxNode | null, parameter: string): boolean {
  if (statement?.type === 'statement_block') {
    const statements = statement.namedChildren.filter((child) => child?.type !== 'comment');
    return statements.length === 1 && rethrows(statements[0], parameter);
  }
  return statement?.type === 'throw_statement' && jsUnwrapped(statement.namedChild(0))?.text === parameter;
}

/**
 * A catch clause catches everything, unless its body only dispatches on `instanceof` (an if/else-if chain or
 * consecutive ifs) and rethrows the rest (`if (e instanceof OpenAI.RateLimitError) {…} else throw e;`): then
 * only the tested classes are handled.
 */
function catchHandlers(tryNode: SyntaxNode, body: SyntaxNode, bindings: FileBindings): TryHandlers | undefined {
  const clause = tryNode.childForFieldName('handler');
  if (!clause) return undefined;
  const everything: HandlerInfo = { caught: { catchesAll: true, classes: [] }, start: clause.startIndex, end: clause.startIndex + 5, clauseStart: clause.startIndex, clauseEnd: clause.endIndex };
  const parameter = clause.childForFieldName('parameter');
  if (parameter?.type !== 'identifier') return { tryNode, body, handlers: [everything], ordered: [] };
  const branches: HandlerInfo[] = [];
  let opaque = false;
  let rethrowsRest = false;
  for (const statement of clause.childForFieldName('body')?.namedChildren ?? []) {
    if (!statement || statement.type === 'comment') continue;
    if (statement.type === 'if_statement' && !rethrowsRest) {
      for (let branch: SyntaxNode | null | undefined = statement; branch?.type === 'if_statement';) {
        const condition = branch.childForFieldName('condition');
        const test = instanceofTest(condition, parameter.text, bindings);
        if (!test) opaque = true;
        else if (condition) branches.push({ caught: test, start: condition.startIndex, end: condition.endIndex, clauseStart: branch.startIndex, clauseEnd: branch.endIndex });
        const alternative: SyntaxNode | null = branch.childForFieldName('alternative');
        const next: SyntaxNode | null = alternative?.namedChildren.find((child: SyntaxNode | null) => child?.type !== 'comment') ?? null;
        if (next?.type === 'if_statement') branch = next;
        else {
          rethrowsRest = next !== null && rethrows(next, parameter.text);
          branch = undefined;
        }
      }
      continue;
    }
    if (branches.length > 0 && !rethrowsRest) rethrowsRest = rethrows(statement, parameter.text);
    break;
  }
  const typedOnly = rethrowsRest && !opaque && branches.length > 0;
  return { tryNode, body, handlers: typedOnly ? branches : [everything], ordered: branches };
}

/** What can follow an expression whose value travels further: `.then`, `?.catch`, `)`, `!`, `as T`, `satisfies T`, a comment. */
const chainAfter = /\s*(?:[.?)!/]|as\b|satisfies\b)/y;
/** A `.catch(` right after the call: settled, no need to ask the tree. */
const catchAfter = /\s*\??\.\s*catch\s*\(/y;

/** Follows `.then/.catch/.finally/.withResponse()` chains and `await` upwards from the call. */
function promiseOutcome(site: CallSite, source: SourceText): PromiseOutcome {
  let top = site.call;
  let awaited = site.awaited;
  // Nothing can chain onto a call that no member access, closing parenthesis or type assertion follows; an
  // await around it is seen by the climb to the enclosing try.
  const end = top.endIndex;
  if (!matchesAt(chainAfter, source, end)) return { handled: false, top, awaited };
  if (matchesAt(catchAfter, source, end)) return { handled: true, top, awaited };
  for (let parent = top.parent; parent; parent = top.parent) {
    if (parent.type === 'await_expression') awaited = true;
    if (transparentWrappers.has(parent.type)) {
      top = parent;
      continue;
    }
    if (parent.type !== 'member_expression' || !parent.childForFieldName('object')?.equals(top)) break;
    const chained = parent.parent;
    if (chained?.type !== 'call_expression' || !chained.childForFieldName('function')?.equals(parent)) break;
    const method = parent.childForFieldName('property')?.text ?? '';
    const argumentCount = chained.childForFieldName('arguments')?.namedChildren.length ?? 0;
    if (method === 'catch' || (method === 'then' && argumentCount >= 2)) return { handled: true, top, awaited };
    if (method !== 'then' && method !== 'finally' && !nodePromisePassThrough.has(method)) break;
    top = chained;
  }
  return { handled: false, top, awaited };
}

/** What may follow `expect(…)` for the test to expect a failure: jest/vitest `.rejects` / `.toThrow…`, chai `.to.throw` / `.to.be.rejected…`. */
const expectsFailure = /\s*\.\s*(?:rejects\b|toThrow|to\s*\.\s*(?:be\s*\.\s*)?(?:rejected|throw)|(?:to\s*\.\s*)?eventually\s*\.\s*(?:be\s*\.\s*)?rejected)/y;
const assertionMethods = new Set(['rejects', 'throws', 'throwsAsync', 'isRejected']);

/**
 * `expect(call).rejects`, `expect(() => call).toThrow()`, `assert.rejects(…)`, `assert.throws(…)`,
 * `t.throwsAsync(…)`: the framework runs (or awaits) what the arguments hold and expects it to fail.
 */
const expectedFailures: ExpectedFailureIdioms = {
  pattern: /(?<![\w$])(?:expect|rejects|throws|throwsAsync|isRejected)\s*\(/g,
  regionAt(tree, source, offset) {
    const name = namedNodeAt(tree, offset);
    if (!name) return undefined;
    let call: SyntaxNode | null;
    if (name.type === 'identifier' && name.text === 'expect') {
      call = name.parent;
      if (call?.type !== 'call_expression' || !call.childForFieldName('function')?.equals(name) || !matchesAt(expectsFailure, source, call.endIndex)) return undefined;
    } else if (name.type === 'property_identifier' && assertionMethods.has(name.text) && name.parent?.type === 'member_expression') {
      call = name.parent.parent;
      if (call?.type !== 'call_expression' || !call.childForFieldName('function')?.equals(name.parent)) return undefined;
    } else return undefined;
    const args = call.childForFieldName('arguments');
    return args ? { node: args, functionsRun: true } : undefined;
  },
};

/** Stream helpers return an object, not a promise: their errors arrive through the object, so no await is needed. */
const synchronousHelpers = new Set(['stream', 'runTools', 'runFunctions', 'submitToolOutputsStream', 'createAndRunStream']);
/** Whether a call is a stream helper's (its callee's last name is one): its failures arrive as 'error' events. */
export function isEventStreamHelper(call: SyntaxNode): boolean {
  const callee = call.childForFieldName('function');
  const method = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
  return method !== undefined && synchronousHelpers.has(method);
}

/** Helpers whose object is a stream: errors arrive while it is read, like a `stream: true` request's. */
const streamHelpers = new Set(['stream', 'submitToolOutputsStream', 'createAndRunStream']);

/**
 * Where a use of a stored promise or stream helper surfaces its rejection: an await of the variable or of a
 * method called on it (`await p.asResponse()`, `await runner.done()`), or a `for await` over it.
 */
export function settlingNode(use: SyntaxNode): SyntaxNode | undefined {
  let operand = use;
  for (;;) {
    const parent = operand.parent;
    if (parent?.type === 'parenthesized_expression' || (parent?.type === 'member_expression' && parent.childForFieldName('object')?.equals(operand))
      || (parent?.type === 'call_expression' && parent.childForFieldName('function')?.equals(operand))) operand = parent;
    else break;
  }
  if (operand.parent?.type === 'await_expression') return operand.parent;
  const loop = operand.parent;
  const iteratesAwaiting = loop?.type === 'for_in_statement' && loop.childForFieldName('right')?.equals(operand) && loop.children.some((child) => child?.type === 'await');
  return iteratesAwaiting ? loop : undefined;
}

const scopeBoundaries = new Set([...functionTypes, 'class_body', 'class_declaration', 'class']);

/** Functions written in place as an argument, which the call they are passed to may run. */
const callbackTypes = new Set(['arrow_function', 'function_expression', 'function']);
/** Nodes between a call and a callback's result that hand its promise on as it is. */
const handedOut = new Set([...jsTypeWrappers, 'await_expression', 'return_statement']);

/**
 * A callback passed in place to a call (`pRetry(() => …)`, `items.map(async (item) => …)`): the runner's promise
 * rejects with what the callback's promise rejects with, and must itself be awaited in the try.
 */
function callbackRunner(fn: SyntaxNode): { call: SyntaxNode; settled: boolean } | undefined {
  const list = fn.parent;
  const call = list?.parent;
  return callbackTypes.has(fn.type) && list?.type === 'arguments' && call?.type === 'call_expression' ? { call, settled: false } : undefined;
}

/**
 * Whether the callback's promise carries the judged call's outcome: returned as it is (`() => client.create()`,
 * `{ return client.create(); }`), or awaited inside an async callback.
 */
function callbackCarries(fn: SyntaxNode, inside: readonly PathNode[], awaitedInside: boolean): boolean {
  const returned = inside.slice(0, -1).every((step, index) => handedOut.has(step.type) || (index === 0 && step.type === 'statement_block'));
  return returned || (awaitedInside && isAsyncFunction(fn));
}

const listenerMethods = new Set(['on', 'once', 'off', 'emitted']);

/**
 * `.on('error', …)`, `.once(…)`, `.off(…)`, `.emitted(…)` called on `target`: 'error' when it listens for the
 * 'error' event (`emitted('error')` resolves with the error instead of rejecting), 'other' for another event.
 */
function listenerCallOn(target: SyntaxNode): { call: SyntaxNode; event: 'error' | 'other' } | undefined {
  const member = target.parent;
  if (member?.type !== 'member_expression' || !member.childForFieldName('object')?.equals(target)) return undefined;
  const method = member.childForFieldName('property')?.text ?? '';
  const call = member.parent;
  if (!listenerMethods.has(method) || call?.type !== 'call_expression' || !call.childForFieldName('function')?.equals(member)) return undefined;
  const event = call.childForFieldName('arguments')?.namedChildren.find((child) => child?.type !== 'comment');
  const listensForError = method !== 'off' && event?.type === 'string' && stringValue(event) === 'error';
  return { call, event: listensForError ? 'error' : 'other' };
}

/** How stream helpers are listened to: `.on(…)` chains on the call, and `s.on(…)` on the variable holding one. */
const eventStreams: EventStreamRules = {
  chained(call) {
    let top = call;
    let errorListener = false;
    for (;;) {
      if (top.parent && transparentWrappers.has(top.parent.type) && top.parent.type !== 'await_expression') {
        top = top.parent;
        continue;
      }
      const listener = listenerCallOn(top);
      if (!listener) break;
      errorListener ||= listener.event === 'error';
      top = listener.call;
    }
    return { top, errorListener };
  },
  variable(top) {
    const parent = top.parent;
    if (parent?.type === 'variable_declarator' && parent.childForFieldName('value')?.equals(top)) {
      const name = parent.childForFieldName('name');
      const scope = parent.parent?.parent;
      // Uses count from the end of the declarator: its own listeners may name a parameter like it (`.on('run', (run) => …)`).
      return name?.type === 'identifier' && scope ? { name: name.text, from: parent.endIndex, to: scope.endIndex } : undefined;
    }
    if (parent?.type === 'assignment_expression' && parent.childForFieldName('right')?.equals(top)) {
      const name = parent.childForFieldName('left');
      const scope = ancestorOfType(parent, functionTypes) ?? parent.tree.rootNode;
      return name?.type === 'identifier' ? { name: name.text, from: parent.endIndex, to: scope.endIndex } : undefined;
    }
    return undefined;
  },
  listenerAt: (use) => listenerCallOn(use)?.event,
};

const rules: LanguageRules = {
  scopeBoundaries,
  callType: 'call_expression',
  candidatePatterns: candidatePatternsFor,
  nameStart: /[\w$]/,
  callAround,
  classifyCallee: classifyCall,
  boundTarget,
  callSite(call, calleeText, sdk, calleeEnd, source): CallSite {
    const method = /[\w$]+\s*$/.exec(calleeText)?.[0].trim() ?? '';
    const stream = streamHelpers.has(method) || isStreamingCall(call, calleeEnd, source) ? storedIn(call) ?? null : undefined;
    return { call, sdk, calleeText, stream, awaited: synchronousHelpers.has(method), eventStream: synchronousHelpers.has(method) };
  },
  // A try statement's only direct statement block is its body (the handler and finalizer wrap theirs).
  isTryBody: (child) => child.type === 'statement_block',
  tryHandlers: (tryNode, body, bindings) => catchHandlers(tryNode, body, bindings),
  promiseOutcome,
  isAwait(node) {
    return node.type === 'await_expression' || (node.type === 'for_in_statement' && node.node.children.some((child) => child?.type === 'await'));
  },
  callbackRunner,
  callbackCarries,
  plainTextBetween(source, blockStart, callStart) {
    // After the block's own brace: another brace may open a function or method body, `=>` an arrow function.
    const between = source.slice(blockStart + 1, callStart);
    const ownAwait = /\bawait[ \t\n]*\(?[ \t\n]*$/.exec(between);
    const rest = ownAwait ? between.slice(0, ownAwait.index) : between;
    return /[{}]|=>|\b(?:function|class|try|await|yield)\b/.test(rest) ? undefined : { awaited: ownAwait !== null };
  },
  storedResult(top) {
    let value = top;
    // `const request = admin ? a.list() : b.create()`: either branch's promise is what the variable holds.
    while (value.parent?.type === 'parenthesized_expression' || (value.parent?.type === 'ternary_expression' && !value.parent.childForFieldName('condition')?.equals(value))) value = value.parent;
    const declarator = value.parent;
    if (declarator?.type !== 'variable_declarator' || !declarator.childForFieldName('value')?.equals(value)) return undefined;
    const name = declarator.childForFieldName('name');
    // `const` and `let` only: block-scoped, so their uses lie in the block; not at the top of a module.
    const declaration = declarator.parent;
    const scope = declaration?.parent;
    if (name?.type !== 'identifier' || declaration?.type !== 'lexical_declaration' || !scope || scope.type === 'program') return undefined;
    return { name: name.text, from: name.endIndex, to: scope.endIndex };
  },
  variableUseTypes: new Set(['identifier', 'shorthand_property_identifier']),
  awaitOf(use) {
    let operand = use;
    while (operand.parent?.type === 'parenthesized_expression') operand = operand.parent;
    return operand.parent?.type === 'await_expression' ? operand.parent : undefined;
  },
  settledAt: settlingNode,
  streamLoopPattern: (variable) => new RegExp(`\\bfor[ \\t]*(?:await[ \\t]*)?\\([^)\\n]*?\\bof[ \\t]+${variable.replace(/\$/g, '\\$')}[ \\t]*\\)`, 'g'),
  loopTypes: new Set(['for_in_statement']),
  expectedFailures,
  // `return await stream.finalChatCompletion()` reads the stream before the try ends; any other return hands it on.
  handsOn: (_use, returned) => returned.namedChildren.find((child) => child?.type !== 'comment')?.type !== 'await_expression',
  eventStreams,
  declaredName(parent, child) {
    if (parent.type !== 'variable_declarator' || !parent.childForFieldName('value')?.equals(child)) return undefined;
    const name = parent.childForFieldName('name');
    return name?.type === 'identifier' ? name.text : undefined;
  },
};

export const javascriptDetector: Detector = detectorWith(rules, { collectBindings, mayBind, scopeBoundaries });
