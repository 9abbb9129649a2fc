// How a JavaScript/TypeScript file refers to the openai package: the client class (whose statics carry the
// error classes: OpenAI.RateLimitError), error classes imported by name, and whether it uses ES imports or
// require, so an import the fix needs is written the way the file writes its own.
import type { SyntaxNode } from '../syntax';

export interface JsImports {
  /** A local name whose properties are the error classes: the default/namespace import, or the OpenAI class. */
  classHolder?: string;
  /** SDK class name -> local name, from `import { RateLimitError } from 'openai'` or a destructured require. */
  classNames: Map<string, string>;
  usesRequire: boolean;
  /** Row where a new import line goes: after the last top-level import or require, else the first statement. */
  insertRow: number;
}

export function readJsImports(root: SyntaxNode): JsImports {
  const result: JsImports = { classNames: new Map(), usesRequire: false, insertRow: 0 };
  let lastImportRow = -1;
  let firstStatementRow = -1;
  for (const statement of root.namedChildren) {
    if (!statement || statement.type === 'comment' || statement.type === 'hash_bang_line') continue;
    const isDirective = statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'string';
    if (firstStatementRow === -1 && !isDirective) firstStatementRow = statement.startPosition.row;
    if (statement.type === 'import_statement') {
      lastImportRow = statement.endPosition.row;
      if (moduleOf(statement.childForFieldName('source')) === 'openai' && !isTypeOnly(statement)) readImportClause(statement, result);
    } else if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
      for (const declarator of statement.namedChildren) {
        const value = declarator?.childForFieldName('value');
        const required = value && requiredModule(value);
        if (!declarator || required === undefined) continue;
        lastImportRow = statement.endPosition.row;
        result.usesRequire = true;
        if (required === 'openai') readRequirePattern(declarator.childForFieldName('name'), result);
      }
    }
  }
  result.insertRow = lastImportRow >= 0 ? lastImportRow + 1 : Math.max(firstStatementRow, 0);
  return result;
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

/** Resolves error classes to expressions and reports the one import line that must be added, if any. */
export class JsNameResolver {
  private needsImport = false;

  constructor(private readonly imports: JsImports, private readonly isTypeScript: boolean) {}

  errorClass(className: string): string {
    const local = this.imports.classNames.get(className);
    if (local) return local;
    if (this.imports.classHolder) return `${this.imports.classHolder}.${className}`;
    this.needsImport = true;
    return `OpenAI.${className}`;
  }

  importLine(semicolon: string, quote: string): string | undefined {
    if (!this.needsImport) return undefined;
    return this.imports.usesRequire && !this.isTypeScript
      ? `const OpenAI = require(${quote}openai${quote})${semicolon}`
      : `import OpenAI from ${quote}openai${quote}${semicolon}`;
  }
}
