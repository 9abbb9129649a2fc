// The text prefilter of the workspace index. Every file is read once and reduced to a 256-byte Bloom filter of
// the words it calls (`name(`, `obj.name(`): when the index later needs the callers of a function, only files
// whose filter may hold its name are parsed. Files that mention neither OpenAI nor a function that reaches an
// OpenAI call are never parsed at all. The filter is built with one indexOf('(') loop and hashes computed
// from char codes, so no substring is allocated per call.
import { nodeResources, pythonResources } from '../sdk/callShapes';

const words = 64;
const bits = words * 32;

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

/** The three bits of a hash (double hashing from two mixed values). */
function bitsOf(hash: number): [number, number, number] {
  const first = mix(hash);
  const second = (mix(hash ^ 0x9e3779b9) | 1) >>> 0;
  return [first % bits, (first + second) % bits, (first + 2 * second) % bits];
}

function setBits(filter: CallWordFilter, hash: number): void {
  for (const bit of bitsOf(hash)) filter[bit >>> 5] |= 1 << (bit & 31);
}

function hasBits(filter: CallWordFilter, hash: number): boolean {
  for (const bit of bitsOf(hash)) if ((filter[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
  return true;
}

const moduleSeed = 0x01234567;

/**
 * The module words of import lines: `from app.llm import ask` and `import app.llm` give app and llm, `from
 * './lib/llm'` and `require("../llm")` give lib and llm. A file can only call a function of another module
 * through an import that names that module (or a package above it).
 */
const importLine = /^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import\b|import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*))|(?:\bfrom|\brequire\s*\(|\bimport\s*\(?)\s*['"]([^'"\n]+)['"]/gm;

function addModuleWords(filter: CallWordFilter, text: string): void {
  for (const match of text.matchAll(importLine)) {
    const spelled = match[1] ?? match[2] ?? match[3] ?? '';
    for (const word of spelled.split(/[^\w$-]+/)) if (word) setBits(filter, hashRange(word, 0, word.length, moduleSeed));
  }
}

/** Whether the file may import a module named by this word (a file's stem or one of its folders). */
export function mayImportWord(filter: CallWordFilter, word: string): boolean {
  return hasBits(filter, hashRange(word, 0, word.length, moduleSeed));
}

/** The filter of every word directly followed (whitespace aside) by an opening parenthesis, and of the module words of imports. */
export function callWordFilter(text: string): CallWordFilter {
  const filter = new Uint32Array(words);
  addModuleWords(filter, text);
  for (let paren = text.indexOf('('); paren !== -1; paren = text.indexOf('(', paren + 1)) {
    let end = paren;
    while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
    if (start < end) setBits(filter, hashRange(text, start, end));
  }
  return filter;
}

/** A name's bits, computed once for testing many filters. */
export type FilterProbe = readonly [number, number, number];

export function callProbe(name: string): FilterProbe {
  return bitsOf(hashRange(name, 0, name.length));
}

export function moduleProbe(word: string): FilterProbe {
  return bitsOf(hashRange(word, 0, word.length, moduleSeed));
}

export function matchesProbe(filter: CallWordFilter, probe: FilterProbe): boolean {
  return (filter[probe[0] >>> 5] & (1 << (probe[0] & 31))) !== 0 && (filter[probe[1] >>> 5] & (1 << (probe[1] & 31))) !== 0
    && (filter[probe[2] >>> 5] & (1 << (probe[2] & 31))) !== 0;
}

export function mayCall(filter: CallWordFilter, name: string): boolean {
  return hasBits(filter, hashRange(name, 0, name.length));
}

/** A resource path after a dot; the receiver before the dot is read backwards from there (a pattern starting at a literal dot is fast). */
const resourcePath = new RegExp(`\\.\\s*(?:${[...new Set([...pythonResources, ...nodeResources])].join('|')})\\s*\\??\\.\\s*[A-Za-z_$]`, 'g');

/**
 * Names used as the receiver of an OpenAI-like resource path (`llm.files.list(`): when one of them is a client
 * imported from another module of the project, the file must be analysed with that name known as a client.
 */
export function resourceReceivers(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(resourcePath)) {
    let end = match.index;
    if (end > 0 && text.charCodeAt(end - 1) === 63) end--;
    while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
    if (start < end && !/[0-9]/.test(text[start])) names.add(text.slice(start, end));
  }
  return [...names];
}
