// "Use a shared handler": the typed handling of OpenAI errors lives once, in a function the project already has
// or in a module this fix creates, and each call site gets a short try that passes the error to it. This module
// finds such a function in source text, writes the module, and says how a call site imports it.
import type { SdkFlavour, SourceLanguage } from '../types';
import type { ErrorClassKey } from '../sdk/errorHierarchy';
import { errorHierarchy } from '../sdk/errorHierarchy';
import { planGroups, sdkRetries } from './handlerPlan';
import { groupMessage, rateLimitNote } from './handlerText';

/** A function that handles OpenAI errors, as a call site refers to it. */
export interface SharedHandlerRef {
  name: string;
  /** What the call site imports it from (`app.openai_errors`, `./openaiErrors`); none when it is in the same file. */
  module?: string;
  /** Whether it re-raises / rethrows itself; when it returns, the call site re-raises after calling it. */
  raises: boolean;
}

/** A shared handler found in a file's text. */
export interface FoundSharedHandler {
  name: string;
  raises: boolean;
  /** Visible to other files: exported (JS/TS), or not private by convention (Python: no leading underscore). */
  exported: boolean;
}

export const defaultSharedHandlerName = { python: 'handle_openai_error', js: 'handleOpenAIError' } as const;
export const defaultSharedModuleFile = { python: 'openai_errors.py', typescript: 'openaiErrors.ts', javascript: 'openaiErrors.js' } as const;

/** Every error class name any SDK flavour exports: a function that names one of them handles OpenAI errors. */
const errorClassNames = new Set(['openai-python-v0', 'openai-python-v1', 'openai-node-v4'].flatMap((flavour) => errorHierarchy(flavour as SdkFlavour).classes.map((c) => c.name)).filter((name) => name !== 'Error'));

/**
 * The first module-level function in the text that takes the error as its first parameter and catches or
 * inspects OpenAI error classes with it (`isinstance(e, openai.RateLimitError)`, `except RateLimitError`,
 * `err instanceof OpenAI.RateLimitError`).
 */
export function findSharedHandler(text: string, language: SourceLanguage): FoundSharedHandler | undefined {
  return language === 'python' ? findPythonHandler(text) : findJsHandler(text);
}

/** The first shared handler among other files of the project that a call site in `language` can import. */
export function findSharedHandlerInProject(files: readonly { path: string; text: string }[], language: SourceLanguage): (FoundSharedHandler & { path: string }) | undefined {
  const python = language === 'python';
  for (const file of files) {
    if (/\.py$/.test(file.path) !== python) continue;
    const found = findSharedHandler(file.text, python ? 'python' : 'typescript');
    if (found?.exported) return { ...found, path: file.path };
  }
  return undefined;
}

function findPythonHandler(text: string): FoundSharedHandler | undefined {
  const lines = text.split(/\r?\n/);
  for (let row = 0; row < lines.length; row++) {
    const header = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(\s*([A-Za-z_]\w*)/.exec(lines[row]);
    if (!header || header[2] === 'self' || header[2] === 'cls') continue;
    const [, name, param] = header;
    let end = row + 1;
    while (end < lines.length && (lines[end].trim() === '' || /^\s/.test(lines[end]) || /^\)/.test(lines[end]))) end++;
    const body = lines.slice(row + 1, end);
    const inspects = body.some((line) => new RegExp(`isinstance\\(\\s*${param}\\s*,`).test(line) && namesErrorClass(line))
      || body.some((line) => /^\s*except\b/.test(line) && namesErrorClass(line));
    if (!inspects) continue;
    const statements = body.filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    const bodyIndent = /^\s*/.exec(statements[0] ?? '')![0];
    const last = [...statements].reverse().find((line) => /^\s*/.exec(line)![0] === bodyIndent);
    return { name, raises: last !== undefined && /^\s*raise\b/.test(last), exported: !name.startsWith('_') };
  }
  return undefined;
}

function findJsHandler(text: string): FoundSharedHandler | undefined {
  const lines = text.split(/\r?\n/);
  for (let row = 0; row < lines.length; row++) {
    const header = /^(export\s+)?(?:async\s+)?function\s+([A-Za-z_$][\w$]*)\s*\(\s*([A-Za-z_$][\w$]*)[^)]*\)\s*(?::\s*([^{]+?))?\s*\{\s*$/.exec(lines[row]);
    if (!header) continue;
    const [, exportKeyword, name, param, returnType] = header;
    let end = row + 1;
    while (end < lines.length && !/^\}/.test(lines[end])) end++;
    const body = lines.slice(row + 1, end);
    if (!body.some((line) => new RegExp(`\\b${param.replace(/\$/g, '\\$')}\\s+instanceof\\s+`).test(line) && namesErrorClass(line))) continue;
    const statements = body.filter((line) => line.trim() !== '' && !line.trim().startsWith('//'));
    const bodyIndent = /^\s*/.exec(statements[0] ?? '')![0];
    const last = [...statements].reverse().find((line) => /^\s*/.exec(line)![0] === bodyIndent);
    const exported = exportKeyword !== undefined || new RegExp(`(module\\.)?exports\\.${name}\\s*=|module\\.exports\\s*=\\s*\\{[^}]*\\b${name}\\b`).test(text);
    return { name, raises: returnType?.trim() === 'never' || (last !== undefined && /^\s*throw\b/.test(last)), exported };
  }
  return undefined;
}

function namesErrorClass(line: string): boolean {
  return (line.match(/[A-Za-z_]\w*/g) ?? []).some((word) => errorClassNames.has(word));
}

/**
 * The text of the module the fix creates: one function holding the compact fix's grouped handling (network
 * and server failures the SDK already retried, credentials, rate limit or quota, the rest), logging through the
 * module's logger (Python) or console (JS/TS), then re-raising so the caller's behaviour is kept.
 */
export function sharedHandlerModuleText(language: SourceLanguage, flavour: SdkFlavour, errorClasses: readonly ErrorClassKey[], options: { commonJs?: boolean } = {}): string {
  return language === 'python' ? pythonModule(flavour, errorClasses) : jsModule(flavour, errorClasses, language, options.commonJs === true);
}

function pythonModule(flavour: SdkFlavour, errorClasses: readonly ErrorClassKey[]): string {
  const v0 = flavour === 'openai-python-v0';
  const prefix = v0 ? 'openai.error.' : 'openai.';
  const retried = sdkRetries(flavour) ? 2 : 0;
  const groups = planGroups(v0 ? 'openai-python-v0' : 'openai-python-v1', errorClasses).filter((group) => !group.isCatchAll);
  const name = defaultSharedHandlerName.python;
  const lines = [
    '"""OpenAI errors handled in one place: call sites catch them and pass them here."""',
    'import logging',
    'from typing import NoReturn',
    '',
    'import openai',
    '',
    'logger = logging.getLogger(__name__)',
    '',
    '',
    `def ${name}(e: ${prefix}OpenAIError) -> NoReturn:`,
    '    """Log the error by what the code must do about it, then re-raise it."""',
  ];
  groups.forEach((group, index) => {
    const classes = group.classNames.map((c) => prefix + c);
    const tested = classes.length === 1 ? classes[0] : `(${classes.join(', ')})`;
    lines.push(`    ${index === 0 ? 'if' : 'elif'} isinstance(e, ${tested}):`);
    if (group.id === 'rateLimit') {
      lines.push(`        # ${rateLimitNote()}`);
      lines.push(`        logger.error("${groupMessage(group.id, retried)}: %s %s", getattr(e, "code", None), e)`);
    } else lines.push(`        logger.error("${groupMessage(group.id, retried)}: %s", e)`);
  });
  if (groups.length > 0) lines.push('    else:', `        logger.error("${groupMessage('request', retried)}: %s", e)`);
  else lines.push(`    logger.error("${groupMessage('request', retried)}: %s", e)`);
  lines.push('    raise e', '');
  return lines.join('\n');
}

function jsModule(flavour: SdkFlavour, errorClasses: readonly ErrorClassKey[], language: SourceLanguage, commonJs: boolean): string {
  const typed = language === 'typescript' || language === 'typescriptreact';
  const retried = flavour === 'openai-node-v3' ? 0 : 2;
  const groups = planGroups('openai-node-v4', errorClasses);
  const name = defaultSharedHandlerName.js;
  const lines = [
    '// OpenAI errors handled in one place: call sites catch them and pass them here.',
    commonJs ? "const OpenAI = require('openai');" : "import OpenAI from 'openai';",
    '',
    '/** Logs an OpenAI error by what the code must do about it, then rethrows it (anything else is rethrown as is). */',
    `${commonJs ? '' : 'export '}function ${name}(err${typed ? ': unknown' : ''})${typed ? ': never' : ''} {`,
  ];
  groups.forEach((group, index) => {
    const tested = group.classNames.map((c) => `err instanceof OpenAI.${c}`).join(' || ');
    lines.push(`  ${index === 0 ? 'if' : '} else if'} (${tested}) {`);
    if (group.id === 'rateLimit') {
      lines.push(`    // ${rateLimitNote()}`);
      lines.push(`    console.error('${groupMessage(group.id, retried)}:', err.code, err.message);`);
    } else if (group.isCatchAll) lines.push(`    console.error('${groupMessage(group.id, retried)}:', err.status, err.message);`);
    else lines.push(`    console.error('${groupMessage(group.id, retried)}:', err.message);`);
  });
  lines.push('  }', '  throw err;', '}');
  if (commonJs) lines.push('', `module.exports = { ${name} };`);
  lines.push('');
  return lines.join('\n');
}

/**
 * What a call site imports the handler from. Python: the bare module name when the helper sits in the call
 * site's folder (a script's folder is on sys.path, and `from .x` fails in a script), else its dotted path from
 * the project root. JS/TS: a relative path, with the file's extension for JavaScript (Node's ES modules need
 * it) and without one for TypeScript. Paths use `/`.
 */
export function sharedHandlerImportModule(callSitePath: string, handlerPath: string, projectRoot: string, language: SourceLanguage): string {
  const callDir = dirname(callSitePath);
  if (language === 'python') {
    const withoutExt = handlerPath.replace(/\.py$/, '');
    if (dirname(handlerPath) === callDir) return withoutExt.slice(callDir.length + 1);
    const root = projectRoot.replace(/\/+$/, '');
    const fromRoot = withoutExt.startsWith(`${root}/`) ? withoutExt.slice(root.length + 1) : withoutExt;
    return fromRoot.split('/').join('.');
  }
  const typed = language === 'typescript' || language === 'typescriptreact';
  const target = typed ? handlerPath.replace(/\.(tsx?|mts|cts)$/, '') : handlerPath;
  const from = callDir.split('/').filter(Boolean);
  const to = target.split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const rest = to.slice(common).join('/');
  return up === 0 ? `./${rest}` : `${'../'.repeat(up)}${rest}`;
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? (slash === 0 ? '/' : '') : path.slice(0, slash);
}
