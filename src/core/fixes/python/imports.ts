// How a Python file refers to the openai package and to logging, and the import lines a fix must add so the
// names it writes resolve. The file's own style wins: `import openai` gives `openai.X`, names already brought
// in with `from openai import X` are reused as they are.
import type { SdkFlavour } from '../../types';
import type { SyntaxNode } from '../syntax';

export interface PythonImports {
  /** Local name of `import openai [as x]`. */
  moduleAlias?: string;
  /** Local name of `from openai import error [as x]` (0.x). */
  errorModuleAlias?: string;
  /** SDK class name -> local name, from `from openai import …` (1.x) or `from openai.error import …` (0.x). */
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
  /** A module-level `name = logging.getLogger(…)`. */
  loggerName?: string;
  /** Row where a new import line goes: after the last top-level import, else before the first statement. */
  insertRow: number;
}

export function readPythonImports(root: SyntaxNode, flavour: SdkFlavour): PythonImports {
  const result: PythonImports = { classNames: new Map(), wildcard: false, importsClassesByName: false, modules: new Map(), functions: new Set(), insertRow: 0 };
  const classModule = flavour === 'openai-python-v0' ? 'openai.error' : 'openai';
  let lastImportRow = -1;
  let firstStatementRow = -1;
  for (const statement of root.namedChildren) {
    if (!statement || statement.type === 'comment') continue;
    const isDocstring = statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'string';
    if (firstStatementRow === -1 && !isDocstring) firstStatementRow = statement.startPosition.row;
    if (statement.type === 'import_statement') {
      lastImportRow = statement.endPosition.row;
      for (const imported of statement.namedChildren) {
        if (!imported) continue;
        const { name, alias } = importedName(imported);
        if (name === 'openai' || name.startsWith('openai.')) result.moduleAlias ??= alias ?? 'openai';
        if (name === 'logging') result.loggingAlias = alias ?? 'logging';
        if (!name.includes('.')) result.modules.set(name, alias ?? name);
      }
    } else if (statement.type === 'import_from_statement' || statement.type === 'future_import_statement') {
      lastImportRow = statement.endPosition.row;
      const module = statement.childForFieldName('module_name')?.text;
      for (const imported of statement.childrenForFieldName('name')) {
        if (!imported) continue;
        const { name, alias } = importedName(imported);
        if (module === classModule) result.classNames.set(name, alias ?? name);
        if (module === classModule && /Error$|^Timeout$|^TryAgain$/.test(name)) result.importsClassesByName = true;
        if (module === 'openai' && name === 'error') result.errorModuleAlias = alias ?? name;
      }
      if (module === classModule && statement.namedChildren.some((child) => child?.type === 'wildcard_import')) result.wildcard = true;
    } else if (statement.type === 'function_definition') {
      const name = statement.childForFieldName('name')?.text;
      if (name) result.functions.add(name);
    } else if (statement.type === 'expression_statement') {
      const logger = /^(\w+)\s*(?::[^=]+)?=\s*(\w+)\.getLogger\(/.exec(statement.text);
      if (logger && logger[2] === (result.loggingAlias ?? 'logging')) result.loggerName = logger[1];
    }
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

/** Resolves class names to expressions and collects the import lines that must be added for them. */
export class PythonNameResolver {
  private readonly missingClasses: string[] = [];
  private readonly missingModules: string[] = [];
  private needsModuleImport = false;
  private needsLoggingImport = false;

  constructor(private readonly imports: PythonImports, private readonly flavour: SdkFlavour) {}

  errorClass(className: string): string {
    const local = this.imports.classNames.get(className);
    if (local) return local;
    if (this.imports.wildcard) return className;
    if (this.flavour === 'openai-python-v0') {
      if (this.imports.errorModuleAlias) return `${this.imports.errorModuleAlias}.${className}`;
      return `${this.module()}.error.${className}`;
    }
    if (this.imports.moduleAlias || !this.imports.importsClassesByName) return `${this.module()}.${className}`;
    if (!this.missingClasses.includes(className)) this.missingClasses.push(className);
    return className;
  }

  /** The logger expression: the file's module logger, else the logging module's root functions. */
  logger(): string {
    if (this.imports.loggerName) return this.imports.loggerName;
    if (this.imports.loggingAlias) return this.imports.loggingAlias;
    this.needsLoggingImport = true;
    return 'logging';
  }

  /** The local name of a standard module (`time`, `random`), importing it when the file does not. */
  standardModule(name: string): string {
    const local = this.imports.modules.get(name);
    if (local) return local;
    if (!this.missingModules.includes(name)) this.missingModules.push(name);
    return name;
  }

  /** The lines to insert at imports.insertRow (standard library first, as isort would). */
  importLines(indentUnit: string): string[] {
    const standard = [...this.missingModules, ...(this.needsLoggingImport ? ['logging'] : [])].sort();
    const lines = standard.map((name) => `import ${name}`);
    if (this.needsModuleImport) lines.push('import openai');
    if (this.missingClasses.length > 0) lines.push(...fromImport('openai', this.missingClasses, indentUnit));
    return lines;
  }

  private module(): string {
    if (this.imports.moduleAlias) return this.imports.moduleAlias;
    this.needsModuleImport = true;
    return 'openai';
  }
}

function fromImport(module: string, names: readonly string[], indentUnit: string): string[] {
  const single = `from ${module} import ${names.join(', ')}`;
  if (single.length <= 88) return [single];
  return [`from ${module} import (`, ...names.map((name) => `${indentUnit}${name},`), ')'];
}
