// Reads a callee's dotted chain from its source text (`client.with_options(timeout=5).chat.completions.create`)
// instead of walking its syntax nodes: every node access crosses into WASM, and callees are read for every
// candidate call in a file, so text is several times cheaper here.
import type { SourceText } from './sourceText';

export interface ChainRoot {
  /** The leading name (`client`, `self`, `OpenAI`, `get_client`), '' when the root is not a plain name. */
  name: string;
  /** The root is a call (`OpenAI()`, `oa.OpenAI()`, `get_client()`) or a construction (`new OpenAI()`). */
  call: boolean;
  constructed: boolean;
  /** For a qualified root call (`oa.OpenAI()`), the qualifier (`oa`). */
  qualifier: string;
}

export interface CalleeChain {
  root: ChainRoot;
  /** The property names after the root, in order. */
  segments: string[];
}

/** A `#` that is not a JS private name's first character (which follows a dot). */
const commentHash = /(?<!\.\s*)#/;

function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === '.' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts.map((part) => part.trim().replace(/[?!]+$/, ''));
}

/**
 * Splits a callee into root and segments. Calls to `copyMethods` (`with_options`, `withOptions`) are skipped
 * because they return a configured copy of the same client; any other call in the chain becomes the root.
 * Undefined for callees that are not a dotted chain.
 */
export function parseCallee(source: string, copyMethods: ReadonlySet<string>): CalleeChain | undefined {
  // `#` starts a Python comment, except right after a dot, where it names a JS private member (`this.#client`).
  if (commentHash.test(source) || source.includes('//')) return undefined;
  const parts = splitTopLevel(source);
  if (parts.length < 2) return undefined;
  let root: ChainRoot | undefined;
  let segments: string[] = [];
  for (let index = 0; index < parts.length; index++) {
    let part = parts[index];
    const constructed = index === 0 && /^new\s/.test(part);
    if (constructed) part = part.replace(/^new\s+/, '');
    // A JS private member (`this.#client`) is matched by its name, as the bindings record it (`#client: OpenAI`).
    const name = /^#?([\w$]+)/.exec(part)?.[1] ?? '';
    const spelled = part.startsWith('#') ? name.length + 1 : name.length;
    const call = part.length > spelled && part[spelled] === '(';
    if (index === 0) {
      root = { name, call: call || constructed, constructed, qualifier: '' };
      if (constructed && !call) {
        // `new oa.OpenAI().chat`: the construction spans parts; find the part with the arguments.
        const argsAt = parts.findIndex((p) => p.includes('('));
        if (argsAt === -1) return undefined;
        const last = /^[\w$]+/.exec(parts[argsAt])?.[0] ?? '';
        root = { name: last, call: true, constructed: true, qualifier: parts.slice(0, argsAt).join('.').replace(/^new\s+/, '') };
        index = argsAt;
      }
      continue;
    }
    if (!name) return undefined;
    if (call && copyMethods.has(name)) continue;
    if (call || part.length > spelled) {
      if (index === parts.length - 1) return undefined;
      const qualifier = [root?.name ?? '', ...segments].filter(Boolean).join('.');
      // A call in the chain yields a new receiver; a subscript (`clients[0]`) one of unknown origin.
      root = call ? { name, call: true, constructed: false, qualifier } : { name: '', call: false, constructed: false, qualifier: '' };
      segments = [];
      continue;
    }
    segments.push(name);
  }
  return root ? { root, segments } : undefined;
}

const identifierChar = /[\w$]/;
/** How far back from a name its callee chain may start, and how far on its argument list may open. */
const chainReach = 256;

/**
 * Where the dotted chain that contains `offset` begins, scanning the text backwards over names, dots and
 * the whitespace around dots; undefined when the chain goes through a call or subscript (`f(x).chat`), which
 * the text alone cannot resolve.
 */
export function chainStart(source: SourceText, offset: number): number | undefined {
  const { text, base } = source.window(offset - chainReach, offset);
  let index = offset - base;
  for (;;) {
    let dot = index;
    while (dot > 0 && /\s/.test(text[dot - 1])) dot--;
    if (dot === 0 || text[dot - 1] !== '.') return index + base;
    dot--;
    // A dot on an earlier line may end a comment (`# …the configured copies.`): the tree tells.
    if (text.lastIndexOf('\n', index) > dot && /#|\/\//.test(text.slice(text.lastIndexOf('\n', dot) + 1, dot))) return undefined;
    if (dot > 0 && text[dot - 1] === '?') dot--;
    let end = dot;
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    if (end === 0 || !identifierChar.test(text[end - 1])) return undefined;
    let start = end;
    while (start > 0 && identifierChar.test(text[start - 1])) start--;
    // A JS private name (`this.#client.chat`) is a link of the chain, `#` included.
    if (start > 0 && text[start - 1] === '#' && /\.\s*$/.test(text.slice(Math.max(0, start - 1 - chainReach), start - 1))) start--;
    index = start;
  }
}

const chainTail = /[\w$]+(?:\s*\??\.\s*[\w$]+)*\s*\(/y;

/** The offset of the opening parenthesis of the call whose callee continues at `offset`, if there is one. */
export function argumentsStart(source: SourceText, offset: number): number | undefined {
  const { text, base } = source.window(offset, offset + chainReach);
  chainTail.lastIndex = offset - base;
  const match = chainTail.exec(text);
  return match ? offset + match[0].length - 1 : undefined;
}
