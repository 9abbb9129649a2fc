// What a file says about where its names come from: the `openai` module and its aliases, client
// constructors and the variables/attributes they are stored in, exception classes imported from the SDK, and
// names that belong to other libraries. Built per file by each language's detector; receivers of calls are
// classified against it. Scope-insensitive on purpose: one name bound to an OpenAI client anywhere in the file
// counts as a client everywhere in it (simple, fast and right for real code), apart from the regions of stubbed
// and rebound names below.
import { mockName } from '../sdk/callShapes';
import type { SourceText } from './sourceText';
import { matchesIn, type OffsetRegion } from './syntax';

export interface FileBindings {
  /** Names bound to the openai module (Python `import openai as oa`; JS default/namespace import). */
  moduleAliases: Set<string>;
  /** Python 0.x: names bound to the `openai.error` module. */
  errorModuleAliases: Set<string>;
  /** Local names of 1.x+/v4+ client classes, factories that return a client, and extra client names. */
  constructors: Set<string>;
  /** JS v3: local names of OpenAIApi. */
  v3Constructors: Set<string>;
  /** Python 0.x: local names of module-level API classes imported from openai. */
  v0Classes: Set<string>;
  /** Local name → SDK exception class name. */
  errorClasses: Map<string, string>;
  /** Variables and parameters that hold a client. */
  clients: Set<string>;
  /** Attribute / field names that hold a client (`self.client`, `this.client`). */
  clientAttributes: Set<string>;
  /** JS v3: variables and fields that hold an OpenAIApi. */
  v3Clients: Set<string>;
  /** Names imported from modules other than openai (classes, functions, modules, objects). */
  importedNames: Set<string>;
  /** Names bound to objects that other libraries construct (`claude = anthropic.Anthropic()`, `new Groq()`). */
  foreignNames: Set<string>;
  /** Attributes bound to other libraries' objects. */
  foreignAttributes: Set<string>;
  /** Callees of functions that wrap a client and return one raising the SDK's errors (`instructor.from_openai`). */
  wrappers: Set<string>;
  /** Callees that build a client for the provider their first argument names (`instructor.from_provider`). */
  providerFactories: Set<string>;
  /**
   * Bound methods kept in a variable or attribute, by the callee that calls them (`completion`, `self._create`):
   * the chain they stand for (`client.chat.completions.create`).
   */
  boundMethods: Map<string, string>;
  /** Names and attributes bound to test doubles (`with patch(…) as m`, `{ create: jest.fn() }`). */
  mocks: Set<string>;
  /** JS: modules a test replaces with mocks (`jest.mock('openai')`): nothing called through them sends a request. */
  mockedModules: Set<string>;
  /**
   * Variables bound inside a function to a client on a fake transport (see stubTransports.ts), with the functions
   * that bind them: calls through the variable there send no request, whatever the name means elsewhere. Under
   * `anyReceiver`: functions where no call of any client reaches the network (tests under respx).
   */
  stubScopes: Map<string, OffsetRegion[]>;
  /**
   * Names that hold an OpenAI client somewhere in the file and another library's object in a block
   * (`client = Anthropic()` in one branch, `client = OpenAI()` in the other): the regions, from that assignment
   * to the end of its block or the name's next assignment in it, where calls through the name are not OpenAI's.
   */
  foreignScopes: Map<string, OffsetRegion[]>;
  /** JS: functions whose client parameter every call in the file fills with a stubbed client (`createRun(createClient())`). */
  stubParameterFunctions: Set<string>;
  /**
   * Python: context managers of the file that run their block inside a try (see handlingContexts in
   * pythonDetector), by name: the text of that try's except clauses. Held here so that an edit to them, which
   * changes what every `with` of them handles, re-analyses the whole file.
   */
  contextHandlers: Map<string, string>;
  /** Python: the openai modules the file imports from (`openai`, `openai.types`, a drop-in such as `langfuse.openai`). */
  sdkModules: Set<string>;
  /** Python: the packages of other providers with OpenAI-shaped clients the file imports (see pythonLookalikeSdks). */
  lookalikeSdks: Set<string>;
  /** Python: variables and attributes holding a client created with `_strict_response_validation=True`. */
  strictClients: Set<string>;
  /** Names the user declared as OpenAI clients or client factories (setting extraClientNames). */
  extraNames: Set<string>;
  /**
   * The text the bindings were read from (import statements, the statements that store a client, the
   * factories that return one, annotated and foreign assignments): an edit elsewhere that brings no new
   * binding text (see Detector.mayBind) leaves the bindings as they are.
   */
  evidence: OffsetRegion[];
}

export function emptyBindings(extraNames: readonly string[]): FileBindings {
  return {
    moduleAliases: new Set(),
    errorModuleAliases: new Set(),
    constructors: new Set(extraNames),
    v3Constructors: new Set(),
    v0Classes: new Set(),
    errorClasses: new Map(),
    clients: new Set(),
    clientAttributes: new Set(),
    v3Clients: new Set(),
    importedNames: new Set(),
    foreignNames: new Set(),
    foreignAttributes: new Set(),
    wrappers: new Set(),
    providerFactories: new Set(),
    boundMethods: new Map(),
    mocks: new Set(),
    mockedModules: new Set(),
    stubScopes: new Map(),
    foreignScopes: new Map(),
    stubParameterFunctions: new Set(),
    contextHandlers: new Map(),
    sdkModules: new Set(),
    lookalikeSdks: new Set(),
    strictClients: new Set(),
    extraNames: new Set(extraNames),
    evidence: [],
  };
}

/** A stable text form, so the incremental analyser can tell whether an edit changed the bindings. */
export function bindingsSignature(bindings: FileBindings): string {
  return JSON.stringify(Object.entries(bindings).filter(([key]) => key !== 'evidence').map(([key, value]) =>
    [key, value instanceof Map ? [...value.entries()].sort() : [...(value as Set<string>)].sort()]));
}

/** The range of a node (or a line) that states a binding. */
export function addEvidence(bindings: FileBindings, stated: { startIndex: number; endIndex: number } | undefined): void {
  if (stated) bindings.evidence.push({ start: stated.startIndex, end: stated.endIndex });
}

/** The stubScopes key of functions where every client is stubbed. */
export const anyReceiver = '*';

/** Records names bound to a stubbed client inside a function (none at module level: the name decides there). */
export function addStubScope(bindings: FileBindings, names: Iterable<string>, scope: { startIndex: number; endIndex: number } | null): void {
  if (!scope) return;
  for (const name of names) {
    let scopes = bindings.stubScopes.get(name);
    if (!scopes) bindings.stubScopes.set(name, (scopes = []));
    scopes.push({ start: scope.startIndex, end: scope.endIndex });
  }
}

/** Whether a call's receiver variable (`client` in `client.models.list`) is a stubbed client where the call stands. */
export function isStubbedAt(bindings: FileBindings, calleeText: string, offset: number): boolean {
  if (bindings.stubScopes.size === 0) return false;
  const inside = (scopes: OffsetRegion[] | undefined): boolean => scopes !== undefined && scopes.some((scope) => scope.start <= offset && offset < scope.end);
  const root = /^\s*([\w$]+)/.exec(calleeText)?.[1];
  return inside(bindings.stubScopes.get(anyReceiver)) || (root !== undefined && inside(bindings.stubScopes.get(root)));
}

/**
 * Records that a client name holds another library's object from an assignment (at `from`) to the end of the
 * block around it, or to the name's next assignment in that block (the first match of `nextAssignment` after
 * `from`). Nothing is recorded outside a block (module level: the name sets decide there).
 */
export function addForeignScope(bindings: FileBindings, name: string, from: number, block: { endIndex: number } | null, source: SourceText, nextAssignment: RegExp): void {
  if (!block) return;
  const next = nextAssignment.exec(source.slice(from, block.endIndex));
  const end = next ? from + next.index : block.endIndex;
  let scopes = bindings.foreignScopes.get(name);
  if (!scopes) bindings.foreignScopes.set(name, (scopes = []));
  scopes.push({ start: from, end });
}

/**
 * The names OpenAI-like chains start from (`client` in `client.embeddings.create(`, `client?.chat.…`): the plain
 * word before each match of `resourcePath` (a dot, a resource name, a dot) that no dot precedes.
 */
function resourceChainRoots(source: SourceText, resourcePath: RegExp): Set<string> {
  const roots = new Set<string>();
  for (const match of matchesIn(resourcePath, source)) {
    const { text, base } = source.window(Math.max(0, match.index - 64), match.index);
    const root = chainRoot.exec(text.slice(0, match.index - base));
    if (root) roots.add(root[1]);
  }
  return roots;
}

/** The name just before a resource path (`client` of `client?.chat.`), unless a dot precedes it. */
const chainRoot = /(?:^|[^\w$.])([\w$]+)\??$/;

/** Records where a name is assigned another library's object (see scopeForeignAssignments). */
export function noteForeignAssignment(foreign: Map<string, number[]>, name: string, offset: number): void {
  const offsets = foreign.get(name);
  if (offsets) offsets.push(offset);
  else foreign.set(name, [offset]);
}

/**
 * Names that hold another library's object only where they are assigned one. `foreign`: the offsets of such
 * assignments by name. Each name an OpenAI-like chain starts from (`resourcePath`) that is assigned more often in
 * the file than it is assigned such an object (`client = voyageai.Client()` in one block, `client =
 * get_embeddings_client()` in another; `countAssignments` counts them all), all of whose such assignments stand
 * in blocks, leaves the file-wide set; each of those assignments holds from where it stands to the end of its
 * block or the name's next assignment there.
 */
export function scopeForeignAssignments(bindings: FileBindings, source: SourceText, foreign: ReadonlyMap<string, number[]>, resourcePath: RegExp, countAssignments: (names: string[]) => Map<string, number>, blockAt: (offset: number) => { endIndex: number } | null, nextAssignment: (name: string) => RegExp): void {
  if (foreign.size === 0) return;
  // Only names some OpenAI-like chain starts from can change a finding.
  const roots = resourceChainRoots(source, resourcePath);
  const names = [...foreign.keys()].filter((name) => roots.has(name));
  if (names.length === 0) return;
  const assignments = countAssignments(names);
  for (const name of names) {
    const offsets = foreign.get(name) ?? [];
    if ((assignments.get(name) ?? 0) <= offsets.length) continue;
    const blocks = offsets.map(blockAt);
    if (blocks.some((block) => !block)) continue;
    bindings.foreignNames.delete(name);
    offsets.forEach((offset, index) => addForeignScope(bindings, name, offset, blocks[index], source, nextAssignment(name)));
  }
}

/** Whether a call's receiver variable holds another library's object where the call stands (see foreignScopes). */
export function isForeignAt(bindings: FileBindings, calleeText: string, offset: number): boolean {
  if (bindings.foreignScopes.size === 0) return false;
  const root = /^\s*([\w$]+)/.exec(calleeText)?.[1];
  const scopes = root === undefined ? undefined : bindings.foreignScopes.get(root);
  return scopes !== undefined && scopes.some((scope) => scope.start <= offset && offset < scope.end);
}

/** What a call's receiver is, as far as the file tells. */
export type ReceiverOrigin = 'client' | 'v3-client' | 'foreign' | 'unknown';

/**
 * A receiver imported from another module is of unknown origin, not foreign: `import { openai } from
 * '@/lib/openai'` and `from app.llm import client` are how apps share one client, so its resource path decides.
 */
export function classifyName(bindings: FileBindings, name: string): ReceiverOrigin {
  if (bindings.mocks.has(name) || mockName.test(name)) return 'foreign';
  if (bindings.extraNames.has(name) || bindings.clients.has(name) || bindings.moduleAliases.has(name)) return 'client';
  if (bindings.v3Clients.has(name)) return 'v3-client';
  if (bindings.foreignNames.has(name)) return 'foreign';
  return 'unknown';
}

export function classifyAttribute(bindings: FileBindings, name: string): ReceiverOrigin {
  if (bindings.mocks.has(name) || mockName.test(name)) return 'foreign';
  if (bindings.extraNames.has(name) || bindings.clientAttributes.has(name)) return 'client';
  if (bindings.v3Clients.has(name)) return 'v3-client';
  if (bindings.foreignAttributes.has(name)) return 'foreign';
  return 'unknown';
}

/** Whether the file names any client a raw request (`client.post(…)`) could go through. */
export function mayHoldClients(bindings: FileBindings): boolean {
  return bindings.clients.size > 0 || bindings.clientAttributes.size > 0 || bindings.extraNames.size > 0 || bindings.wrappers.size > 0;
}

/** Escapes names for use inside a RegExp alternation. */
export function alternation(names: Iterable<string>): string {
  return [...names].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}
