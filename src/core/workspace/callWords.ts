// The text prefilter of the workspace index. Every file is read once and reduced to a Bloom filter of the
// words it calls (`name(`, `obj.name(`) and the hashes of its import words: when the index later needs the
// callers of a function, only files that import its module and whose filter may hold its name are parsed. Files that mention neither OpenAI nor a
// function that reaches an OpenAI call are never parsed at all. The filter is built with one indexOf('(')
// loop and hashes computed from char codes, so no substring is allocated per call, and it is sized by the
// number of distinct words (about ten bits each): a fixed size saturates on the large files, which are the
// ones that cost most to parse for nothing.
import { resourcePath } from '../analysis/languageSupport';
import { lineStartMatches, wordStartMatches } from '../analysis/keywordMatches';

/** Smallest filter: 64 words of 32 bits. */
const minimumWords = 64;
const bitsPerEntry = 10;

export type CallWordFilter = Uint32Array;

function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** FNV-1a over the UTF-16 code units of text[start, end); another seed keeps module words apart from call words. */
function hashRange(text: string, start: number, end: number, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let index = start; index < end; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Murmur3's finaliser: spreads FNV's similar hashes of similar names over the whole word. */
function mix(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A name's two mixed hashes, from which its three bits in a filter of any size follow (double hashing). */
export type FilterProbe = readonly [number, number];

function probeOf(hash: number): FilterProbe {
  return [mix(hash), (mix(hash ^ 0x9e3779b9) | 1) >>> 0];
}

function setBits(filter: CallWordFilter, probe: FilterProbe): void {
  const bits = filter.length * 32;
  for (let k = 0; k < 3; k++) {
    const bit = (probe[0] + k * probe[1]) % bits;
    filter[bit >>> 5] |= 1 << (bit & 31);
  }
}

export function matchesProbe(filter: CallWordFilter, probe: FilterProbe): boolean {
  const bits = filter.length * 32;
  for (let k = 0; k < 3; k++) {
    const bit = (probe[0] + k * probe[1]) % bits;
    if ((filter[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
  }
  return true;
}

const moduleSeed = 0x01234567;

/** The start of a line up to a top-level function's name: `def `, `async def `, `export default async function `. */
const topLevelDefinition = /^(?:(?:async[ \t]+)?def|(?:export[ \t]+(?:default[ \t]+)?)?(?:async[ \t]+)?function)[ \t]*$/;
/** A definition's keyword just before its name (a nested or indented one: not a call either). */
const definitionKeyword = /\b(?:def|function)\s*$/;

/**
 * The module-word hashes of a file's imports (the modules named, and the names bound: `from app import llm`
 * then `llm.ask()` imports the module llm), deduplicated. The index looks callers up by them (word → functions
 * defined under that word) instead of testing every name against every file.
 */
export function importHashes(imports: FileImports): Uint32Array {
  const hashes = new Set<number>();
  for (const word of imports.moduleWords) hashes.add(moduleWordHash(word));
  for (const word of imports.boundNames) hashes.add(moduleWordHash(word));
  return Uint32Array.from(hashes);
}

/** The hash importHashes gives a word. */
export function moduleWordHash(word: string): number {
  return hashRange(word, 0, word.length, moduleSeed);
}

/** Whether a file's imports (their importHashes) may name a module by this word (a file's stem or a package). */
export function mayImportWord(hashes: Uint32Array, word: string): boolean {
  return hashes.includes(moduleWordHash(word));
}

/** The filter of every word directly followed (whitespace aside) by an opening parenthesis, definitions aside. */
export function callWordFilter(text: string): CallWordFilter {
  const hashes = new Set<number>();
  const plainCalls = new Set<number>();
  const ownFunctions = new Set<number>();
  for (let paren = text.indexOf('('); paren !== -1; paren = text.indexOf('(', paren + 1)) {
    const { start, end } = wordBefore(text, paren);
    if (start === end) continue;
    const hash = hashRange(text, start, end);
    let before = start;
    while (before > 0 && (isSpace(text.charCodeAt(before - 1)) || text.charCodeAt(before - 1) === 42)) before--;
    const previous = text.charCodeAt(before - 1);
    if (previous === 46 || previous === 63) hashes.add(hash);
    // Both definition patterns end in `def` or `function`: any other last letter makes a plain call.
    else if (previous !== 102 && previous !== 110) plainCalls.add(hash);
    else if (topLevelDefinition.test(text.slice(text.lastIndexOf('\n', before - 1) + 1, before))) ownFunctions.add(hash);
    else if (!definitionKeyword.test(text.slice(Math.max(0, before - 9), before))) plainCalls.add(hash);
  }
  // A plain `main()` in a file that defines its own top-level `main` calls that one, not an imported one.
  for (const hash of plainCalls) if (!ownFunctions.has(hash)) hashes.add(hash);
  let size = minimumWords;
  while (size * 32 < hashes.size * bitsPerEntry) size *= 2;
  const filter = new Uint32Array(size);
  for (const hash of hashes) setBits(filter, probeOf(hash));
  return filter;
}

export function callProbe(name: string): FilterProbe {
  return probeOf(hashRange(name, 0, name.length));
}

export function mayCall(filter: CallWordFilter, name: string): boolean {
  return matchesProbe(filter, callProbe(name));
}

/**
 * Import statements, every alternative starting with a keyword (at a line start in Python), which keywordMatches
 * searches for: Python `from m import (x as y, z)` and `import a.b as c, d`; JS/TS `import d, { x as y } from
 * 'm'`, `import 'm'`, `import('m')`, `require('m')`.
 */
const pythonImports = /^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import[ \t]*(\([^)]*\)|[^\n]*)|import[ \t]+([^\n]*))/gm;
const javascriptImports = /\b(?:import|export)\b(?:\s+type\b)?([\w$*{}\s,]*?)\s*(?:\bfrom\s*)?\(?\s*['"]([^'"\n]+)['"]|\brequire\s*\(\s*['"]([^'"\n]+)['"]/g;
/** What a `require(…)` is assigned to, read backwards from it: `const { a, b } = `, `let llm = await `. */
const requireBinding = /(?:const|let|var|import)\s+(\{[^}]*\}|[\w$]+)\s*=\s*(?:await\s+)?$/;

/** The words of a file's imports: the modules they name, and the names they bind. */
export interface FileImports {
  /** `app`, `llm` of `from app.llm import ask`, `import app.llm`, `'./lib/llm'`. */
  moduleWords: Set<string>;
  /** `ask`, `c`, `llm`, … of `from m import ask`, `import a.b as c`, `import { x as llm } from 'm'`. */
  boundNames: Set<string>;
}

function addWords(into: Set<string>, spelled: string | undefined, separator: RegExp): void {
  if (spelled) for (const word of spelled.split(separator)) if (word) into.add(word);
}

/** The import words of a text; without a language, both syntaxes are read. */
export function importsOf(text: string, language?: 'python' | 'javascript'): FileImports {
  const imports: FileImports = { moduleWords: new Set(), boundNames: new Set() };
  if (language !== 'javascript') {
    for (const match of lineStartMatches(text, pythonImports, ['from', 'import'])) {
      addWords(imports.moduleWords, match[1] ?? match[3], /[^\w$-]+/);
      addWords(imports.boundNames, match[2] ?? match[3], /[^\w$]+/);
    }
  }
  if (language !== 'python') {
    for (const match of wordStartMatches(text, javascriptImports, ['import', 'export', 'require'])) {
      addWords(imports.moduleWords, match[2] ?? match[3], /[^\w$-]+/);
      addWords(imports.boundNames, match[1], /[^\w$]+/);
      if (match[3]) addWords(imports.boundNames, requireBinding.exec(text.slice(Math.max(0, match.index - 300), match.index))?.[1], /[^\w$]+/);
    }
  }
  return imports;
}

/** Start of the word that ends at `end` (after skipping whitespace backwards), and that end. */
function wordBefore(text: string, end: number): { start: number; end: number } {
  let wordEnd = end;
  while (wordEnd > 0 && isSpace(text.charCodeAt(wordEnd - 1))) wordEnd--;
  let start = wordEnd;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  return { start, end: wordEnd };
}

/** What resource paths are used on: the receiver just before the path, and the first name of its dotted chain. */
export interface ResourceReceivers {
  /** `client` in `llm.client.files.list(` and in `client.files.list(`. */
  receivers: string[];
  /** `llm` in `llm.client.files.list(`, `client` in `client.files.list(`. */
  heads: string[];
}

/**
 * The receivers of OpenAI-like resource paths (`llm.files.list(`) whose chain starts with a name the file
 * imports: when that name is (or holds) a client of another module of the project, the file must be analysed
 * with the receiver known as a client. Chains that start with a local name, `self` or a call result are left
 * out: no other module can tell the index anything about them.
 */
export function resourceReceivers(text: string, imports: FileImports = importsOf(text)): ResourceReceivers {
  const receivers = new Set<string>();
  const heads = new Set<string>();
  for (const match of text.matchAll(resourcePath)) {
    let end = match.index;
    if (end > 0 && text.charCodeAt(end - 1) === 63) end--;
    const receiver = wordBefore(text, end);
    if (receiver.start === receiver.end || /[0-9]/.test(text[receiver.start])) continue;
    let head = receiver;
    for (;;) {
      let dot = head.start;
      while (dot > 0 && isSpace(text.charCodeAt(dot - 1))) dot--;
      if (dot === 0 || text.charCodeAt(dot - 1) !== 46) break;
      dot--;
      if (dot > 0 && text.charCodeAt(dot - 1) === 63) dot--;
      const previous = wordBefore(text, dot);
      if (previous.start === previous.end) break;
      head = previous;
    }
    const headName = text.slice(head.start, head.end);
    if (!imports.boundNames.has(headName)) continue;
    receivers.add(text.slice(receiver.start, receiver.end));
    heads.add(headName);
  }
  return { receivers: [...receivers], heads: [...heads] };
}
