// Which grammar and detector handle a source language, and the cheap checks made before any parsing.
import {
  distinctivePathStarts, nodeClientClasses, nodeClientWrappers, nodeResources, nodeV3ClientClasses, nodeV3Methods,
  pythonClientClasses, pythonClientWrappers, pythonDropInModules, pythonResources, pythonV0Classes, rawRequestMethods,
} from '../sdk/callShapes';
import type { SourceLanguage } from '../types';
import { alternation } from './bindings';
import type { Detector } from './detector';
import { hasLineStartMatch } from './keywordMatches';
import { javascriptDetector } from './javascriptDetector';
import { pythonDetector } from './pythonDetector';
import type { GrammarName } from './treeSitter';

/**
 * .ts → typescript; .tsx/.jsx → tsx (JSX needs it); .js → javascript (its own grammar accepts Flow-free JS
 * including JSX, which the typescript grammar would reject).
 */
export function grammarFor(language: SourceLanguage): GrammarName {
  switch (language) {
    case 'python': return 'python';
    case 'typescript': return 'typescript';
    case 'typescriptreact':
    case 'javascriptreact': return 'tsx';
    case 'javascript': return 'javascript';
  }
}

export function detectorFor(language: SourceLanguage): Detector {
  return language === 'python' ? pythonDetector : javascriptDetector;
}

const dotted = (path: string): string => path.split('.').map((segment) => alternation([segment])).join('\\s*\\??\\.\\s*');

/**
 * A distinctive resource path after a dot (`.chat.completions`, `.embeddings.create`, dots optionally `?.`,
 * whitespace allowed around them): a client passed in as a parameter needs no import of openai.
 */
const distinctivePath = new RegExp(`\\.\\s*(?:${distinctivePathStarts.map(dotted).join('|')})\\b`);

/**
 * An import that can bind an OpenAI client, module or wrapper: Python `import openai` / `from openai… import`,
 * a drop-in module (`from langfuse.openai import openai`) or a wrapper's module (instructor, langsmith); JS/TS
 * any module specifier that names openai (`'openai'`, `'openai/index'`, `'npm:openai'`, `'@/lib/openai'`) or a
 * wrapper's package. Case matters in Python (module names), not in JS specifiers (`'./OpenAIClient'`).
 */
const pythonImportModules = ['openai', ...pythonDropInModules, ...pythonClientWrappers.keys()];
const pythonImport = new RegExp(
  `^[ \\t]*(?:from[ \\t]+(?:${alternation(pythonImportModules)})\\b|import[ \\t][^\\n#]*\\b(?:${alternation(new Set(pythonImportModules.map((name) => name.split('.')[0])))})\\b)`,
  'm',
);
const nodeWrapperPackages = [...new Set([...nodeClientWrappers.keys()].map((name) => name.split('/')[0]))];
const nodeImport = new RegExp(`(?:\\bfrom|\\brequire\\s*\\(|\\bimport\\s*\\(?)\\s*['"\`][^'"\`\\n]*(?:openai|${alternation(nodeWrapperPackages)})`, 'i');

/**
 * A resource path on a receiver (`x.files.list`); bound methods (`create = client.models.list`) show one too.
 * It starts at a literal dot, which keeps the scan fast; the receiver is read backwards from the match.
 */
export const resourcePath = new RegExp(`\\.\\s*(?:${alternation(new Set([...pythonResources, ...nodeResources]))})\\s*\\??\\.\\s*[A-Za-z_$]`, 'g');
/** An import statement: its module path (`from agents.models.interface import …`) is no request. */
const importLineStart = /^[ \t]*(?:from|import)\b/;
/** A raw request (`client.post(`, `client.get<T>(`): only a client can send one, so the file must name a client class. */
const rawRequest = new RegExp(`\\.\\s*(?:${alternation(rawRequestMethods)})\\s*[(<]`);
const clientClassWord = new RegExp(`\\b(?:${alternation(new Set([...pythonClientClasses, ...nodeClientClasses, ...nodeV3ClientClasses]))})\\b`);
/** A 0.x class (`openai.ChatCompletion.create`) or a v3 method (`createCompletion(`). */
const legacyCall = new RegExp(`\\b(?:${alternation(pythonV0Classes)})\\s*\\.\\s*[a-z]|\\b(?:${alternation(nodeV3Methods)})\\s*\\(`);

function hasResourcePathOutsideImports(text: string): boolean {
  for (const match of text.matchAll(resourcePath)) {
    const lineStart = text.lastIndexOf('\n', match.index) + 1;
    const before = text.slice(lineStart, match.index);
    // A statement after the import on the same line (`import openai; openai.files.list()`) is code again.
    if (!importLineStart.test(before) || before.includes(';')) return true;
  }
  return false;
}

/** Something shaped like a request the detectors report. */
function hasCallShape(text: string): boolean {
  return legacyCall.test(text) || hasResourcePathOutsideImports(text) || (rawRequest.test(text) && clientClassWord.test(text));
}

/**
 * Whether a text can contain an OpenAI call the detectors would report: a distinctive resource path, or an
 * import of openai (or of a wrapper) together with something shaped like a request, or one of the extra client
 * names (settings, clients imported from the project). Files that fail this are never parsed; it may let a
 * file through that has nothing to report, never the reverse.
 */
export function mayContainOpenAICalls(text: string, language: SourceLanguage, extraClientNames: readonly string[] = []): boolean {
  if (distinctivePath.test(text)) return true;
  if (extraClientNames.some((name) => name.length > 0 && text.includes(name))) return true;
  return (language === 'python' ? hasLineStartMatch(text, pythonImport, ['from', 'import']) : nodeImport.test(text)) && hasCallShape(text);
}

export type SkipReason = 'too-large' | 'binary' | 'minified';

/** Longest average line length we still parse; minified bundles are far above it. */
const maxAverageLineLength = 400;

/**
 * Why a text should not be analysed, or undefined. Cheap on purpose (length, a NUL search, a newline count)
 * so that a 5 MB minified or binary file is rejected before it can cost anything.
 */
export function skipReason(text: string, maxLength: number): SkipReason | undefined {
  if (text.length > maxLength) return 'too-large';
  if (text.includes('\0')) return 'binary';
  if (text.length > 20_000) {
    let lines = 1;
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines++;
    return skipReasonOfShape(text.length, lines, maxLength);
  }
  return undefined;
}

/** skipReason for a text known to hold no NUL character, from its length and line count (an edited document). */
export function skipReasonOfShape(length: number, lineCount: number, maxLength: number): SkipReason | undefined {
  if (length > maxLength) return 'too-large';
  if (length > 20_000 && length / lineCount > maxAverageLineLength) return 'minified';
  return undefined;
}
