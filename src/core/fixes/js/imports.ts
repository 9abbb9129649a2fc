// How a JavaScript/TypeScript file refers to the openai package: the client class (whose statics carry the
// error classes: OpenAI.RateLimitError), error classes imported by name, and whether it uses ES imports or
// require, so an import the fix needs is written the way the file writes its own.
import type { TextEdit } from '../../types';
import type { SyntaxNode } from '../syntax';
import { parseProjectErrorClass } from '../options';

export interface JsImports {
  /** A local name whose properties are the error classes: the default/namespace import, or the OpenAI class. */
  classHolder?: string;
  /** SDK class name -> local name, from `import { RateLimitError } from 'openai'` or a destructured require. */
  classNames: Map<string, string>;
  usesRequire: boolean;
  /** `import type OpenAI from 'openai'`: the holder exists as a type only, the `type` keyword to drop for a value. */
  typeOnlyHolder?: { name: string; keyword: { line: number; character: number } };
  /** Every name the file binds at top level (imports, declarations): a name added must be none of these. */
  boundNames: Set<string>;
  /** A top-level logger the file already uses (`logger`), else undefined (the console). */
  logger?: string;
  /** Row where a new import line goes: after the last top-level import or require, else the first statement. */
  insertRow: number;
}

export function readJsImports(root: SyntaxNode): JsImports {
  const result: JsImports = { classNames: new Map(), usesRequire: false, boundNames: new Set(), insertRow: 0 };
  let lastImportRow = -1;
  let firstStatementRow = -1;
  for (const statement of root.namedChildren) {
    if (!statement || statement.type === 'comment' || statement.type === 'hash_bang_line') continue;
    const isDirective = statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'string';
    if (firstStatementRow === -1 && !isDirective) firstStatementRow = statement.startPosition.row;
    if (statement.type === 'import_statement') {
      lastImportRow = statement.endPosition.row;
      const source = moduleOf(statement.childForFieldName('source')) ?? '';
      for (const bound of importedBindings(statement)) result.boundNames.add(bound);
      if (isTypeOnly(statement)) {
        if (isSdkSource(source)) readTypeOnlyHolder(statement, result);
      } else if (isSdkSource(source)) readImportClause(statement, result);
      else if (source.startsWith('.')) readRelativeClient(statement, result);
    } else if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
      for (const declarator of statement.namedChildren) {
        const name = declarator?.childForFieldName('name');
        for (const bound of name?.type === 'identifier' ? [name] : name?.descendantsOfType(['identifier', 'shorthand_property_identifier_pattern']) ?? []) if (bound) result.boundNames.add(bound.text);
        const value = declarator?.childForFieldName('value');
        const required = value ? requiredModule(value) : undefined;
        if (!declarator || required === undefined) continue;
        lastImportRow = statement.endPosition.row;
        result.usesRequire = true;
        if (isSdkSource(required)) readRequirePattern(declarator.childForFieldName('name'), result);
      }
    } else {
      const name = statement.childForFieldName('name');
      if (name && /declaration$/.test(statement.type)) result.boundNames.add(name.text);
    }
  }
  // A top-level `logger` (imported or declared) is the file's logger: handlers log through it.
  if (result.boundNames.has('logger')) result.logger = 'logger';
  result.insertRow = lastImportRow >= 0 ? lastImportRow + 1 : Math.max(firstStatementRow, 0);
  return result;
}

/** The local names an import statement binds. */
function importedBindings(statement: SyntaxNode): string[] {
  const clause = statement.namedChildren.find((child) => child?.type === 'import_clause');
  return (clause?.namedChildren ?? []).flatMap((part) => {
    if (part?.type === 'identifier') return [part.text];
    if (part?.type === 'namespace_import') return part.namedChildren.filter((c) => c?.type === 'identifier').map((c) => c!.text);
    if (part?.type !== 'named_imports') return [];
    return part.namedChildren.filter((s) => s?.type === 'import_specifier').map((s) => (s!.childForFieldName('alias') ?? s!.childForFieldName('name'))!.text);
  });
}

/** The SDK's package or one of its entry points (`openai/index`, `openai/index.mjs`). */
function isSdkSource(source: string): boolean {
  return source === 'openai' || /^openai\/index(\.m?js)?$/.test(source);
}

function moduleOf(source: SyntaxNode | null): string | undefined {
  return source ? source.text.slice(1, -1) : undefined;
}

function isTypeOnly(statement: SyntaxNode): boolean {
  return statement.children.some((child) => child?.type === 'type');
}

/** `require('x')` or `require('x').default` / `.OpenAI`: the module name. */
function requiredModule(value: SyntaxNode): string | undefined {
  const call = value.type === 'member_expression' ? value.childForFieldName('object') : value;
  if (call?.type !== 'call_expression' || call.childForFieldName('function')?.text !== 'require') return undefined;
  return moduleOf(call.childForFieldName('arguments')?.firstNamedChild ?? null);
}

function readImportClause(statement: SyntaxNode, result: JsImports): void {
  const clause = statement.namedChildren.find((child) => child?.type === 'import_clause');
  for (const part of clause?.namedChildren ?? []) {
    if (!part) continue;
    if (part.type === 'identifier') result.classHolder ??= part.text;
    else if (part.type === 'namespace_import') result.classHolder ??= part.namedChildren.find((c) => c?.type === 'identifier')?.text;
    else if (part.type === 'named_imports') {
      for (const specifier of part.namedChildren) {
        if (specifier?.type !== 'import_specifier' || specifier.children.some((c) => c?.type === 'type')) continue;
        const name = specifier.childForFieldName('name')?.text ?? '';
        addName(result, name, specifier.childForFieldName('alias')?.text ?? name);
      }
    }
  }
}

/** `import type OpenAI from 'openai'`: a holder the fix can turn into a value import. */
function readTypeOnlyHolder(statement: SyntaxNode, result: JsImports): void {
  const clause = statement.namedChildren.find((child) => child?.type === 'import_clause');
  const name = clause?.namedChildren.find((part) => part?.type === 'identifier')?.text;
  const keyword = statement.children.find((child) => child?.type === 'type');
  if (name && keyword && !clause?.namedChildren.some((part) => part?.type === 'named_imports')) {
    result.typeOnlyHolder = { name, keyword: { line: keyword.startPosition.row, character: keyword.startPosition.column } };
  }
}

/**
 * `import OpenAI from '../src'` or `import { OpenAI } from './client'`: a relative module that exports the
 * client class under its own name (an SDK checkout, a re-export); its statics are the error classes.
 */
function readRelativeClient(statement: SyntaxNode, result: JsImports): void {
  const clause = statement.namedChildren.find((child) => child?.type === 'import_clause');
  for (const part of clause?.namedChildren ?? []) {
    if (part?.type === 'identifier' && part.text === 'OpenAI') result.classHolder ??= 'OpenAI';
    for (const specifier of part?.type === 'named_imports' ? part.namedChildren : []) {
      if (specifier?.type === 'import_specifier' && specifier.childForFieldName('name')?.text === 'OpenAI' && !specifier.childForFieldName('alias')) result.classHolder ??= 'OpenAI';
    }
  }
}

function readRequirePattern(pattern: SyntaxNode | null, result: JsImports): void {
  if (!pattern) return;
  if (pattern.type === 'identifier') result.classHolder ??= pattern.text;
  if (pattern.type !== 'object_pattern') return;
  for (const property of pattern.namedChildren) {
    if (property?.type === 'shorthand_property_identifier_pattern') addName(result, property.text, property.text);
    if (property?.type === 'pair_pattern') {
      const key = property.childForFieldName('key')?.text ?? '';
      const value = property.childForFieldName('value');
      if (value?.type === 'identifier') addName(result, key, value.text);
    }
  }
}

function addName(result: JsImports, name: string, local: string): void {
  // The client class carries every error class as a static property, so it serves as the holder.
  if (name === 'OpenAI' || name === 'default') result.classHolder ??= local;
  else result.classNames.set(name, local);
}

/** Resolves error classes and the logger to expressions, and reports the import edit the fix needs, if any. */
export class JsNameResolver {
  private needsDefaultImport = false;
  private readonly namedImports: { name: string; local: string }[] = [];
  private convertTypeImport = false;
  private projectImport: { module: string; name: string } | undefined;

  constructor(private readonly imports: JsImports, private readonly isTypeScript: boolean) {}

  errorClass(className: string): string {
    const local = this.imports.classNames.get(className);
    if (local) return local;
    if (this.imports.classHolder) return `${this.imports.classHolder}.${className}`;
    if (this.imports.typeOnlyHolder) {
      this.convertTypeImport = true;
      return `${this.imports.typeOnlyHolder.name}.${className}`;
    }
    if (!this.imports.boundNames.has('OpenAI')) {
      this.needsDefaultImport = true;
      return `OpenAI.${className}`;
    }
    // `OpenAI` is taken by something else: the classes by name, never binding a name twice.
    const existing = this.namedImports.find((entry) => entry.name === className);
    if (existing) return existing.local;
    const localName = this.imports.boundNames.has(className) ? `OpenAI${className}` : className;
    this.namedImports.push({ name: className, local: localName });
    return localName;
  }

  /** The file's logger (`logger`), else `console`. */
  logger(): string {
    return this.imports.logger ?? 'console';
  }

  /** The local name of the project's error class (`module:Class`), importing it when needed; undefined without one. */
  projectError(setting: string | undefined): string | undefined {
    const parsed = parseProjectErrorClass(setting);
    if (!parsed) return undefined;
    if (this.imports.boundNames.has(parsed.name)) return parsed.name;
    if (!parsed.module) return undefined;
    this.projectImport = { module: parsed.module, name: parsed.name };
    return parsed.name;
  }

  /** The import lines the generated names need, in the file's own form (ES import or require). */
  importLines(semicolon: string, quote: string): string[] {
    const lines: string[] = [];
    const require = this.imports.usesRequire && !this.isTypeScript;
    if (this.needsDefaultImport) lines.push(require ? `const OpenAI = require(${quote}openai${quote})${semicolon}` : `import OpenAI from ${quote}openai${quote}${semicolon}`);
    if (this.namedImports.length > 0) {
      const specifiers = this.namedImports.map(({ name, local }) => (name === local ? name : require ? `${name}: ${local}` : `${name} as ${local}`)).join(', ');
      lines.push(require ? `const { ${specifiers} } = require(${quote}openai${quote})${semicolon}` : `import { ${specifiers} } from ${quote}openai${quote}${semicolon}`);
    }
    if (this.projectImport) {
      const { module, name } = this.projectImport;
      lines.push(require ? `const { ${name} } = require(${quote}${module}${quote})${semicolon}` : `import { ${name} } from ${quote}${module}${quote}${semicolon}`);
    }
    return lines;
  }

  /** `import type OpenAI` becomes a value import when the handlers need the class at run time. */
  typeImportEdit(): TextEdit | undefined {
    const holder = this.imports.typeOnlyHolder;
    if (!this.convertTypeImport || !holder) return undefined;
    const start = holder.keyword;
    // The keyword and the space after it.
    return { range: { start, end: { line: start.line, character: start.character + 'type '.length } }, newText: '' };
  }
}
