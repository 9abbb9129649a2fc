// Which grammar and detector handle a source language, and the cheap checks made before any parsing.
import { distinctivePathStarts } from '../sdk/callShapes';
import type { SourceLanguage } from '../types';
import type { Detector } from './detector';
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

/**
 * `openai` in any case, or a distinctive resource path after a dot (`.chat.completions`, `.embeddings.create`,
 * dots optionally `?.`, whitespace allowed around them). One linear pass: every alternative starts with a
 * literal, and nothing in it can backtrack far.
 */
const openAIText = new RegExp(
  `openai|\\??\\.\\s*(?:${distinctivePathStarts.map((path) => path.split('.').join('\\s*\\??\\.\\s*')).join('|')})\\b`,
  'i',
);

/**
 * Whether a text can contain an OpenAI call at all: it must mention openai (any case), a distinctive resource
 * path (a client passed in as a parameter needs no import), or one of the extra client names. Files that fail
 * this are never parsed.
 */
export function mayContainOpenAICalls(text: string, extraClientNames: readonly string[] = []): boolean {
  return openAIText.test(text) || extraClientNames.some((name) => name.length > 0 && text.includes(name));
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
