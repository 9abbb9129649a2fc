// What the workspace index keeps of one file: plain data, no syntax tree. Positions of functions are
// zero-based line/character pairs packed into one number (line * 2^16 + character), so a finding's range can be
// matched against them without the file's text; call sites keep only the line the path message names.
import type { HandlerCatch } from '../analysis/handlerCoverage';
import type { SourceLanguage } from '../types';

/** A zero-based line and UTF-16 character packed into one comparable number. */
export type PackedPosition = number;

/** Characters past this column are clamped: enough to order positions inside real source lines. */
const columnLimit = 0xffff;

export function packPosition(line: number, character: number): PackedPosition {
  return line * 0x10000 + Math.min(character, columnLimit);
}

export function lineOf(position: PackedPosition): number {
  return Math.floor(position / 0x10000);
}

export interface FunctionSummary {
  /** '' for anonymous functions (callbacks, lambdas): they stop a caller's try from covering what they run later. */
  name: string;
  /** The innermost class around the function (methods, and closures inside methods), '' outside classes. */
  className: string;
  start: PackedPosition;
  end: PackedPosition;
  /** Line of the name (or of the function for anonymous ones), for messages. */
  line: number;
  /** Anonymous functions: the index in `calls` of the call whose arguments hold this one (a callback). */
  argOf?: number;
  /**
   * Anonymous functions passed in place to a call that runs them there (`await pRetry(() => ask(q))`, `run(lambda:
   * ask(q))`): the handlers of the tries around that call in its own function (when it is awaited). What the
   * callback raises comes out of that call, so they handle it as they would a direct call.
   */
  runnerHandlers?: HandlerCatch[];
  /**
   * A generator (Python `yield`, JS `function*`): a call only creates it, and its body runs, and raises, where
   * it is iterated.
   */
  generator?: true;
  /** Python: the plain names of its decorators (`@handle_errors`, `@handle_errors(…)`). */
  decorators?: string[];
  /**
   * Whether it calls one of its parameters (itself or in a function nested in it, as decorators do) and every such
   * call stands in a try that catches everything: a callback passed to it, or a function it decorates, is handled.
   */
  guardsParameters?: boolean;
}

export interface CallSiteSummary {
  /** The called name: `ask` in `ask(…)`, `self.ask(…)`, `llm.ask(…)`. */
  name: string;
  /**
   * The dotted receiver before the name ('' for a plain call): `self`, `this`, `llm`, `pkg.mod`; `Llm()` for a
   * method called on an instance made in place (`Llm().ask()`, `new Llm().ask()`).
   */
  qualifier: string;
  line: number;
  /** Index of the innermost function around the call, -1 at module level. */
  fn: number;
  /** What the try statements around the call (inside its function) catch; empty outside any try. */
  handlers: HandlerCatch[];
  /** JS/TS: the call's promise is awaited where it stands (a try only sees an awaited rejection). Python: true. */
  awaited: boolean;
  /**
   * The call's result is iterated where it stands (`for x in gen(…)`, `for await (… of gen(…))`, `yield from`,
   * `list(gen(…))`): for a generator function, the only call sites whose handling sees what its body raises.
   */
  iterated?: true;
  /** JS/TS: a `.catch(…)` or `.then(ok, err)` follows the call and settles its rejection. */
  settled: boolean;
}

/** One imported binding. `imported` is a name, 'default', or '*' for a whole module (namespace, `import a.b`). */
export interface ImportSummary {
  local: string;
  /** The module as written: `./llm`, `@/lib/openai`, `..pkg.mod`, `app.llm`. */
  module: string;
  imported: string;
}

/** `export { a as b } from './x'` (exported 'b', imported 'a'); `export * from './x'` has both '*'. */
export interface ReExportSummary {
  exported: string;
  imported: string;
  module: string;
}

export interface FileSummary {
  language: SourceLanguage;
  functions: FunctionSummary[];
  calls: CallSiteSummary[];
  imports: ImportSummary[];
  reExports: ReExportSummary[];
  /** JS/TS exported name → local name (`export { a as b }`, `export default f` → default: f). */
  exports: Record<string, string>;
  /**
   * Variables and attributes holding an instance of a class, by the class name as written: `llm` for
   * `llm = Llm()` / `const llm = new Llm()`, `self.llm` / `this.llm` for `self.llm = Llm()` / `this.llm = new Llm()`.
   */
  instances: Record<string, string>;
  /**
   * Classes of the file that extend others, by name: their bases as written (`BaseLLMClient`, `base.Client`).
   * A base class's `self.method()` may run an override (set only when some class has a base).
   */
  classBases?: Record<string, string[]>;
  /** Names bound to an OpenAI client (or a factory returning one) that importers may use. */
  clientNames: string[];
  /** Indices of the functions holding an OpenAI call that no handling in the function protects. */
  raising: number[];
}

/**
 * Whether a method's name is its own enough to follow calls of it on receivers whose type the index cannot know
 * (`LLMConnector.streamGetChatCompletion(…)`, where the connector is one of forty provider classes picked at run
 * time): three words or more, in camelCase or snake_case (`getChatCompletion`, `generate_chat_response`). Shorter
 * names (`complete`, `run`, `create`, `get_response`) are shared by unrelated classes; private ones (`_get_id`,
 * `#send`) are called through `self`/`this`, which the index resolves.
 */
export function isDuckTyped(name: string): boolean {
  return !/^[_#]/.test(name) && name.split(/_+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean).length >= 3;
}
