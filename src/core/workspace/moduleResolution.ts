// Maps an import as written to a file of the project: Python modules (absolute from the project root, its
// src/ folder or the importing file's folders; relative with leading dots; packages through __init__.py) and
// JS/TS specifiers (relative, with or without extension, index files, `.js` written for a `.ts` file, and
// path aliases from the nearest tsconfig.json/jsconfig.json, with `@/` and `~/` guessed when none says).
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseJsonc } from 'jsonc-parser';

const jsExtensions = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

interface PathAliases {
  baseUrl: string;
  paths: [prefix: string, targets: string[]][];
}

export class ModuleResolver {
  private readonly aliasesByFolder = new Map<string, PathAliases | undefined>();
  /** Resolutions by importing folder and module: the same imports recur across a package's files. */
  private readonly resolved = new Map<string, string | undefined>();

  /** `exists` says whether the index knows a source file at a path. */
  constructor(private readonly root: string, private readonly exists: (file: string) => boolean) {}

  /** Forgets cached resolutions (files were added or removed). */
  forget(): void {
    this.resolved.clear();
  }

  python(fromFile: string, module: string): string | undefined {
    return this.cached(`py|${path.dirname(fromFile)}|${module}`, () => this.resolvePython(fromFile, module));
  }

  javascript(fromFile: string, specifier: string): string | undefined {
    return this.cached(`js|${path.dirname(fromFile)}|${specifier}`, () => this.resolveJavascript(fromFile, specifier));
  }

  private cached(key: string, resolve: () => string | undefined): string | undefined {
    if (this.resolved.has(key)) return this.resolved.get(key);
    const found = resolve();
    this.resolved.set(key, found);
    return found;
  }

  private resolvePython(fromFile: string, module: string): string | undefined {
    const dots = /^\.*/.exec(module)?.[0].length ?? 0;
    const parts = module.slice(dots).split('.').filter(Boolean);
    const bases: string[] = [];
    if (dots > 0) {
      let base = path.dirname(fromFile);
      for (let level = 1; level < dots; level++) base = path.dirname(base);
      bases.push(base);
    } else {
      bases.push(this.root, path.join(this.root, 'src'));
      for (let folder = path.dirname(fromFile); folder.startsWith(this.root) && folder !== this.root; folder = path.dirname(folder)) bases.push(folder);
    }
    for (const base of bases) {
      const stem = path.join(base, ...parts);
      for (const candidate of parts.length > 0 ? [`${stem}.py`, path.join(stem, '__init__.py')] : [path.join(stem, '__init__.py')]) {
        if (this.exists(candidate)) return candidate;
      }
    }
    return undefined;
  }

  private resolveJavascript(fromFile: string, specifier: string): string | undefined {
    if (specifier.startsWith('.')) return this.withExtensions(path.resolve(path.dirname(fromFile), specifier));
    const aliases = this.aliasesFor(path.dirname(fromFile));
    if (aliases) {
      for (const [prefix, targets] of aliases.paths) {
        const wildcard = prefix.endsWith('*');
        const head = wildcard ? prefix.slice(0, -1) : prefix;
        if (wildcard ? !specifier.startsWith(head) : specifier !== prefix) continue;
        const rest = wildcard ? specifier.slice(head.length) : '';
        for (const target of targets) {
          const found = this.withExtensions(path.resolve(aliases.baseUrl, target.replace('*', rest)));
          if (found) return found;
        }
      }
      const fromBase = this.withExtensions(path.resolve(aliases.baseUrl, specifier));
      if (fromBase) return fromBase;
    }
    const alias = /^[@~]\//.exec(specifier);
    if (alias) {
      const rest = specifier.slice(2);
      return this.withExtensions(path.join(this.root, rest)) ?? this.withExtensions(path.join(this.root, 'src', rest));
    }
    return undefined;
  }

  private withExtensions(base: string): string | undefined {
    const stems = [base];
    const written = path.extname(base);
    if (['.js', '.jsx', '.mjs', '.cjs'].includes(written)) stems.push(base.slice(0, -written.length));
    for (const stem of stems) {
      if (this.exists(stem)) return stem;
      for (const extension of jsExtensions) if (this.exists(stem + extension)) return stem + extension;
      for (const extension of jsExtensions) if (this.exists(path.join(stem, `index${extension}`))) return path.join(stem, `index${extension}`);
    }
    return undefined;
  }

  /** The path aliases of the nearest tsconfig.json or jsconfig.json at or above a folder (inside the root). */
  private aliasesFor(folder: string): PathAliases | undefined {
    if (this.aliasesByFolder.has(folder)) return this.aliasesByFolder.get(folder);
    let aliases: PathAliases | undefined;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const file = path.join(folder, name);
      if (!fs.existsSync(file)) continue;
      try {
        const options = (parseJsonc(fs.readFileSync(file, 'utf8')) as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } } | undefined)?.compilerOptions;
        aliases = { baseUrl: path.resolve(folder, options?.baseUrl ?? '.'), paths: Object.entries(options?.paths ?? {}) };
      } catch {
        aliases = undefined;
      }
      break;
    }
    if (!aliases && folder !== this.root && folder.startsWith(this.root)) aliases = this.aliasesFor(path.dirname(folder));
    this.aliasesByFolder.set(folder, aliases);
    return aliases;
  }
}
