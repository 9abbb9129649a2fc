// Runtime string localization shared by the extension and the CLI. The bundles are the same
// l10n/bundle.l10n.<locale>.json files VS Code's own l10n mechanism reads: the key is the English text,
// placeholders are {0}, {1}, … In the extension host the adapter hands over vscode.l10n's bundle; the CLI
// loads the file for the locale in LANG / LC_ALL.
import * as fs from 'fs';
import * as path from 'path';

// A Map, not a plain object: a message such as "constructor" or "__proto__" (a custom catalog may hold one)
// must not find Object.prototype's members.
let bundle = new Map<string, string>();
let currentLocale = 'en';

export function format(message: string, args: readonly unknown[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

/** Translates an English message with the active bundle, then fills its placeholders. */
export function t(message: string, ...args: unknown[]): string {
  return format(bundle.get(message) ?? message, args);
}

/** The active locale ('en' when none is set). */
export function locale(): string {
  return currentLocale;
}

/** Uses an already loaded bundle (the extension passes vscode.l10n.bundle). */
export function useBundle(localeName: string, contents: Record<string, string> | undefined): void {
  currentLocale = localeName;
  bundle = new Map(Object.entries(contents ?? {}).filter((pair): pair is [string, string] => typeof pair[1] === 'string'));
}

/** The l10n folder of the installed package: dist/../l10n when bundled, else the repo's l10n/. */
export function defaultL10nDir(): string {
  const candidates = [path.join(__dirname, '..', 'l10n'), path.join(__dirname, '..', '..', 'l10n'), path.join(__dirname, '..', '..', '..', 'l10n')];
  return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[0];
}

/** Picks the locale from a POSIX locale string such as "ko_KR.UTF-8" and loads its bundle if one exists. */
export function useLocaleFromEnvironment(env: NodeJS.ProcessEnv, l10nDir = defaultL10nDir()): string {
  const raw = env.LC_ALL || env.LC_MESSAGES || env.LANG || 'en';
  const language = raw.split(/[_.@-]/)[0].toLowerCase() || 'en';
  loadBundle(language, l10nDir);
  return language;
}

export function loadBundle(language: string, l10nDir = defaultL10nDir()): void {
  if (language === 'en' || language === 'c' || language === 'posix') {
    useBundle('en', {});
    return;
  }
  const file = path.join(l10nDir, `bundle.l10n.${language}.json`);
  try {
    useBundle(language, JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>);
  } catch {
    useBundle('en', {});
  }
}
