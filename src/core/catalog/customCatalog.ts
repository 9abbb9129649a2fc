// A team's own catalog files (JSONC): new ids for their own gateways and codes, or other wording for built-in
// ones. Every problem is reported with the file and line:column and only the faulty part is skipped, so a
// typo never takes the built-in catalog (or the file's other entries) down with it.
import type { Node, ParseError } from 'jsonc-parser';
import { parseTree, printParseErrorCode } from 'jsonc-parser';
import { t } from '../l10n';
import { positionAt } from '../textPositions';
import { overlayCatalog, type Catalog, type CatalogEntryPatch } from './catalog';
import { templatePattern } from './matcher';
import type { CatalogEntry, SdkFlavourName } from './types';

export interface CatalogProblem {
  file: string;
  /** Zero-based, like every core position. */
  line: number;
  character: number;
  message: string;
}

export interface CatalogFileText {
  file: string;
  text: string;
}

/** "team.openai-errors.jsonc:3:7: …" with the 1-based position people and editors expect. */
export function formatProblem(problem: CatalogProblem): string {
  return `${problem.file}:${problem.line + 1}:${problem.character + 1}: ${problem.message}`;
}

const stringListFields = ['types', 'codes', 'messages', 'contextMessages', 'wrapperMessages'] as const;
const textFields = ['title', 'cause', 'solution'] as const;
const booleanFields = ['retryable', 'sdkRetries', 'healthCheckHelps'] as const;
const flavours: readonly SdkFlavourName[] = ['openai-python-v1', 'openai-python-v0', 'openai-node-v4', 'openai-node-v3'];
const knownFields = new Set<string>(['id', 'status', 'exceptions', 'docsUrl', ...stringListFields, ...textFields, ...booleanFields]);
/** Long templates would only slow the matcher down; real messages are identified well within this. */
const maxTemplateLength = 300;

/**
 * Reads one catalog file: `{ "entries": [ { "id": …, … } ] }`. `isKnownId` tells overrides (any subset of
 * fields) from new entries (which need title, cause and solution).
 */
export function parseCatalogFile(source: CatalogFileText, isKnownId: (id: string) => boolean): { patches: CatalogEntryPatch[]; problems: CatalogProblem[] } {
  const { file } = source;
  // Editors that save a UTF-8 byte-order mark do not count it as a column; the parser would call it a symbol.
  const text = source.text.startsWith('\ufeff') ? source.text.slice(1) : source.text;
  const problems: CatalogProblem[] = [];
  const report = (offset: number, message: string) => problems.push({ file, ...positionAt(text, offset), message });
  // The parser recurses once per level: a hostile depth would overflow the stack before any problem is known.
  const tooDeep = offsetBeyondDepth(text, maxNesting);
  if (tooDeep !== undefined) {
    report(tooDeep, t('Nested more than {0} levels deep: the file was not read.', maxNesting));
    return { patches: [], problems };
  }
  const syntaxErrors: ParseError[] = [];
  const root = parseTree(text, syntaxErrors, { allowTrailingComma: true, disallowComments: false });
  for (const error of syntaxErrors) report(error.offset, t('JSON syntax error: {0}', printParseErrorCode(error.error)));
  if (!root) return { patches: [], problems };
  const entriesNode = root.type === 'object' ? propertyValue(root, 'entries') : undefined;
  if (!entriesNode || entriesNode.type !== 'array') {
    report(root.offset, t('Expected an object with an "entries" array.'));
    return { patches: [], problems };
  }
  const patches: CatalogEntryPatch[] = [];
  for (const entryNode of entriesNode.children ?? []) {
    const patch = readEntry(entryNode, isKnownId, report);
    if (patch) patches.push(patch);
  }
  return { patches, problems };
}

/** A real catalog nests four levels deep; anything near this is not a catalog. */
const maxNesting = 64;

/**
 * The offset of the first "[" or "{" that opens level `limit + 1`, or undefined. Strings and comments are
 * skipped so brackets inside them do not count; one pass, no recursion.
 */
function offsetBeyondDepth(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      for (index++; index < text.length && text[index] !== '"' && text[index] !== '\n'; index++) if (text[index] === '\\') index++;
    } else if (char === '/' && text[index + 1] === '/') {
      const end = text.indexOf('\n', index);
      index = end < 0 ? text.length : end;
    } else if (char === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2);
      index = end < 0 ? text.length : end + 1;
    } else if (char === '[' || char === '{') {
      if (++depth > limit) return index;
    } else if (char === ']' || char === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** Overlays every file on `base` in order (a later file wins) and collects all problems. */
export function loadCatalogFiles(sources: readonly CatalogFileText[], base: Catalog): { catalog: Catalog; problems: CatalogProblem[] } {
  let catalog = base;
  const problems: CatalogProblem[] = [];
  for (const source of sources) {
    const parsed = parseCatalogFile(source, (id) => catalog.get(id) !== undefined);
    catalog = overlayCatalog(catalog, parsed.patches);
    problems.push(...parsed.problems);
  }
  return { catalog, problems };
}

type Report = (offset: number, message: string) => void;

function readEntry(node: Node, isKnownId: (id: string) => boolean, report: Report): CatalogEntryPatch | undefined {
  if (node.type !== 'object') {
    report(node.offset, t('Each entry must be an object.'));
    return undefined;
  }
  const idNode = propertyValue(node, 'id');
  if (!idNode || idNode.type !== 'string' || !/^[A-Za-z0-9][\w.-]*$/.test(String(idNode.value))) {
    report((idNode ?? node).offset, t('An entry needs an "id" made of letters, digits, "-", "_" or ".".'));
    return undefined;
  }
  const id = String(idNode.value);
  const patch: Partial<CatalogEntry> & { id: string } = { id };
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode || keyNode.value === 'id') continue;
    const key = String(keyNode.value);
    if (!knownFields.has(key)) {
      report(keyNode.offset, t('Unknown property "{0}" (ignored).', key));
      continue;
    }
    const problem = readField(patch, key, valueNode);
    if (problem) report(valueNode.offset, problem);
  }
  if (!isKnownId(id)) {
    const missing = textFields.filter((field) => patch[field] === undefined);
    if (missing.length > 0) {
      report(node.offset, t('New entry "{0}" needs {1} (skipped).', id, missing.map((field) => `"${field}"`).join(', ')));
      return undefined;
    }
    patch.retryable ??= false;
    patch.sdkRetries ??= false;
  }
  return patch;
}

/** Sets one field on the patch, or says what is wrong with its value (the field is then left out). */
function readField(patch: Partial<CatalogEntry>, key: string, node: Node): string | undefined {
  if ((textFields as readonly string[]).includes(key)) {
    if (node.type !== 'string' || String(node.value).trim() === '') return t('"{0}" must be a non-empty string.', key);
    patch[key as (typeof textFields)[number]] = String(node.value);
    return undefined;
  }
  if ((booleanFields as readonly string[]).includes(key)) {
    if (node.type !== 'boolean') return t('"{0}" must be true or false.', key);
    patch[key as (typeof booleanFields)[number]] = Boolean(node.value);
    return undefined;
  }
  if ((stringListFields as readonly string[]).includes(key)) {
    const values = stringList(node);
    if (!values) return t('"{0}" must be an array of strings.', key);
    if (key === 'messages' || key === 'contextMessages' || key === 'wrapperMessages') {
      const unusable = values.find((value) => value.length > maxTemplateLength || !templatePattern(value));
      if (unusable !== undefined) return t('"{0}" has a message template that is empty, only placeholders, or longer than {1} characters.', key, maxTemplateLength);
    }
    patch[key as (typeof stringListFields)[number]] = values;
    return undefined;
  }
  if (key === 'status') {
    const values = node.type === 'array' ? (node.children ?? []).map((child) => child.value) : undefined;
    if (!values || values.some((value) => !Number.isInteger(value) || value < 100 || value > 599)) return t('"status" must be an array of HTTP status numbers (100-599).');
    patch.status = values as number[];
    return undefined;
  }
  if (key === 'docsUrl') {
    if (node.type !== 'string' || !/^https:\/\/[^\s()<>]+$/.test(String(node.value))) return t('"docsUrl" must be an https:// URL.');
    patch.docsUrl = String(node.value);
    return undefined;
  }
  // exceptions
  if (node.type !== 'object') return t('"exceptions" must map SDK flavours ({0}) to class names.', flavours.join(', '));
  const exceptions: NonNullable<CatalogEntry['exceptions']> = {};
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    const flavour = String(keyNode?.value) as SdkFlavourName;
    if (!flavours.includes(flavour) || valueNode?.type !== 'string') return t('"exceptions" must map SDK flavours ({0}) to class names.', flavours.join(', '));
    exceptions[flavour] = String(valueNode.value);
  }
  patch.exceptions = exceptions;
  return undefined;
}

function stringList(node: Node): string[] | undefined {
  if (node.type !== 'array') return undefined;
  const children = node.children ?? [];
  return children.every((child) => child.type === 'string') ? children.map((child) => String(child.value)) : undefined;
}

function propertyValue(objectNode: Node, name: string): Node | undefined {
  const property = objectNode.children?.find((child) => child.children?.[0]?.value === name);
  return property?.children?.[1];
}

