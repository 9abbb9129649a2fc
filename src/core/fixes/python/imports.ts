// How a Python file refers to the openai package and to its logger, and the import lines a fix must add so the
// names it writes resolve. The file's own style wins: `import openai` gives `openai.X`, names already brought
// in with `from openai import X` are reused as they are; a module name the code rebinds (`openai = OpenAI()`)
// is never used, the classes are imported by name instead.
import type { SdkFlavour } from '../../types';
import type { SyntaxNode } from '../syntax';
import { parseProjectErrorClass } from '../options';

/** One top-level import statement: where it is and what it imports from. */
export interface ImportStatement {
  startRow: number;
  endRow: number;
  /** `import x` (true) or `from x import …` (false). */
  plain: boolean;
  /** The module imported (`a.b` for `import a.b`), with leading dots for relative imports. */
  module: string;
}

/** How the module logs: the standard library's logging (module logger or root), loguru, or structlog. */
export type LoggerKind = 'logging' | 'loguru' | 'structlog';

export interface PythonImports {
  /** Local name of `import openai [as x]`. */
  moduleAlias?: string;
  /** Local name of `from openai import error [as x]` (0.x). */
  errorModuleAlias?: string;
  /** SDK class name -> local name, from `from openai import …` (1.x, also openai._exceptions) or `from openai.error import …` (0.x). */
  classNames: Map<string, string>;
  /** `from openai import *` (or `from openai.error import *` for 0.x): every class is in scope bare. */
  wildcard: boolean;
  /** Whether the file already imports error classes by name: missing ones then follow that style. */
  importsClassesByName: boolean;
  loggingAlias?: string;
  /** Standard modules brought in with `import x [as y]`: module name -> local name. */
  modules: Map<string, string>;
  /** Module-level functions the file defines (a fix's helper is written once and then reused). */
  functions: Set<string>;
  /** The module's logger: a module-level `name = logging.getLogger(…)`, structlog logger, or loguru's `logger`. */
  logger?: { name: string; kind: LoggerKind };
  /** Names the code binds other than by import (assignments, parameters, loop variables, definitions). */
  rebound: Set<string>;
  /** Every name a top-level import binds. */
  importedNames: Set<string>;
  /** The top-level import statements, in order. */
  statements: ImportStatement[];
  /** Row where a new import line goes: after the last top-level import, else before the first statement. */
  insertRow: number;
}

export function readPythonImports(root: SyntaxNode, flavour: SdkFlavour): PythonImports {
  const result: PythonImports = {
    classNames: new Map(), wildcard: false, importsClassesByName: false, modules: new Map(), functions: new Set(),
    rebound: reboundNames(root), importedNames: new Set(), statements: [], insertRow: 0,
  };
  const classModules = flavour === 'openai-python-v0' ? ['openai.error'] : ['openai', 'openai._exceptions'];
  let lastImportRow = -1;
  let firstStatementRow = -1;
  let getLoggerAlias: string | undefined;
  const loggerCandidates: { name: string; factory: string }[] = [];
  for (const statement of root.namedChildren) {
    if (!statement || statement.type === 'comment') continue;
    const isDocstring = statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'string';
    if (firstStatementRow === -1 && !isDocstring) firstStatementRow = statement.startPosition.row;
    if (statement.type === 'import_statement') {
      lastImportRow = statement.endPosition.row;
      for (const imported of statement.namedChildren) {
        if (!imported) continue;
        const { name, alias } = importedName(imported);
        result.statements.push({ startRow: statement.startPosition.row, endRow: statement.endPosition.row, plain: true, module: name });
        result.importedNames.add(alias ?? name.split('.')[0]);
        if (name === 'openai' || name.startsWith('openai.')) result.moduleAlias ??= alias ?? 'openai';
        if (name === 'logging') result.loggingAlias = alias ?? 'logging';
        if (!name.includes('.')) result.modules.set(name, alias ?? name);
      }
    } else if (statement.type === 'import_from_statement' || statement.type === 'future_import_statement') {
      lastImportRow = statement.endPosition.row;
      const module = statement.type === 'future_import_statement' ? '__future__' : statement.childForFieldName('module_name')?.text ?? '';
      result.statements.push({ startRow: statement.startPosition.row, endRow: statement.endPosition.row, plain: false, module });
      for (const imported of statement.childrenForFieldName('name')) {
        if (!imported) continue;
        const { name, alias } = importedName(imported);
        result.importedNames.add(alias ?? name);
        if (classModules.includes(module)) result.classNames.set(name, alias ?? name);
        if (classModules.includes(module) && /Error$|^Timeout$|^TryAgain$/.test(name)) result.importsClassesByName = true;
        if (module === 'openai' && name === 'error') result.errorModuleAlias = alias ?? name;
        if (module === 'loguru' && name === 'logger') result.logger ??= { name: alias ?? name, kind: 'loguru' };
        if (module === 'logging' && name === 'getLogger') getLoggerAlias = alias ?? name;
      }
      if (classModules.includes(module) && statement.namedChildren.some((child) => child?.type === 'wildcard_import')) result.wildcard = true;
    } else if (statement.type === 'function_definition') {
      const name = statement.childForFieldName('name')?.text;
      if (name) result.functions.add(name);
    } else if (statement.type === 'expression_statement') {
      const assigned = /^(\w+)\s*(?::[^=]+)?=\s*([\w.]+)\(/.exec(statement.text);
      if (assigned) loggerCandidates.push({ name: assigned[1], factory: assigned[2] });
    }
  }
  const structlog = result.modules.get('structlog');
  for (const { name, factory } of loggerCandidates) {
    if (result.logger) break;
    if (factory === `${result.loggingAlias ?? 'logging'}.getLogger` || factory === getLoggerAlias) result.logger = { name, kind: 'logging' };
    else if (structlog && (factory === `${structlog}.get_logger` || factory === `${structlog}.getLogger`)) result.logger = { name, kind: 'structlog' };
  }
  result.insertRow = lastImportRow >= 0 ? lastImportRow + 1 : Math.max(firstStatementRow, 0);
  return result;
}

function importedName(node: SyntaxNode): { name: string; alias?: string } {
  if (node.type === 'aliased_import') {
    return { name: node.childForFieldName('name')?.text ?? '', alias: node.childForFieldName('alias')?.text };
  }
  return { name: node.text };
}

/**
 * Names bound anywhere in the file other than by a top-level import: a fix must not write `openai.X` when
 * `openai` may be the client at run time. File-wide on purpose: a name rebound in any scope is not worth the risk.
 */
function reboundNames(root: SyntaxNode): Set<string> {
  const names = new Set<string>();
  const targets = root.descendantsOfType(['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause', 'with_item', 'as_pattern', 'named_expression']);
  for (const node of targets) {
    const target = node?.childForFieldName(node.type === 'with_item' ? 'value' : node.type === 'named_expression' ? 'name' : node.type === 'as_pattern' ? 'alias' : 'left');
    if (!target) continue;
    if (target.type === 'identifier') names.add(target.text);
    for (const identifier of target.descendantsOfType('identifier')) if (identifier && target.type !== 'attribute' && target.type !== 'subscript') names.add(identifier.text);
  }
  for (const node of root.descendantsOfType(['parameters', 'lambda_parameters'])) {
    for (const identifier of node?.descendantsOfType('identifier') ?? []) if (identifier) names.add(identifier.text);
  }
  for (const node of root.descendantsOfType(['function_definition', 'class_definition'])) {
    const name = node?.childForFieldName('name')?.text;
    if (name) names.add(name);
  }
  return names;
}

/** How a generated handler logs: the expression and the formatting its calls take. */
export interface PythonLogger {
  name: string;
  kind: LoggerKind;
}

/** Resolves class names to expressions and collects the import lines (and logger) a fix must add for them. */
export class PythonNameResolver {
  private readonly missingClasses: { name: string; alias?: string }[] = [];
  private readonly missingModules: string[] = [];
  private needsModuleImport = false;
  private needsModuleLogger = false;
  private projectImport: string | undefined;

  constructor(readonly imports: PythonImports, private readonly flavour: SdkFlavour) {}

  errorClass(className: string): string {
    const local = this.imports.classNames.get(className);
    if (local) return local;
    if (this.imports.wildcard) return className;
    if (this.flavour === 'openai-python-v0') {
      const errorModule = this.imports.errorModuleAlias;
      if (errorModule && !this.imports.rebound.has(errorModule)) return `${errorModule}.${className}`;
    }
    const module = this.usableModuleAlias();
    if (module) return this.flavour === 'openai-python-v0' ? `${module}.error.${className}` : `${module}.${className}`;
    // By name: `from openai import X` (0.x: from openai.error), the style a file with a rebound `openai` needs;
    // under an alias when the file already uses the name for something else.
    const taken = this.imports.rebound.has(className) || this.imports.importedNames.has(className);
    const localName = taken ? `OpenAI${className}` : className;
    if (!this.missingClasses.some((c) => c.name === className)) this.missingClasses.push({ name: className, alias: taken ? localName : undefined });
    return localName;
  }

  /** The module's logger, adding `logger = logging.getLogger(__name__)` when it has none. */
  logger(): PythonLogger {
    if (this.imports.logger) return this.imports.logger;
    this.needsModuleLogger = true;
    return { name: this.moduleLoggerName(), kind: 'logging' };
  }

  /** A call logging `message: <error>` at the level, in the logger's own formatting. */
  logCall(level: 'error' | 'warning', message: string, args: readonly string[]): string {
    const { name, kind } = this.logger();
    if (kind === 'loguru') return `${name}.${level}("${message}: ${args.map(() => '{}').join(' ')}", ${args.join(', ')})`;
    if (kind === 'structlog') return `${name}.${level}("${message}", error=${args.length === 1 ? `str(${args[0]})` : `" ".join(map(str, (${args.join(', ')})))`})`;
    return `${name}.${level}("${message}: ${args.map(() => '%s').join(' ')}", ${args.join(', ')})`;
  }

  /**
   * The local name of the project's exception class (`module:Class` from the setting), importing it when the
   * file does not have it; undefined when the setting names none or a bare name the file does not define.
   */
  projectError(setting: string | undefined): string | undefined {
    const parsed = parseProjectErrorClass(setting);
    if (!parsed) return undefined;
    if (this.imports.importedNames.has(parsed.name) || this.imports.rebound.has(parsed.name)) return parsed.name;
    if (!parsed.module) return undefined;
    this.projectImport = `from ${parsed.module} import ${parsed.name}`;
    return parsed.name;
  }

  /** `from app.errors import LLMError` when the raiseProjectError style needs it. */
  projectImportLine(): string | undefined {
    return this.projectImport;
  }

  /** The local name of a standard module (`time`, `random`), importing it when the file does not. */
  standardModule(name: string): string {
    const local = this.imports.modules.get(name);
    if (local) return local;
    if (!this.missingModules.includes(name)) this.missingModules.push(name);
    return name;
  }

  /** Standard-library modules to import, sorted. */
  missingStandardModules(): string[] {
    return [...new Set([...this.missingModules, ...(this.needsModuleLogger && !this.imports.loggingAlias ? ['logging'] : [])])].sort();
  }

  /** `import openai` when the fix writes `openai.X` and the file has no such import. */
  needsOpenAIModule(): boolean {
    return this.needsModuleImport;
  }

  /** Classes to import by name from the SDK's module. */
  classesToImport(): string[] {
    return this.missingClasses.map((c) => (c.alias ? `${c.name} as ${c.alias}` : c.name));
  }

  /** The line defining the module logger, when the fix needs one. */
  moduleLoggerLine(): string | undefined {
    return this.needsModuleLogger ? `${this.moduleLoggerName()} = ${this.imports.loggingAlias ?? 'logging'}.getLogger(__name__)` : undefined;
  }

  classModule(): string {
    return this.flavour === 'openai-python-v0' ? 'openai.error' : 'openai';
  }

  private moduleLoggerName(): string {
    return ['logger', '_logger', 'openai_logger'].find((name) => !this.imports.rebound.has(name) && !this.imports.importedNames.has(name)) ?? 'openai_logger';
  }

  /** `openai` (or its alias) when the fix may write `openai.X`: imported, or importable without clashing. */
  private usableModuleAlias(): string | undefined {
    const alias = this.imports.moduleAlias;
    if (alias) return this.imports.rebound.has(alias) ? undefined : alias;
    if (this.imports.rebound.has('openai') || this.imports.importedNames.has('openai') || this.imports.importsClassesByName) return undefined;
    this.needsModuleImport = true;
    return 'openai';
  }
}
