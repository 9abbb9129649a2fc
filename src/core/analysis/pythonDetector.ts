// Python: finds calls into the openai package (1.x+ clients, the module client, 0.x module-level classes) and
// decides whether a try/except around them catches what they raise.
import {
  pythonCatchAllExceptions, pythonClientClasses, pythonClientCopyMethods, pythonDistinctivePaths, pythonResources,
  pythonTransparentSegments, pythonV0Classes, isDistinctivePath, mockMembers, pythonOfflineMethods, pythonClientWrappers, pythonDropInModules, pythonLookalikeSdks, pythonProviderFactories, openAIProviderPrefixes, rawRequestMethods,
} from '../sdk/callShapes';
import { errorHierarchy } from '../sdk/errorHierarchy';
import type { SdkFlavour } from '../types';
import { addEvidence, addForeignScope, noteForeignAssignment, scopeForeignAssignments, addStubScope, alternation, anyReceiver, classifyAttribute, classifyName, emptyBindings, isStubbedAt, mayHoldClients, type FileBindings, type ReceiverOrigin } from './bindings';
import type { Detector } from './detector';
import type { HandlerCatch } from './handlerCoverage';
import type { ExpectedFailureIdioms } from './expectedFailures';
import { detectorWith, type CallSite, type HandlingContext, type LanguageRules, type TryHandlers } from './protection';
import { parseCallee, type ChainRoot } from './calleeChain';
import { SourceText } from './sourceText';
import { ancestorOfType, contains, lineStartMatchesIn, matchesIn, namedNodeAt, type SyntaxNode } from './syntax';
import { hasMockTransport } from './stubTransports';
import type { TreeSitter } from './treeSitter';

const sdkErrorNames = new Set([
  ...errorHierarchy('openai-python-v1').classes.map((c) => c.name),
  ...errorHierarchy('openai-python-v0').classes.map((c) => c.name),
]);

const importPattern = /^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import|import)[ \t(]/gm;
/** `= Callee(` and, before it on the line, the variable or `self.` attribute assigned (possibly annotated). */
const assignedCall = /=[ \t]*(?:await[ \t]+)?([A-Za-z_][\w.]*)[ \t]*\(/g;
const assignmentTarget = /^[ \t]*(self\.)?([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?$/;
/** `name = receiver.with_options(` / `.copy(`: the name holds a configured copy of the receiver. */
const copiedClient = /^[ \t]*(self\.)?([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*([A-Za-z_][\w.]*)\.(?:with_options|copy)[ \t]*\(/gm;
/** `patch(…) as name`, `patch.object(…) as name` on one line: the name holds a mock. */
const patchedAs = /\bpatch(?:\s*\.\s*(?:object|dict|multiple))?\s*\([^\n]*\)\s+as\s+([A-Za-z_]\w*)/g;
/** The annotated name before `: Type`. */
const annotatedName = /\b([A-Za-z_]\w*)[ \t]*$/;
const resourcePattern = new RegExp(`\\.\\s*(?:${alternation(pythonResources)})\\s*\\.`, 'g');
const rawRequestPattern = new RegExp(`\\.\\s*(?:${alternation(rawRequestMethods)})\\s*\\(`, 'g');
/** `getattr(client.chat.completions, "create")(…)`: the whole callee, up to its argument list. */
const getattrCall = /(?<callee>\bgetattr\s*\(\s*[A-Za-z_][\w.]*\s*,\s*(['"])\w+\2\s*\))\s*\(/g;
const getattrCallee = /^getattr\s*\(\s*([A-Za-z_][\w.]*)\s*,\s*['"](\w+)['"]\s*\)$/;
/** A bound method stored in a variable: the chain itself, `functools.partial(chain, …)` or `getattr(receiver, "name")`. */
const storedMethod = /^[ \t]*((?:self\.)?[A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:([A-Za-z_][\w.]*\.[A-Za-z_]\w*)[ \t]*(?:#.*)?$|(?:functools\s*\.\s*)?partial\s*\(\s*([A-Za-z_][\w.]*\.[A-Za-z_]\w*)\s*[,)]|getattr\s*\(\s*([A-Za-z_][\w.]*)\s*,\s*(['"])(\w+)\5\s*\))/gm;
const boundPatterns = new WeakMap<FileBindings, RegExp>();

function boundMethodPattern(bindings: FileBindings): RegExp {
  let pattern = boundPatterns.get(bindings);
  if (!pattern) {
    pattern = new RegExp(`(?<![\\w.])(?:${alternation(bindings.boundMethods.keys())})\\s*\\(`, 'g');
    boundPatterns.set(bindings, pattern);
  }
  return pattern;
}

const v0QualifiedPattern = new RegExp(`\\.\\s*(?:${alternation(pythonV0Classes)})\\s*\\.\\s*\\w+\\s*\\(`, 'g');

/** Where calls can be: resource paths; 0.x classes behind an openai alias (`openai.ChatCompletion.create(`) or imported by name. */
function candidatePatterns(bindings: FileBindings): RegExp[] {
  const patterns = [resourcePattern, getattrCall];
  if (bindings.boundMethods.size > 0) patterns.push(boundMethodPattern(bindings));
  if (mayHoldClients(bindings)) patterns.push(rawRequestPattern);
  if (bindings.moduleAliases.size > 0) patterns.push(v0QualifiedPattern);
  if (bindings.v0Classes.size > 0) patterns.push(new RegExp(`\\b(?:${alternation(bindings.v0Classes)})\\s*\\.\\s*\\w+\\s*\\(`, 'g'));
  return patterns;
}

function isOpenAIModule(name: string): boolean {
  return name === 'openai' || name.startsWith('openai.') || pythonDropInModules.has(name);
}

/** Records the client wrappers a module (`instructor`, `langsmith.wrappers`) brings in under `alias`. */
function bindWrapperModule(module: string, alias: string, bindings: FileBindings): void {
  for (const wrapper of pythonClientWrappers.get(module) ?? []) bindings.wrappers.add(`${alias}.${wrapper}`);
  for (const factory of pythonProviderFactories.get(module) ?? []) bindings.providerFactories.add(`${alias}.${factory}`);
}

/** Records which SDK a module belongs to: openai's own, or another provider's OpenAI-shaped one. */
function noteSdkModule(module: string, bindings: FileBindings): void {
  if (isOpenAIModule(module)) bindings.sdkModules.add(module);
  const root = module.split('.')[0];
  if (pythonLookalikeSdks.includes(root)) bindings.lookalikeSdks.add(root);
}

/**
 * Whether the file imports other providers' OpenAI-shaped SDKs and nothing of openai: a client of unknown origin
 * is then theirs. (Clients a wrapper such as instructor's builds here are known clients, not of unknown origin.)
 */
function importsOnlyLookalikes(bindings: FileBindings): boolean {
  return bindings.lookalikeSdks.size > 0 && bindings.sdkModules.size === 0;
}

function readImport(node: SyntaxNode, bindings: FileBindings): void {
  if (node.type === 'import_statement') {
    for (const item of node.childrenForFieldName('name')) {
      if (!item) continue;
      const dotted = item.type === 'aliased_import' ? item.childForFieldName('name')?.text ?? '' : item.text;
      const alias = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text ?? '' : dotted.split('.')[0];
      noteSdkModule(dotted, bindings);
      bindWrapperModule(dotted, alias, bindings);
      if (!isOpenAIModule(dotted)) bindings.importedNames.add(alias);
      else if (item.type === 'aliased_import' && dotted === 'openai.error') bindings.errorModuleAliases.add(alias);
      else bindings.moduleAliases.add(alias);
    }
    return;
  }
  const module = node.childForFieldName('module_name')?.text ?? '';
  noteSdkModule(module, bindings);
  const imported: [string, string][] = node.childrenForFieldName('name').flatMap((item) => {
    if (!item) return [];
    if (item.type === 'aliased_import') return [[item.childForFieldName('name')?.text ?? '', item.childForFieldName('alias')?.text ?? '']];
    return [[item.text, item.text]];
  });
  if (!isOpenAIModule(module)) {
    for (const [name, alias] of imported) {
      bindings.importedNames.add(alias);
      bindWrapperModule(`${module}.${name}`, alias, bindings);
      if (pythonClientWrappers.get(module)?.includes(name)) bindings.wrappers.add(alias);
      if (pythonProviderFactories.get(module)?.includes(name)) bindings.providerFactories.add(alias);
    }
    return;
  }
  if (node.namedChildren.some((child) => child?.type === 'wildcard_import')) {
    for (const name of [...pythonClientClasses, ...sdkErrorNames, ...pythonV0Classes]) imported.push([name, name]);
  }
  for (const [name, alias] of imported) {
    if (name === 'openai' && pythonDropInModules.has(module)) bindings.moduleAliases.add(alias);
    if (name === 'error') bindings.errorModuleAliases.add(alias);
    if (pythonClientClasses.includes(name)) bindings.constructors.add(alias);
    if (module === 'openai' && pythonV0Classes.has(name)) bindings.v0Classes.add(alias);
    if (sdkErrorNames.has(name)) bindings.errorClasses.set(alias, name);
  }
}

const importTypes = new Set(['import_statement', 'import_from_statement']);
/** A client argument that makes it raise APIResponseValidationError for responses that do not match their types. */
const strictValidation = /\b_strict_response_validation\s*=\s*True\b/;
const transparentWrappers = new Set(['await', 'parenthesized_expression']);

/**
 * Where the value of a client-constructing call ends up: a variable, an attribute, or a factory's return.
 * Returns the node that says so (the assignment, or the whole factory).
 */
function bindConstructed(call: SyntaxNode, bindings: FileBindings, factories: Set<string>): SyntaxNode | undefined {
  let value = call;
  while (value.parent && transparentWrappers.has(value.parent.type)) value = value.parent;
  const parent = value.parent;
  if (!parent) return undefined;
  if (parent.type === 'assignment' && parent.childForFieldName('right')?.equals(value)) {
    const left = parent.childForFieldName('left');
    const name = left?.type === 'identifier' ? left.text : left?.type === 'attribute' ? left.childForFieldName('attribute')?.text ?? '' : '';
    if (left?.type === 'identifier') bindings.clients.add(name);
    else if (left?.type === 'attribute') bindings.clientAttributes.add(name);
    if (name && strictValidation.test(call.text)) bindings.strictClients.add(name);
  } else if (parent.type === 'as_pattern') {
    const target = parent.childForFieldName('alias')?.namedChild(0);
    if (target?.type === 'identifier') bindings.clients.add(target.text);
  } else if (parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') {
    bindings.clients.add(parent.childForFieldName('name')?.text ?? '');
  } else if (parent.type === 'keyword_argument') {
    bindings.clientAttributes.add(parent.childForFieldName('name')?.text ?? '');
  } else if (parent.type === 'return_statement') {
    const factory = ancestorOfType(parent, new Set(['function_definition']));
    const name = factory?.childForFieldName('name')?.text;
    if (name && !bindings.constructors.has(name)) factories.add(name);
    return factory ?? parent;
  }
  return parent;
}

const functionTypes = new Set(['function_definition']);
/** Bodies of functions, branches and loops: where a name's assignment holds until the next one. */
const blockTypes = new Set(['block']);
/** respx's markers: `@pytest.mark.respx(…)`, `@respx.mock`, or a `respx_mock` fixture parameter (also respx2's). */
const respxScope = /@[ \t]*(?:pytest[ \t]*\.[ \t]*mark[ \t]*\.[ \t]*respx2?|respx2?[ \t]*\.[ \t]*mock)\b|(?<![\w.])respx2?_mock[ \t]*[:,)]/g;
const respxWord = /respx/g;
const decoratedTypes = new Set(['decorated_definition']);

/** The function or class a respx marker covers: what a decorator decorates, or the function taking the fixture. */
function respxScopeAt(tree: TreeSitter.Tree, offset: number, decorator: boolean): SyntaxNode | null {
  const node = namedNodeAt(tree, decorator ? offset + 1 : offset);
  if (!decorator) {
    const fn = ancestorOfType(node, functionTypes, 4);
    return fn?.childForFieldName('parameters') && contains(fn.childForFieldName('parameters') as SyntaxNode, { startIndex: offset, endIndex: offset }) ? fn : null;
  }
  return ancestorOfType(node, decoratedTypes, 6)?.childForFieldName('definition') ?? null;
}

/** VCR's markers: pytest-recording's `pytest.mark.vcr` and vcrpy's `use_cassette` (`@vcr.use_cassette(…)`, `with …:`). */
const vcrMarker = /\bpytest[ \t]*\.[ \t]*mark[ \t]*\.[ \t]*vcr\b|\buse_cassette\b/g;

/**
 * What a VCR marker covers: what its decorator decorates, the whole module for a module-level `pytestmark`, the
 * block of the `with` whose context it is.
 */
function vcrScopeAt(tree: TreeSitter.Tree, offset: number): SyntaxNode | null {
  const node = namedNodeAt(tree, offset);
  const decorator = ancestorOfType(node, decoratorTypes, 6);
  if (decorator) return decorator.parent?.type === 'decorated_definition' ? decorator.parent.childForFieldName('definition') : null;
  const item = ancestorOfType(node, withItemTypes, 6);
  if (item) return ancestorOfType(item, withTypes, 2)?.childForFieldName('body') ?? null;
  const statement = tree.rootNode.namedChildren.find((child) => child && child.startIndex <= offset && offset < child.endIndex);
  const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : null;
  return assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === 'pytestmark' ? tree.rootNode : null;
}

const decoratorTypes = new Set(['decorator']);
const withItemTypes = new Set(['with_item']);

/** Names bound to clients on a mock transport, and the factories that return one (see stubTransports.ts). */
interface StubbedClients {
  names: Set<string>;
  factories: Set<string>;
}

/** Finds `Ctor(` for the given names and binds each result (qualified forms only behind an openai alias). */
function bindConstructorCalls(tree: TreeSitter.Tree, source: SourceText, names: ReadonlySet<string>, bindings: FileBindings, stubbed: StubbedClients): Set<string> {
  const factories = new Set<string>();
  if (names.size === 0) return factories;
  const pattern = new RegExp(`\\b(?:${alternation(names)})\\s*\\(`, 'g');
  for (const match of matchesIn(pattern, source)) {
    const name = namedNodeAt(tree, match.index);
    if (name?.type !== 'identifier') continue;
    let callee: SyntaxNode = name;
    if (name.parent?.type === 'attribute' && name.parent.childForFieldName('attribute')?.equals(name)) {
      const qualifier = name.parent.childForFieldName('object')?.text ?? '';
      if (!bindings.moduleAliases.has(qualifier) && !bindings.extraNames.has(name.text)) continue;
      callee = name.parent;
    }
    const call = callee.parent;
    if (call?.type !== 'call' || !call.childForFieldName('function')?.equals(callee)) continue;
    if (stubbed.factories.has(name.text) || hasMockTransport(call, tree, source)) {
      const stubFactories = new Set<string>();
      const names = new Set<string>();
      addEvidence(bindings, bindConstructed(call, { ...bindings, clients: names, clientAttributes: names }, stubFactories));
      for (const stub of names) stubbed.names.add(stub);
      addStubScope(bindings, names, ancestorOfType(call, functionTypes));
      for (const factory of stubFactories) {
        stubbed.factories.add(factory);
        factories.add(factory);
      }
    } else addEvidence(bindings, bindConstructed(call, bindings, factories));
  }
  return factories;
}

/** Binds what client wrappers (`instructor.from_openai(OpenAI())`, `wrap_openai(client)`) return, like a constructed client. */
function bindWrapperCalls(tree: TreeSitter.Tree, source: SourceText, bindings: FileBindings): void {
  const callees = [...bindings.wrappers, ...bindings.providerFactories];
  if (callees.length === 0) return;
  const pattern = new RegExp(`(?<![\\w.])(?:${alternation(callees)})\\s*\\(`, 'g');
  const factories = new Set<string>();
  for (const match of matchesIn(pattern, source)) {
    const call = callOfCallee(tree, match.index);
    if (!call) continue;
    if (bindings.providerFactories.has(call.callee) && !namesOpenAIProvider(call.node)) continue;
    addEvidence(bindings, bindConstructed(call.node, bindings, factories));
  }
  for (const factory of factories) bindings.constructors.add(factory);
}

/** The call whose callee (`f`, `mod.f`) starts at an offset, with the callee as written. */
function callOfCallee(tree: TreeSitter.Tree, offset: number): { node: SyntaxNode; callee: string } | undefined {
  const name = namedNodeAt(tree, offset);
  const callee = name?.parent?.type === 'attribute' ? name.parent : name;
  const call = callee?.parent;
  return callee && call?.type === 'call' && call.childForFieldName('function')?.equals(callee) ? { node: call, callee: callee.text } : undefined;
}

/**
 * Whether a provider factory's call names one of OpenAI's providers, in its first argument or as `model=`
 * (`from_provider("openai/gpt-4o")`, `from_provider(model="openai/gpt-4o")`).
 */
function namesOpenAIProvider(call: SyntaxNode): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const keyword = args.find((arg) => arg?.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'model');
  const model = keyword ? keyword.childForFieldName('value') : args[0];
  if (model?.type !== 'string') return false;
  const value = model.text.replace(/^[a-zA-Z]*["']+/, '');
  return openAIProviderPrefixes.some((prefix) => value.startsWith(prefix));
}

function collectBindings(tree: TreeSitter.Tree, source: SourceText, extraNames: readonly string[]): FileBindings {
  const bindings = emptyBindings(extraNames);
  for (const match of lineStartMatchesIn(importPattern, ['from', 'import'], source)) {
    const node = ancestorOfType(namedNodeAt(tree, match.index + match[0].search(/\S/)), importTypes, 3);
    if (!node) continue;
    readImport(node, bindings);
    addEvidence(bindings, node);
  }
  const clientNames = new Set(bindings.constructors);
  if (bindings.moduleAliases.size > 0) for (const name of pythonClientClasses) clientNames.add(name);
  const stubbed: StubbedClients = { names: new Set(), factories: new Set() };
  const factories = bindConstructorCalls(tree, source, clientNames, bindings, stubbed);
  for (const factory of factories) bindings.constructors.add(factory);
  bindConstructorCalls(tree, source, factories, bindings, stubbed);

  bindWrapperCalls(tree, source, bindings);

  // Annotations (`client: OpenAI`, `self.client: AsyncOpenAI | None`) name clients that arrive from elsewhere.
  const annotated = [...bindings.constructors].filter((name) => !factories.has(name));
  if (annotated.length > 0) {
    const qualified = bindings.moduleAliases.size > 0 ? `(?:(?:${alternation(bindings.moduleAliases)})\\.)?` : '';
    const pattern = new RegExp(`:[ \\t]*[\\w.\\[\\], |"']*?\\b${qualified}(?:${alternation(annotated)})\\b`, 'g');
    for (const match of matchesIn(pattern, source)) {
      const prefix = source.linePrefix(match.index);
      const name = annotatedName.exec(prefix)?.[1];
      if (!name) continue;
      bindings.clients.add(name);
      bindings.clientAttributes.add(name);
      addEvidence(bindings, { startIndex: match.index - prefix.length, endIndex: match.index + match[0].length });
    }
  }

  // Configured copies of a client (`fast = client.with_options(timeout=5)`) are clients too.
  for (const match of matchesIn(copiedClient, source)) {
    const receiver = match[3].split('.');
    const origin = receiver.length === 1 ? classifyName(bindings, receiver[0]) : classifyAttribute(bindings, receiver[receiver.length - 1]);
    if (origin !== 'client') continue;
    (match[1] ? bindings.clientAttributes : bindings.clients).add(match[2]);
    // A copy of a client on a mock transport answers from the same mock.
    if (isStubbedAt(bindings, match[3], match.index)) addStubScope(bindings, [match[2]], ancestorOfType(namedNodeAt(tree, match.index), functionTypes));
    addEvidence(bindings, { startIndex: match.index, endIndex: match.index + match[0].length });
  }

  // Tests under respx answer every request of httpx from their routes: no call in them reaches the network.
  const mentionsRespx = !matchesIn(respxWord, source).next().done;
  for (const match of mentionsRespx ? matchesIn(respxScope, source) : []) {
    const scope = respxScopeAt(tree, match.index, match[0].startsWith('@'));
    if (!scope) continue;
    addStubScope(bindings, [anyReceiver], scope);
    addEvidence(bindings, { startIndex: match.index, endIndex: match.index + match[0].length });
  }

  // Tests under VCR (pytest-recording's `vcr` mark, vcrpy's `use_cassette`) are answered from recorded cassettes.
  if (source.includes('vcr') || source.includes('use_cassette')) {
    for (const match of matchesIn(vcrMarker, source)) {
      const scope = vcrScopeAt(tree, match.index);
      if (!scope) continue;
      addStubScope(bindings, [anyReceiver], scope);
      addEvidence(bindings, { startIndex: match.index, endIndex: match.index + match[0].length });
    }
  }

  // Clients on a mock transport answer from the test itself; a name also bound to a real client stays a client.
  for (const name of stubbed.names) if (!bindings.clients.has(name) && !bindings.clientAttributes.has(name)) bindings.mocks.add(name);

  // Test doubles: `with patch("openai.OpenAI") as mock_openai:` (mock constructors are capitalised: foreign below).
  for (const match of matchesIn(patchedAs, source)) {
    bindings.mocks.add(match[1]);
    addEvidence(bindings, { startIndex: match.index, endIndex: match.index + match[0].length });
  }

  // Bound methods kept for later (`completion = client.chat.completions.create`, `partial(…)`, `getattr(…)`).
  for (const match of matchesIn(storedMethod, source)) {
    const chain = match[2] ?? match[3] ?? `${match[4]}.${match[6]}`;
    if (!classifyCall(chain, bindings)) continue;
    bindings.boundMethods.set(match[1], chain);
    addEvidence(bindings, { startIndex: match.index, endIndex: match.index + match[0].length });
  }

  // Context managers that handle errors in their block: what they catch decides findings in every `with` of them.
  for (const [name, handler] of contextManagerTries(tree, source)) {
    bindings.contextHandlers.set(name, handler.namedChildren.filter((child) => child?.type === 'except_clause').map((clause) => clause?.text.split('\n')[0] ?? '').join('\n'));
  }
  // Every context manager's definition, with a try or not yet: an edit in one may give it one or change it.
  if (source.includes('contextmanager')) {
    for (const match of matchesIn(contextManagerDecorator, source)) addEvidence(bindings, ancestorOfType(namedNodeAt(tree, match.index), decoratedTypes, 4) ?? undefined);
  }

  // Objects of other libraries (`client = anthropic.Anthropic()`, `self.s3 = boto3.client("s3")`).
  const foreignAssignments = new Map<string, number[]>();
  for (const match of matchesIn(assignedCall, source)) {
    if (!mayConstructForeign(match[1], bindings)) continue;
    // A provider factory's call for OpenAI built a client above (see bindWrapperCalls).
    if (bindings.providerFactories.has(match[1])) {
      const call = callOfCallee(tree, match.index + match[0].lastIndexOf(match[1]));
      if (call && namesOpenAIProvider(call.node)) continue;
    }
    // Only now the line before the `=`: most assigned calls are not other libraries' objects.
    const prefix = source.linePrefix(match.index);
    const target = assignmentTarget.exec(prefix);
    if (!target) continue;
    (target[1] ? bindings.foreignAttributes : bindings.foreignNames).add(target[2]);
    addEvidence(bindings, { startIndex: match.index - prefix.length, endIndex: match.index + match[0].length });
    // Only a callee of its own (not a method of the client: `client = client.with_options(…)` keeps a client).
    if (!target[1] && bindings.clients.has(target[2]) && !bindings.clients.has(match[1].split('.')[0])) {
      const block = ancestorOfType(namedNodeAt(tree, match.index), blockTypes);
      addForeignScope(bindings, target[2], match.index, block, source, nextAssignmentOf(target[2]));
    } else if (!target[1] && !bindings.clients.has(target[2])) {
      noteForeignAssignment(foreignAssignments, target[2], match.index);
    }
  }
  // sweep embeds with voyage in one branch and with OpenAI in the other.
  scopeForeignAssignments(bindings, source, foreignAssignments, resourcePattern, (names) => assignmentCounts(source, names), (offset) => ancestorOfType(namedNodeAt(tree, offset), blockTypes), nextAssignmentOf);
  return bindings;
}

/** A name's next plain assignment (`client = …`, `client: T = …`), at a line start. */
function nextAssignmentOf(name: string): RegExp {
  return new RegExp(`^[ \\t]*${name}[ \\t]*(?::[^=\\n]*)?=(?!=)`, 'm');
}

/** How often each name is assigned at a line start (`client = …`, `client: T = …`). */
function assignmentCounts(source: SourceText, names: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const anyAssignment = new RegExp(`^[ \\t]*(${alternation(names)})[ \\t]*(?::[^=\\n]*)?=(?!=)`, 'gm');
  for (const match of lineStartMatchesIn(anyAssignment, names, source)) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
  return counts;
}

/** A factory named for another provider (`make_anthropic_client`, `get_groq_client`) builds that provider's client. */
const otherProviderWord = /anthropic|claude|groq|mistral|cohere|gemini|vertex|bedrock|ollama|together|fireworks|cerebras|voyage|hugging|deepseek|zhipu|perplexity|replicate/i;

/** Whether an assigned call's callee (`anthropic.Anthropic`, `boto3.client`) may build another library's object. */
function mayConstructForeign(callee: string, bindings: FileBindings): boolean {
  const dot = callee.indexOf('.');
  const root = dot === -1 ? callee : callee.slice(0, dot);
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  if (bindings.constructors.has(last) || bindings.moduleAliases.has(root) || bindings.extraNames.has(root) || bindings.wrappers.has(callee)) return false;
  // A function (not a class) named for OpenAI (`get_openai_client(key, base_url)`, khoj's helpers) is no other
  // library's factory: what it returns is of unknown origin, judged by its resource paths.
  if (/^[a-z_]/.test(last) && /openai/i.test(last)) return false;
  // Nor is an imported function called by its bare name (`get_embeddings_client()`, mostly the project's own
  // helpers), unless it is named for another provider: a package's factory is reached through the package
  // (`boto3.client(…)`) or is a class.
  if (dot === -1 && /^[a-z_]/.test(last) && !bindings.providerFactories.has(callee)) return otherProviderWord.test(last) || bindings.foreignNames.has(root);
  return /^[A-Z]/.test(last) || bindings.importedNames.has(root) || bindings.foreignNames.has(root);
}

/** Words that may state a binding: imports and the names that construct clients (calls, annotations, factories). */
const bindingWords = new WeakMap<FileBindings, RegExp>();

/** Whether text (whole lines) may state a binding that `bindings` does not already hold where it is. */
function mayBind(text: string, bindings: FileBindings): boolean {
  let words = bindingWords.get(bindings);
  if (!words) {
    words = new RegExp(`\\b(?:import|patch|with_options|copy|from_openai|from_provider|apatch|contextmanager|asynccontextmanager|vcr|use_cassette|wrap_openai|partial|getattr|MockTransport|BaseTransport|respx\\w*|${alternation(new Set([...bindings.constructors, ...pythonClientClasses]))})\\b`);
    bindingWords.set(bindings, words);
  }
  if (words.test(text)) return true;
  // A chain assigned without a call may store a bound method (`completion = client.chat.completions.create`).
  for (const match of matchesIn(storedMethod, SourceText.of(text))) if (classifyCall(match[2] ?? match[3] ?? `${match[4]}.${match[6]}`, bindings)) return true;
  for (const match of matchesIn(assignedCall, SourceText.of(text))) if (mayConstructForeign(match[1], bindings)) return true;
  return false;
}

function originOfRoot(root: ChainRoot, bindings: FileBindings): ReceiverOrigin {
  if (!root.call) return root.name ? classifyName(bindings, root.name) : 'unknown';
  if (bindings.wrappers.has(root.qualifier ? `${root.qualifier}.${root.name}` : root.name)) return 'client';
  if (root.qualifier) {
    if (bindings.moduleAliases.has(root.qualifier) && pythonClientClasses.includes(root.name)) return 'client';
    if (bindings.extraNames.has(root.name)) return 'client';
    return bindings.importedNames.has(root.qualifier.split('.')[0]) || bindings.foreignNames.has(root.qualifier.split('.')[0]) || /^[A-Z]/.test(root.name) ? 'foreign' : 'unknown';
  }
  if (bindings.constructors.has(root.name)) return 'client';
  return /^[A-Z]/.test(root.name) || bindings.foreignNames.has(root.name) ? 'foreign' : 'unknown';
}

/** Whether a call node is an OpenAI SDK call, and which flavour. */
/** The chain a callee calls when it is a bound method in a variable or a `getattr(…)` of one. */
function boundTarget(calleeText: string, bindings: FileBindings): string | undefined {
  const bound = bindings.boundMethods.get(calleeText);
  if (bound) return bound;
  const fetched = getattrCallee.exec(calleeText);
  return fetched ? `${fetched[1]}.${fetched[2]}` : undefined;
}

function classifyCall(calleeText: string, bindings: FileBindings): SdkFlavour | undefined {
  const target = boundTarget(calleeText, bindings);
  if (target) return classifyCall(target, bindings);
  const chain = parseCallee(calleeText, pythonClientCopyMethods);
  if (!chain) return undefined;
  const { root, segments } = chain;
  if (segments.some((segment) => mockMembers.has(segment))) return undefined;
  if (!root.call) {
    if (bindings.moduleAliases.has(root.name) && segments.length === 2 && pythonV0Classes.has(segments[0])) return 'openai-python-v0';
    if (bindings.v0Classes.has(root.name) && segments.length === 1) return 'openai-python-v0';
  }
  if (rawRequestMethods.has(segments[segments.length - 1])) {
    const origin = segments.length === 1 ? originOfRoot(root, bindings) : classifyAttribute(bindings, segments[segments.length - 2]);
    if (origin === 'client') return 'openai-python-v1';
  }
  const resourceIndex = segments.findIndex((segment) => pythonResources.has(segment));
  if (resourceIndex === -1) return undefined;
  const path = segments.slice(resourceIndex).filter((segment) => !pythonTransparentSegments.has(segment));
  if (path.length < 2 || pythonOfflineMethods.has(path.join('.'))) return undefined;
  const origin = resourceIndex === 0 ? originOfRoot(root, bindings) : classifyAttribute(bindings, segments[resourceIndex - 1]);
  if (origin === 'client') return 'openai-python-v1';
  if (origin === 'unknown' && !importsOnlyLookalikes(bindings) && isDistinctivePath(pythonDistinctivePaths, path.join('.'))) return 'openai-python-v1';
  return undefined;
}

/** Whether the client a call goes through was created with strict response validation on. */
function validatesStrictly(calleeText: string, bindings: FileBindings): boolean {
  const chain = parseCallee(calleeText, pythonClientCopyMethods);
  if (!chain) return false;
  const resourceIndex = chain.segments.findIndex((segment) => pythonResources.has(segment));
  if (resourceIndex > 0) return bindings.strictClients.has(chain.segments[resourceIndex - 1]);
  return chain.root.call ? strictValidation.test(calleeText) : bindings.strictClients.has(chain.root.name);
}

/** The call node whose callee chain contains the identifier at `offset` (the resource or 0.x class name). */
function callAround(tree: TreeSitter.Tree, offset: number): SyntaxNode | undefined {
  let node = namedNodeAt(tree, offset);
  if (node?.type !== 'identifier') return undefined;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    const type = parent.type;
    if (type === 'attribute') continue;
    // The callee is the call's first child: it starts where the call starts (arguments start later).
    if (type === 'call' && parent.startIndex === node.startIndex) return parent;
    return undefined;
  }
  return undefined;
}

function resolveName(name: string, bindings: FileBindings): { all: boolean; name?: string } {
  if (pythonCatchAllExceptions.has(name)) return { all: true };
  if (bindings.errorClasses.has(name)) return { all: false, name: bindings.errorClasses.get(name) };
  return { all: false, name: bindings.importedNames.has(name) || bindings.foreignNames.has(name) ? undefined : name };
}

function resolveQualified(qualifier: string, name: string, bindings: FileBindings): { all: boolean; name?: string } {
  if (qualifier === 'builtins' && pythonCatchAllExceptions.has(name)) return { all: true };
  const [head, ...rest] = qualifier.split('.');
  const openaiQualified = bindings.moduleAliases.has(qualifier) || bindings.errorModuleAliases.has(qualifier)
    || ((bindings.moduleAliases.has(head) || head === 'openai') && ['', 'error', '_exceptions'].includes(rest.join('.')));
  return { all: false, name: openaiQualified ? name : undefined };
}

function resolveDotted(name: string, bindings: FileBindings): { all: boolean; name?: string } {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? resolveName(name, bindings) : resolveQualified(name.slice(0, dot), name.slice(dot + 1), bindings);
}

/** What one exception in an except clause names: everything, an SDK class (by its SDK name), or something else. */
function resolveException(node: SyntaxNode, bindings: FileBindings): { all: boolean; name?: string } {
  if (node.type === 'identifier') return resolveName(node.text, bindings);
  if (node.type !== 'attribute') return { all: false };
  return resolveQualified((node.childForFieldName('object')?.text ?? '').replace(/\s+/g, ''), node.childForFieldName('attribute')?.text ?? '', bindings);
}

function exceptionItems(node: SyntaxNode): SyntaxNode[] {
  if (node.type === 'as_pattern') return exceptionItems(node.namedChild(0) ?? node);
  if (node.type === 'tuple' || node.type === 'parenthesized_expression' || node.type === 'expression_list') {
    return node.namedChildren.flatMap((child) => (child ? exceptionItems(child) : []));
  }
  return [node];
}

const dottedName = /^[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*$/;

/**
 * The names an except clause's value lists, read from its text when it has a plain form (`E`, `a.b.E`,
 * `(A, b.B)`, each optionally `as name`); undefined otherwise (comments, calls, …), for the tree to tell.
 */
function exceptionNames(value: string): string[] | undefined {
  const bare = value.replace(/\s+as\s+[A-Za-z_]\w*\s*$/, '');
  const inner = bare.startsWith('(') && bare.endsWith(')') ? bare.slice(1, -1) : bare;
  const names = inner.split(',').map((name) => name.trim());
  if (names.length > 1 && names[names.length - 1] === '') names.pop();
  return names.every((name) => dottedName.test(name)) ? names.map((name) => name.replace(/\s+/g, '')) : undefined;
}

function exceptHandlers(tryNode: SyntaxNode, bindings: FileBindings): TryHandlers['handlers'] {
  const handlers: TryHandlers['handlers'] = [];
  for (const clause of tryNode.namedChildren) {
    const type = clause?.type;
    if (!clause || (type !== 'except_clause' && type !== 'except_group_clause')) continue;
    const clauseEnd = clause.endIndex;
    // A comment after the colon (`except:  # noqa: E722`) is a named child too, not what the clause catches.
    const value = clause.childForFieldName('value') ?? clause.namedChildren.find((child) => child?.type !== 'block' && child?.type !== 'comment') ?? null;
    if (!value) {
      handlers.push({ caught: { catchesAll: true, classes: [] }, start: clause.startIndex, end: clause.startIndex + 6, clauseStart: clause.startIndex, clauseEnd });
      continue;
    }
    const text = value.text;
    const names = exceptionNames(text);
    const resolved = names ? names.map((name) => resolveDotted(name, bindings)) : exceptionItems(value).map((item) => resolveException(item, bindings));
    const caught: HandlerCatch = {
      catchesAll: resolved.some((r) => r.all),
      classes: resolved.filter((r) => r.name !== undefined && sdkErrorNames.has(r.name)).map((r) => r.name as string),
    };
    handlers.push({ caught, start: value.startIndex, end: value.startIndex + text.length, clauseStart: clause.startIndex, clauseEnd });
  }
  return handlers;
}

/**
 * `stream=True` among the call's arguments (read from the text: cheaper than walking the argument nodes). Comments
 * may stand between the comma and the keyword (`max_tokens=None,  # TODO` on the line before).
 */
const streamArgument = /[(,]\s*(?:#[^\n]*\n\s*)*stream\s*=\s*True\b/;

function isStreamingCall(call: SyntaxNode, calleeEnd: number, source: SourceText): boolean {
  return streamArgument.test(source.slice(calleeEnd, call.endIndex));
}

/** The variable a streaming call's result is stored in (`stream = client…create(stream=True)`). */
function streamVariable(call: SyntaxNode): string | undefined {
  let value = call;
  while (value.parent && transparentWrappers.has(value.parent.type)) value = value.parent;
  const parent = value.parent;
  if (parent?.type !== 'assignment') return undefined;
  const left = parent.childForFieldName('left');
  return left?.type === 'identifier' ? left.text : undefined;
}

/** `pytest.raises(`, `raises(` (imported from pytest), `self.assertRaises(` / `assertRaisesRegex(`. */
const expectedFailureNames = /^(?:pytest\.raises|raises|(?:self\.|cls\.)?assertRaises\w*)$/;
const withItemWrappers = new Set(['as_pattern', 'with_item', 'with_clause', 'parenthesized_expression']);
/** Callees that build a context manager whose request is sent when it is entered (see LanguageRules.enteredAt). */
const lazyContextManager = /\.with_streaming_response\.|\.(?:stream|connect)$/;

/**
 * `with pytest.raises(E):` protects its block; the call form `pytest.raises(E, fn, …)` /
 * `self.assertRaises(E, lambda: …)` runs what its arguments hold. A bare `raises(` counts only in a `with`.
 */
const expectedFailures: ExpectedFailureIdioms = {
  pattern: /\b(?:pytest\s*\.\s*raises|raises|assertRaises\w*)\s*\(/g,
  regionAt(tree, _source, offset) {
    const name = namedNodeAt(tree, offset);
    const callee = name?.parent?.type === 'attribute' ? name.parent : name;
    const call = callee?.parent;
    if (!callee || call?.type !== 'call' || !call.childForFieldName('function')?.equals(callee)) return undefined;
    const calleeText = callee.text.replace(/\s+/g, '');
    if (!expectedFailureNames.test(calleeText)) return undefined;
    let holder: SyntaxNode | null = call.parent;
    while (holder && withItemWrappers.has(holder.type)) holder = holder.parent;
    if (holder?.type === 'with_statement') {
      const body = holder.childForFieldName('body');
      return body ? { node: body, functionsRun: false } : undefined;
    }
    const args = call.childForFieldName('arguments');
    return args && calleeText !== 'raises' ? { node: args, functionsRun: true } : undefined;
  },
};

const forStatement = new Set(['for_statement']);
const functionDefinition = new Set(['function_definition']);
const scopeBoundaries = new Set(['function_definition', 'lambda', 'class_definition']);

/**
 * Calls that only schedule a callback to run later or elsewhere (a thread, a timer, an executor, an event
 * loop, an event): what it raises never comes out of the call itself.
 */
const schedulingCalls = new Set(['Thread', 'Timer', 'Process', 'submit', 'apply_async', 'map_async', 'starmap_async', 'imap', 'imap_unordered', 'call_soon', 'call_soon_threadsafe', 'call_later', 'call_at', 'add_done_callback', 'create_task', 'ensure_future', 'run_in_executor', 'to_thread', 'start_new_thread', 'connect', 'on', 'register', 'add_handler', 'add_listener', 'add_callback', 'add_job', 'schedule', 'spawn', 'defer']);
/** Keyword arguments that hand a callback over to be run later (`target=`, `callback=`, `on_error=`). */
const schedulingKeyword = /^(?:target|callback|callbacks|done_callback|on_\w+)$/;

/**
 * A lambda passed to a call (`retry(lambda: client.responses.create(…))`, `run(fn=lambda: …)`): Python runs it
 * where the call stands, so what it raises comes out of that call, unless the call only schedules it.
 */
function callbackRunner(fn: SyntaxNode): { call: SyntaxNode; settled: boolean } | undefined {
  if (fn.type === 'function_definition') return localFunctionRunner(fn);
  return fn.type === 'lambda' ? runnerOfArgument(fn) : undefined;
}

/** The call a value is passed to (as it is or as a keyword argument), unless that call only schedules it. */
function runnerOfArgument(value: SyntaxNode): { call: SyntaxNode; settled: boolean } | undefined {
  let argument = value;
  if (value.parent?.type === 'keyword_argument') {
    if (schedulingKeyword.test(value.parent.childForFieldName('name')?.text ?? '')) return undefined;
    argument = value.parent;
  }
  const call = argument.parent?.parent;
  if (argument.parent?.type !== 'argument_list' || call?.type !== 'call') return undefined;
  const callee = call.childForFieldName('function')?.text ?? '';
  return schedulingCalls.has(callee.slice(callee.lastIndexOf('.') + 1)) ? undefined : { call, settled: true };
}

/**
 * A function defined inside another one and used once after its definition, as an argument of a call or called
 * itself (`def _upload(path): …` then `storage.process_file(path, _upload)`, as DocsGPT uploads files): that call
 * runs it in place. Decorated definitions and functions used more than once are left alone.
 */
function localFunctionRunner(fn: SyntaxNode): { call: SyntaxNode; settled: boolean } | undefined {
  const block = fn.parent;
  const name = fn.childForFieldName('name')?.text;
  if (!name || block?.type !== 'block' || !ancestorOfType(block, functionDefinition)) return undefined;
  const uses = block.descendantsOfType('identifier').filter((node) => node?.text === name && node.startIndex >= fn.endIndex);
  if (uses.length !== 1 || !uses[0]) return undefined;
  const use = uses[0];
  if (use.parent?.type === 'argument_list' || use.parent?.type === 'keyword_argument') return runnerOfArgument(use);
  const called = use.parent;
  return called?.type === 'call' && called.childForFieldName('function')?.equals(use) ? { call: called, settled: true } : undefined;
}

/** A context-manager decorator: `@contextmanager`, `@contextlib.asynccontextmanager`. */
const contextManagerDecorator = /@[ \t]*(?:[\w.]*\.)?(?:async)?contextmanager\b/g;
const withKeyword = /\bwith\b/g;

/**
 * `with` statements whose context manager is a function of this file that runs the block inside a try around
 * its `yield` (`@contextmanager def map_errors(): try: yield except APIStatusError as e: raise ModelError(…) from
 * e`, as pydantic-ai maps OpenAI's errors to its own), found by the function's name (methods too). Errors raised
 * in the block reach that try's handlers.
 */
function handlingContexts(tree: TreeSitter.Tree, source: SourceText, bindings: FileBindings): ReadonlyMap<number, HandlingContext> {
  // The bindings know them already (see collectBindings): most files have none.
  if (bindings.contextHandlers.size === 0) return noContexts;
  // The analysis and the summary of one parse both ask: found once per tree.
  let contexts = contextsOfTree.get(tree);
  if (contexts) return contexts;
  contexts = new Map<number, HandlingContext>();
  contextsOfTree.set(tree, contexts);
  const handlerOf = contextManagerTries(tree, source);
  if (handlerOf.size === 0) return contexts;
  for (const match of matchesIn(withKeyword, source)) {
    const statement = ancestorOfType(namedNodeAt(tree, match.index), withTypes, 2);
    if (!statement || contexts.has(statement.startIndex)) continue;
    for (const item of statement.descendantsOfType('with_item')) {
      const value = item?.childForFieldName('value');
      const callee = value?.type === 'call' ? value.childForFieldName('function')?.text : undefined;
      const handler = callee ? handlerOf.get(callee.slice(callee.lastIndexOf('.') + 1)) : undefined;
      if (handler && item?.parent?.parent?.equals(statement)) contexts.set(statement.startIndex, { statement, handler });
    }
  }
  return contexts;
}

const withTypes = new Set(['with_statement']);
const noContexts: ReadonlyMap<number, HandlingContext> = new Map();
const contextsOfTree = new WeakMap<TreeSitter.Tree, Map<number, HandlingContext>>();

/** The context managers of the file with a try around their `yield`, by name (the first of each): that try. */
function contextManagerTries(tree: TreeSitter.Tree, source: SourceText): Map<string, SyntaxNode> {
  const found = new Map<string, SyntaxNode>();
  if (!source.includes('contextmanager')) return found;
  for (const match of matchesIn(contextManagerDecorator, source)) {
    const decorated = ancestorOfType(namedNodeAt(tree, match.index), decoratedTypes, 4);
    const definition = decorated?.childForFieldName('definition');
    const name = definition?.type === 'function_definition' ? definition.childForFieldName('name')?.text : undefined;
    const body = definition?.childForFieldName('body');
    if (!name || !body || found.has(name)) continue;
    const handler = body.descendantsOfType('try_statement').find((node) => (node?.childForFieldName('body')?.descendantsOfType('yield').length ?? 0) > 0);
    if (handler) found.set(name, handler);
  }
  return found;
}

const rules: LanguageRules = {
  scopeBoundaries,
  callType: 'call',
  candidatePatterns,
  nameStart: /\w/,
  callAround,
  classifyCallee: classifyCall,
  boundTarget,
  validatesStrictly,
  callSite(call, calleeText, sdk, calleeEnd, source): CallSite {
    const stream = isStreamingCall(call, calleeEnd, source) ? streamVariable(call) ?? null : undefined;
    return { call, sdk, calleeText, stream, awaited: true };
  },
  isTryBody: (child) => child.type === 'block',
  callbackRunner,
  tryHandlers(tryNode, body, bindings) {
    return { tryNode, body, handlers: exceptHandlers(tryNode, bindings) };
  },
  handlingContexts,
  plainTextBetween(source, blockStart, callStart) {
    return /\b(?:def|lambda|class|try|with)\b/.test(source.slice(blockStart, callStart)) ? undefined : { awaited: true };
  },
  storedResult(top) {
    let value = top;
    while (value.parent?.type === 'parenthesized_expression') value = value.parent;
    const assignment = value.parent;
    if (assignment?.type !== 'assignment' || !assignment.childForFieldName('right')?.equals(value)) return undefined;
    const name = assignment.childForFieldName('left');
    // Function-local names only: a module-level name is visible in statements an incremental re-analysis skips.
    const scope = ancestorOfType(assignment, functionDefinition);
    if (name?.type !== 'identifier' || !scope) return undefined;
    return { name: name.text, from: name.endIndex, to: scope.endIndex };
  },
  variableUseTypes: new Set(['identifier']),
  awaitOf(use) {
    let operand = use;
    while (operand.parent?.type === 'parenthesized_expression') operand = operand.parent;
    return operand.parent?.type === 'await' ? operand.parent : undefined;
  },
  opensWhenEntered: (calleeText) => lazyContextManager.test(calleeText.replace(/\s+/g, '')),
  enteredAt(use) {
    let holder: SyntaxNode | null = use.parent;
    // The item's value only (`with manager as stream`), not the name it binds.
    if (holder?.type === 'as_pattern' && !holder.namedChild(0)?.equals(use)) return undefined;
    while (holder && withItemWrappers.has(holder.type)) holder = holder.parent;
    return holder?.type === 'with_statement' ? holder : undefined;
  },
  streamLoopPattern: (variable) => new RegExp(`\\bfor\\b[^\\n]*?\\bin[ \\t]+${variable}[ \\t]*:`, 'g'),
  loopTypes: forStatement,
  expectedFailures,
  // `return stream.get_final_completion()` and `return "".join(c for c in stream)` read it before the try ends;
  // returning it or passing it on does not.
  handsOn(use) {
    const parent = use.parent;
    if (parent?.type === 'for_in_clause') return false;
    return !(parent?.type === 'attribute' && parent.childForFieldName('object')?.equals(use));
  },
  declaredName(parent, child) {
    if (parent.type !== 'assignment' || !parent.childForFieldName('right')?.equals(child)) return undefined;
    const name = parent.childForFieldName('left');
    return name?.type === 'identifier' ? name.text : undefined;
  },
};

export const pythonDetector: Detector = detectorWith(rules, { collectBindings, mayBind, scopeBoundaries });
