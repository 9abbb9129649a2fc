// Independent checks of a fixed text: it still parses (Python's own parser, the TypeScript compiler), it
// keeps every original line in order, and its handlers are all reachable.
import { spawnSync } from 'child_process';
import * as path from 'path';
import * as ts from 'typescript';
import type { SdkFlavour, SourceLanguage } from '../../../src/core/types';
import { errorHierarchy, isSubclassOf } from '../../../src/core/sdk/errorHierarchy';
import { repoRoot } from './fixtureCases';

/** Python's verdict on the text: undefined when it parses, else the SyntaxError. */
export function pythonSyntaxError(text: string): string | undefined {
  const result = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], { input: text, encoding: 'utf8' });
  return result.status === 0 ? undefined : result.stderr.trim().split('\n').pop();
}

const compilerOptions: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  jsx: ts.JsxEmit.Preserve,
  allowJs: true,
  esModuleInterop: true,
  skipLibCheck: true,
  noEmit: true,
};

export interface TsDiagnostics {
  syntactic: string[];
  semantic: string[];
}

/** Compiles the texts as files beside the fixtures (so 'openai' resolves to the installed package). */
export function typeScriptDiagnostics(files: Record<string, string>): Record<string, TsDiagnostics> {
  const virtual = new Map(Object.entries(files).map(([name, text]) => [path.join(repoRoot, 'test', 'fixtures', 'fixes', '__check__', name), text]));
  const host = ts.createCompilerHost(compilerOptions);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => virtual.get(file) ?? readFile(file);
  host.fileExists = (file) => virtual.has(file) || ts.sys.fileExists(file);
  // The virtual folder exists only in memory: a relative import between virtual files must resolve there.
  host.directoryExists = (folder) => [...virtual.keys()].some((file) => file.startsWith(folder + path.sep)) || ts.sys.directoryExists(folder);
  host.getSourceFile = (file, languageVersion) => {
    const text = virtual.get(file);
    return text !== undefined ? ts.createSourceFile(file, text, languageVersion, true) : getSourceFile(file, languageVersion);
  };
  const program = ts.createProgram([...virtual.keys()], compilerOptions, host);
  const describe = (diagnostic: ts.Diagnostic): string => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const result: Record<string, TsDiagnostics> = {};
  for (const [file, name] of [...virtual.keys()].map((file) => [file, path.basename(file)] as const)) {
    const source = program.getSourceFile(file)!;
    result[name] = {
      syntactic: program.getSyntacticDiagnostics(source).map(describe),
      semantic: /\.(ts|tsx)$/.test(name) ? program.getSemanticDiagnostics(source).map(describe) : [],
    };
  }
  return result;
}

/**
 * Original lines missing from the fixed text (compared without indentation, in order). The one change a fix
 * may make inside a line is `return call()` -> `return await call()` in an async JavaScript function.
 */
export function linesNotKept(original: string, fixed: string): string[] {
  // What a fix may change inside a kept line: `await` before a returned call, the SDK's retry knob on the call,
  // a type-only SDK import made a value import.
  const normalise = (line: string): string => line.trim().replace(/^import type /, 'import ').replace(/^return await /, 'return ').replace(/\.with_options\(max_retries=\d+\)/, '').replace(/, \{ maxRetries: \d+ \}/, '');
  const fixedLines = fixed.split(/\r?\n/).map(normalise);
  const missing: string[] = [];
  let cursor = 0;
  for (const line of original.split(/\r?\n/).map(normalise)) {
    // An import the fix merged its names into: kept when one statement of that module still imports them all.
    const fromImport = /^from ([\w.]+) import ([^()#]+)$/.exec(line);
    if (fromImport && importsAll(fixed, fromImport[1], fromImport[2].split(',').map((name) => name.trim()))) continue;
    const found = fixedLines.indexOf(line, cursor);
    if (found === -1) missing.push(line);
    else cursor = found + 1;
  }
  return missing;
}

function importsAll(text: string, module: string, names: readonly string[]): boolean {
  const statements = text.matchAll(new RegExp(`^\\s*from ${module.replace(/\./g, '\\.')} import (\\([^)]*\\)|[^\\n]*)`, 'gm'));
  return [...statements].some((statement) => {
    const imported = statement[1].replace(/[()]/g, '').split(',').map((name) => name.trim());
    return names.every((name) => imported.includes(name));
  });
}

/**
 * For a fix that moves lines: original lines missing from the fixed text, in any order (each counted as often as
 * it occurs). A JavaScript `else if` joint stays in place while its branch moves, so `} else if (` counts as `if (`.
 */
/**
 * For fixes that write into the lines they keep (an arrow's expression body becoming a block, a listener or
 * `.catch` chained after a call): the original's code, whitespace aside, must still be there in order. The
 * first original line from which it is not, or undefined.
 */
export function codeNotKept(original: string, fixed: string): string | undefined {
  const kept = fixed.replace(/\s+/g, '');
  let cursor = 0;
  for (const line of original.split(/\r?\n/)) {
    for (const char of line.replace(/\s+/g, '')) {
      cursor = kept.indexOf(char, cursor) + 1;
      if (cursor === 0) return line.trim();
    }
  }
  return undefined;
}

export function linesNotKeptMoved(original: string, fixed: string): string[] {
  const normalise = (line: string): string => line.trim().replace(/^\} else if \(/, 'if (');
  const available = new Map<string, number>();
  for (const line of fixed.split(/\r?\n/).map(normalise)) available.set(line, (available.get(line) ?? 0) + 1);
  const missing: string[] = [];
  for (const line of original.split(/\r?\n/).map(normalise)) {
    const count = available.get(line) ?? 0;
    if (count === 0) missing.push(line);
    else available.set(line, count - 1);
  }
  return missing;
}

/**
 * Generated handlers (lines the fix added) that come after a handler for one of their base classes in the same
 * catch (JavaScript: a fix may add two, a try around a stream's read inside the one around the call).
 */
export function unreachableHandlers(original: string, fixed: string, language: SourceLanguage, sdk: SdkFlavour): string[] {
  if (sdk === 'openai-node-v3') return [];
  const originalLines = new Set(original.split(/\r?\n/));
  const added = fixed.split(/\r?\n/).filter((line) => !originalLines.has(line)).join('\n');
  const pattern = language === 'python' ? /except\s+([\w.]+)/g : /instanceof\s+([\w.]+)/g;
  const hierarchy = errorHierarchy(sdk);
  const problems: string[] = [];
  for (const clause of language === 'python' ? [added] : added.split(/\bcatch\s*\(/)) {
    const names = [...clause.matchAll(pattern)].map((match) => match[1].split('.').pop()!);
    names.forEach((name, index) => {
      const shadow = names.slice(0, index).find((earlier) => earlier !== name && isSubclassOf(hierarchy, name, earlier));
      if (shadow) problems.push(`${name} after ${shadow}`);
    });
  }
  return problems;
}
