// Finds every OpenAI error mention in a piece of text and ranks them by how much each one pins down: an error
// `code` says exactly what happened, a message phrase nearly so, a wrapper's words ("Error communicating with
// OpenAI: …") less than the cause they carry, an exception class only names a family, a bare HTTP status even
// less. Mentions that other software shares (bare statuses and class names, `type` values, everyday words)
// count only where the text shows it is about OpenAI (evidence.ts). Every pattern here is a literal-led
// regular expression with bounded gaps, or a single pass over identifier tokens, so the work grows linearly
// with the text and nothing backtracks catastrophically (test/unit/catalog/adversarial.test.ts holds the proof
// by example).
import { lineStartOffsets, positionFromLineStarts } from '../textPositions';
import { contextByLine, defaultMaxChars, mentionsOpenAI } from './evidence';
import type { Position } from '../types';
import { errorHierarchy } from '../sdk/errorHierarchy';
import type { Catalog } from './catalog';
import type { CatalogEntry } from './types';

/** What kind of evidence a mention is; the order of `mentionKinds` is the ranking, strongest first. */
export type MentionKind = 'code' | 'phrase' | 'wrapper' | 'type' | 'exception' | 'status';
export const mentionKinds: readonly MentionKind[] = ['code', 'phrase', 'wrapper', 'type', 'exception', 'status'];

export interface CatalogMatch {
  id: string;
  /** The entry as the catalog holds it (English texts: renderers translate). */
  entry: CatalogEntry;
  kind: MentionKind;
  /** The HTTP status the text shows, else the entry's first status. */
  status?: number;
  /** The `code` or `type` value seen in the text, or implied by a message that has only one code. */
  code?: string;
  /** Zero-based line and UTF-16 character. */
  start: Position;
  end: Position;
  startOffset: number;
  endOffset: number;
  /** The matched text (capped at 200 characters). */
  text: string;
}

export interface ExplainOptions {
  /**
   * Whether the surroundings show they are about OpenAI, which lets bare class names (`RateLimitError`), bare
   * statuses, `type` values and everyday phrases ("Connection error.") count on lines that name no other
   * provider. Defaults to whether `text` itself does (it names OpenAI, or holds a mention that needs no
   * context, such as an OpenAI-only code); the hover and the terminal pass `isAboutOpenAI` of the document.
   */
  mentionsOpenAI?: boolean;
  /** Only this many characters are scanned (binary or huge input). */
  maxChars?: number;
  /** At most this many matches are returned, best first. */
  maxMatches?: number;
}

export { defaultMaxChars, mentionsOpenAI };
const defaultMaxMatches = 1000;
const maxMatchTextLength = 200;

interface Mention {
  id: string;
  kind: MentionKind;
  /** Exception mentions of a 5xx family class take the id of the server status that follows them. */
  serverFamily?: boolean;
  start: number;
  end: number;
  status?: number;
  code?: string;
  /** Whether it counts only where the text is about OpenAI. */
  needsContext: boolean;
}

interface Phrase {
  id: string;
  pattern: RegExp;
  kind: 'phrase' | 'wrapper';
  needsContext: boolean;
}

type Qualifier = 'openai-python-v1' | 'openai-python-v0' | 'openai-node-v4';

interface CompiledCatalog {
  /** code value -> entry ids that list it, in catalog order (a shared code is settled by the message). */
  codes: Map<string, string[]>;
  types: Map<string, string[]>;
  phrases: Phrase[];
  /** Class name per qualifier (`openai.` / `openai.error.` / `OpenAI.`), and for names written bare. */
  classes: Record<Qualifier, Map<string, string>>;
  bareClasses: Map<string, string>;
  /** Classes that stand for every 5xx status (InternalServerError): the status in the text says which. */
  serverFamilyClasses: Set<string>;
  /** Catalog order, which settles mentions of equal kind at the same place (the more specific entry first). */
  order: Map<string, number>;
}

/** What a timeout or a lost connection means does not depend on which SDK raised it: no context needed. */
const sdkIndependentIds = new Set(['connection-error', 'timeout']);

const compiled = new WeakMap<Catalog, CompiledCatalog>();

function compile(catalog: Catalog): CompiledCatalog {
  const cached = compiled.get(catalog);
  if (cached) return cached;
  const codes = new Map<string, string[]>();
  const types = new Map<string, string[]>();
  const phrases: Phrase[] = [];
  const add = (map: Map<string, string[]>, key: string, id: string) => {
    const ids = map.get(key) ?? [];
    if (!ids.includes(id)) ids.push(id);
    map.set(key, ids);
  };
  for (const entry of catalog.entries) {
    for (const code of entry.codes ?? []) add(codes, code, entry.id);
    for (const type of entry.types ?? []) add(types, type, entry.id);
    const addPhrases = (templates: readonly string[] | undefined, kind: Phrase['kind'], needsContext: boolean) => {
      for (const template of templates ?? []) {
        const pattern = templatePattern(template);
        if (pattern) phrases.push({ id: entry.id, pattern, kind, needsContext });
      }
    };
    addPhrases(entry.messages, 'phrase', false);
    addPhrases(entry.contextMessages, 'phrase', true);
    addPhrases(entry.wrapperMessages, 'wrapper', true);
  }
  const classes = compileClasses(catalog);
  const bareClasses = new Map<string, string>();
  for (const qualifier of ['openai-python-v1', 'openai-node-v4', 'openai-python-v0'] as const) {
    for (const [name, id] of classes[qualifier]) {
      if (isDistinctiveBareName(name) && !bareClasses.has(name)) bareClasses.set(name, id);
    }
  }
  const serverFamilyClasses = new Set<string>();
  for (const qualifier of Object.keys(classes) as Qualifier[]) {
    for (const errorClass of errorHierarchy(qualifier).classes) if (errorClass.status === '5xx') serverFamilyClasses.add(errorClass.name);
  }
  const order = new Map(catalog.entries.map((entry, index) => [entry.id, index]));
  const result = { codes, types, phrases, classes, bareClasses, serverFamilyClasses, order };
  compiled.set(catalog, result);
  return result;
}

/**
 * Written without a qualifier, a class name only counts when it cannot be mistaken for something else:
 * `PermissionError` and `Timeout` are Python built-ins or plain words, `Error` and `OpenAIError` say nothing.
 */
function isDistinctiveBareName(name: string): boolean {
  return name.endsWith('Error') && name !== 'Error' && name !== 'OpenAIError' && name !== 'PermissionError';
}

/**
 * Class names from the SDK hierarchies first, then the catalog's. A class raised for one HTTP status means
 * no more than that status, so it takes the status's entry (`RateLimitError` is a rate limit or an exhausted
 * quota, as a bare 429 is); the others take the entry the hierarchy names.
 */
function compileClasses(catalog: Catalog): Record<Qualifier, Map<string, string>> {
  const classes: Record<Qualifier, Map<string, string>> = {
    'openai-python-v1': new Map(),
    'openai-python-v0': new Map(),
    'openai-node-v4': new Map(),
  };
  for (const flavour of Object.keys(classes) as Qualifier[]) {
    for (const errorClass of errorHierarchy(flavour).classes) {
      const statusId = typeof errorClass.status === 'number' ? catalog.statusFallback[errorClass.status] : undefined;
      const id = [statusId, errorClass.catalogId].find((candidate) => candidate !== undefined && catalog.get(candidate));
      if (id) classes[flavour].set(errorClass.name, id);
    }
  }
  for (const entry of catalog.entries) {
    for (const [flavour, written] of Object.entries(entry.exceptions ?? {})) {
      if (!(flavour in classes)) continue;
      const name = /^[\w.$]+$/.test(written) ? written.slice(written.lastIndexOf('.') + 1) : undefined;
      const map = classes[flavour as Qualifier];
      if (name && !map.has(name)) map.set(name, entry.id);
    }
  }
  return classes;
}

const regexSpecial = /[.*+?^${}()|[\]\\/]/g;

/**
 * Turns "Rate limit reached for {model} in organization {org}" into a case-insensitive pattern: literal
 * text as is (whitespace runs flexible), for each inner `{name}` a gap of at most 160 characters on one line
 * that ends at the first place the next literal follows, a short token for a trailing one. Leading
 * placeholders are dropped so every pattern starts with a literal.
 *
 * With two or more inner gaps, each gap and the literal after it sit in a lookahead whose match is then
 * consumed by a backreference: a lookahead is never re-entered, so once the nearest next literal is chosen
 * the engine does not try the others. Without that, gaps that can each end in many places multiply
 * ("-{a}-{b}-!" against a long run of "-" tried every pair of ends at every start); with it the work per
 * start is bounded by the gap lengths. A single gap cannot multiply, and keeps the cheaper plain form.
 */
export function templatePattern(template: string): RegExp | undefined {
  const pieces = template.split(/(\{[\w-]*\})/).filter((piece) => piece !== '');
  while (pieces.length > 0 && isPlaceholder(pieces[0])) pieces.shift();
  if (pieces.length === 0 || pieces.every((piece) => piece.trim() === '' || isPlaceholder(piece))) return undefined;
  const literal = (piece: string, last: boolean) => {
    const text = piece.trim() === '' ? '\\s{1,8}' : piece.replace(regexSpecial, '\\$&').replace(/\s+/g, '\\s{1,8}');
    return last && /\w$/.test(piece) ? `${text}(?![\\w$])` : text;
  };
  let source = /^\w/.test(pieces[0]) ? '(?<![\\w$])' : '';
  const atomicGaps = pieces.slice(0, -1).filter(isPlaceholder).length >= 2;
  let group = 0;
  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index];
    const last = index === pieces.length - 1;
    if (!isPlaceholder(piece)) {
      source += literal(piece, last);
    } else if (last) {
      source += '[^\\s\'"`,;)\\]}]{1,80}';
    } else if (!atomicGaps) {
      source += '[^\\r\\n]{1,160}?';
    } else {
      // The gap and the literal that closes it, taken as one atomic step.
      const next = pieces[index + 1];
      const closing = isPlaceholder(next) ? '' : literal(next, index + 1 === pieces.length - 1);
      group++;
      source += `(?=([^\\r\\n]{1,160}?${closing}))\\${group}`;
      if (!isPlaceholder(next)) index++;
    }
  }
  return new RegExp(source, 'gi');
}

function isPlaceholder(piece: string): boolean {
  return /^\{[\w-]*\}$/.test(piece);
}

/** Reason phrases that make a number a status, and the status each belongs to. */
const reasonPhrases: Record<string, number> = {
  'bad request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not found': 404,
  conflict: 409,
  'unprocessable entity': 422,
  'too many requests': 429,
  'internal server error': 500,
  'bad gateway': 502,
  'service unavailable': 503,
  'service temporarily unavailable': 503,
  'gateway timeout': 504,
  'gateway time-out': 504,
};

/**
 * A number counts as a status only where the words around it say so: `Error code: 429`, `status 429`,
 * `status_code=429`, `HTTP/1.1 429`, `HTTP code 502` (Python 0.x), `error 503:`, `"code": "429"`,
 * `429 status code`, `429 Too Many Requests`, `429 Client Error` (requests).
 */
const statusPatterns: readonly RegExp[] = [
  /\b(?:error[ _]?code|status[ _]?code|status|http[ _]code|http(?:\/\d(?:\.\d)?)?)["']?[ \t]{0,3}[:=]?[ \t]{0,3}["']?(\d{3})(?!\d)/gi,
  /\berror[ \t](\d{3}):/gi,
  /(?<![\w.-])(\d{3})[ \t](?:Client|Server)[ \t]Error\b/g,
  /\bcode["']?[ \t]{0,3}[:=][ \t]{0,3}["']?(\d{3})(?![\d.])/gi,
  /(?<![\w.-])(\d{3})[ \t]{1,3}status code\b/gi,
  /(?<![\w.-])(\d{3})[ \t]{1,3}(bad request|unauthorized|forbidden|not found|conflict|unprocessable entity|too many requests|internal server error|bad gateway|service (?:temporarily )?unavailable|gateway time-?out)\b/gi,
];

const tokenPattern = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g;

/**
 * Every OpenAI error mention in `text`, best first: by kind (code, phrase, type, exception class, status),
 * then by position. `matches[0]` is the single best explanation of the whole text.
 */
export function explainText(text: string, catalog: Catalog, options: ExplainOptions = {}): CatalogMatch[] {
  const maxChars = options.maxChars ?? defaultMaxChars;
  const scanned = text.length > maxChars ? text.slice(0, maxChars) : text;
  const compiledCatalog = compile(catalog);
  const found: Mention[] = [];
  const phraseIds = findPhrases(scanned, compiledCatalog, found);
  findTokens(scanned, compiledCatalog, phraseIds, found);
  findStatuses(scanned, catalog, found);
  const documentContext = options.mentionsOpenAI ?? (mentionsOpenAI(scanned) || found.some((mention) => !mention.needsContext));
  const contextAt = contextByLine(scanned, documentContext);
  const mentions = found.filter((mention) => !mention.needsContext || contextAt(mention.start));
  narrowServerFamilies(mentions);
  const order = compiledCatalog.order;
  const ranked = mergeOverlaps(mentions).sort(
    (a, b) => mentionKinds.indexOf(a.kind) - mentionKinds.indexOf(b.kind) || a.start - b.start || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0),
  );
  const lines = lineStartOffsets(scanned);
  return ranked.slice(0, options.maxMatches ?? defaultMaxMatches).flatMap((mention) => {
    const entry = catalog.get(mention.id);
    if (!entry) return [];
    const match: CatalogMatch = {
      id: mention.id,
      entry,
      kind: mention.kind,
      start: positionFromLineStarts(lines, mention.start),
      end: positionFromLineStarts(lines, mention.end),
      startOffset: mention.start,
      endOffset: mention.end,
      text: maskKeys(scanned.slice(mention.start, Math.min(mention.end, mention.start + maxMatchTextLength))),
    };
    const status = mention.status ?? entry.status?.[0];
    if (status !== undefined) match.status = status;
    const code = mention.code ?? (mention.kind === 'phrase' && entry.codes?.length === 1 ? entry.codes[0] : undefined);
    if (code !== undefined) match.code = code;
    return [match];
  });
}

/** Every phrase mention, and the ids of entries whose (non-wrapper) messages appear, to settle shared codes. */
function findPhrases(text: string, compiledCatalog: CompiledCatalog, mentions: Mention[]): Set<string> {
  const seen = new Set<string>();
  for (const phrase of compiledCatalog.phrases) {
    phrase.pattern.lastIndex = 0;
    for (const found of text.matchAll(phrase.pattern)) {
      const start = found.index ?? 0;
      mentions.push({ id: phrase.id, kind: phrase.kind, start, end: start + found[0].length, needsContext: phrase.needsContext });
      if (phrase.kind === 'phrase') seen.add(phrase.id);
    }
  }
  return seen;
}

function findTokens(text: string, compiledCatalog: CompiledCatalog, phraseIds: Set<string>, mentions: Mention[]): void {
  for (const found of text.matchAll(tokenPattern)) {
    const token = found[0];
    const start = found.index ?? 0;
    const end = start + token.length;
    const dot = token.lastIndexOf('.');
    if (dot === -1) {
      const codeIds = isTypeValue(text, start) && compiledCatalog.types.has(token) ? undefined : compiledCatalog.codes.get(token);
      if (codeIds) {
        mentions.push({ id: settle(codeIds, phraseIds), kind: 'code', start, end, code: token, needsContext: false });
        continue;
      }
      const typeIds = compiledCatalog.types.get(token);
      if (typeIds) {
        mentions.push({ id: settle(typeIds, phraseIds), kind: 'type', start, end, code: token, needsContext: true });
        continue;
      }
      const classId = compiledCatalog.bareClasses.get(token);
      if (classId) {
        const serverFamily = compiledCatalog.serverFamilyClasses.has(token);
        mentions.push({ id: classId, kind: 'exception', start, end, serverFamily, needsContext: !sdkIndependentIds.has(classId) });
      }
      continue;
    }
    const qualifier = qualifierOf(token.slice(0, dot));
    const name = token.slice(dot + 1);
    const classId = qualifier && compiledCatalog.classes[qualifier].get(name);
    if (classId) mentions.push({ id: classId, kind: 'exception', start, end, serverFamily: compiledCatalog.serverFamilyClasses.has(name), needsContext: false });
  }
}

/**
 * `insufficient_quota` is both a `type` and a `code`; written as `'type': 'insufficient_quota'` it is the
 * weaker type, so a real code elsewhere in the body (`credit_balance_exhausted`) decides.
 */
function isTypeValue(text: string, start: number): boolean {
  return /\btype["']?[ \t]{0,3}[:=][ \t]{0,3}["']?$/.test(text.slice(Math.max(0, start - 16), start));
}

/** A code several entries share (rate_limit_exceeded) goes to the one whose message is also in the text. */
function settle(ids: readonly string[], phraseIds: Set<string>): string {
  return ids.find((id) => phraseIds.has(id)) ?? ids[0];
}

/** Which SDK a dotted prefix names; another library's prefix (`anthropic.`) names none. */
function qualifierOf(prefix: string): Qualifier | undefined {
  const [first, second] = prefix.split('.', 2);
  if (first === 'openai') return second === 'error' ? 'openai-python-v0' : 'openai-python-v1';
  if (first === 'OpenAI') return 'openai-node-v4';
  return undefined;
}

function findStatuses(text: string, catalog: Catalog, mentions: Mention[]): void {
  for (const pattern of statusPatterns) {
    pattern.lastIndex = 0;
    for (const found of text.matchAll(pattern)) {
      const status = Number(found[1]);
      const reason = found[2]?.toLowerCase();
      if (reason !== undefined && reasonPhrases[reason] !== status) continue;
      const id = catalog.statusFallback[status];
      if (id === undefined || !catalog.get(id)) continue;
      const start = found.index ?? 0;
      mentions.push({ id, kind: 'status', start, end: start + found[0].length, status, needsContext: true });
    }
  }
}

/** `InternalServerError: Error code: 502` is a bad gateway, not just "a server error". */
function narrowServerFamilies(mentions: Mention[]): void {
  const serverStatuses = mentions.filter((mention) => mention.kind === 'status' && (mention.status ?? 0) >= 500).sort((a, b) => a.start - b.start);
  if (serverStatuses.length === 0) return;
  for (const mention of mentions) {
    if (!mention.serverFamily) continue;
    let low = 0;
    let high = serverStatuses.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (serverStatuses[middle].start >= mention.end) high = middle;
      else low = middle + 1;
    }
    mention.id = serverStatuses[low].id;
  }
}

/**
 * Two templates of one entry, or two status forms ("HTTP 503" and "503 Service Unavailable"), can cover the
 * same words: overlapping mentions of one id and kind become one mention spanning both.
 */
function mergeOverlaps(mentions: Mention[]): Mention[] {
  mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  const open = new Map<string, Mention>();
  return mentions.filter((mention) => {
    const key = `${mention.id}\u0000${mention.kind}`;
    const previous = open.get(key);
    if (previous && mention.start < previous.end) {
      previous.end = Math.max(previous.end, mention.end);
      return false;
    }
    open.set(key, mention);
    return true;
  });
}

/** A pasted log may hold a real key: what a match quotes shows only its last four characters. */
export function maskKeys(text: string): string {
  return text.replace(/\bsk-[\w-]{12,}/g, (key) => `sk-…${key.slice(-4)}`);
}

