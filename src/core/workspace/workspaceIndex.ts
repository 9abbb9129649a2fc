// The project index: per-file summaries (see summary.ts) and the call graph across files, resolved on demand
// through imports, requires, re-exports and `self.`/`this.` methods. It judges a file's findings the way a
// reviewer reading the whole project would: a finding inside function F is protected when every call path
// that reaches F from the call sites found in the workspace passes through a handler that catches OpenAI
// errors; F with no call site in the workspace (an entry point, a route, an exported library function) keeps
// its finding, and a kept finding that has callers names one unprotected path.
import * as path from 'path';
import { coverage, type HandlerCatch } from '../analysis/handlerCoverage';
import { t } from '../l10n';
import type { Finding, SdkFlavour, SourceLanguage } from '../types';
import { callProbe, matchesProbe, moduleWordHash, type CallWordFilter, type FilterProbe, type ResourceReceivers } from './callWords';
import type { FileJobResult } from './fileProcessor';
import { ModuleResolver } from './moduleResolution';
import type { CallSiteSummary, FileSummary, FunctionSummary } from './summary';
import { isDuckTyped, packPosition } from './summary';

interface FileEntry {
  language: SourceLanguage;
  filter?: CallWordFilter;
  importHashes?: Uint32Array;
  receivers?: ResourceReceivers;
  summary?: FileSummary;
}

interface FunctionRef {
  file: string;
  fn: number;
}

interface SiteRef {
  file: string;
  site: CallSiteSummary;
}

/** An unprotected way in: the call site that starts it, in the function (or module code) that is the entry. */
interface UnprotectedPath {
  /** The entry function's name; '' for module code and for anonymous functions. */
  entry: string;
  /**
   * Set when the entry is an anonymous function (a callback, a lambda) that nothing in the project is known to
   * run inside handling: the named function around it, '' when there is none.
   */
  anonymousIn?: string;
  file: string;
  line: number;
}

type Verdict = { protected: true } | { protected: false; path: UnprotectedPath | undefined };

/** Deeper call chains than this are taken as unprotected rather than followed. */
const maxDepth = 24;
const selfNames = new Set(['self', 'this', 'cls']);

/** Test files by the usual names and folders (a path from the project root): `__tests__/`, `tests/`, `*.test.ts`, `test_*.py`. */
export function isTestFile(file: string): boolean {
  return /(?:^|[\\/])(?:__tests__|tests?|spec|e2e)[\\/]|\.(?:test|spec)\.[cm]?[jt]sx?$|(?:^|[\\/])test_[^\\/]*\.py$|_test\.py$/.test(file);
}

/** Each name the index seeks callers of, with the files that define it as a function (none: a method, see isDuckTyped). */
export type ReachingNames = Map<string, Set<string>>;

export class WorkspaceIndex {
  private readonly entries = new Map<string, FileEntry>();
  private readonly resolver: ModuleResolver;
  /** Folders holding an `__init__.py` or `index.*` (built when first needed, dropped when files come or go). */
  private barrels: Set<string> | undefined;
  /** Call sites by called name, built when first needed after a change. */
  private sitesByName: Map<string, SiteRef[]> | undefined;
  private readonly verdicts = new Map<string, Verdict>();
  /** Whether a path is a test file's (paths do not change kind: never dropped). */
  private readonly testFiles = new Map<string, boolean>();
  /** Files the last queries needed a summary of and found none (re-export barrels, client modules). */
  readonly missing = new Set<string>();
  private version = 0;

  constructor(readonly root: string) {
    this.resolver = new ModuleResolver(root, (file) => this.entries.has(file));
  }

  /** Increases with every change: front ends re-judge open files when it moves. */
  get generation(): number {
    return this.version;
  }

  get fileCount(): number {
    return this.entries.size;
  }

  get summaryCount(): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.summary) count++;
    return count;
  }

  has(file: string): boolean {
    return this.entries.has(file);
  }

  files(): IterableIterator<string> {
    return this.entries.keys();
  }

  languageOf(file: string): SourceLanguage | undefined {
    return this.entries.get(file)?.language;
  }

  hasSummary(file: string): boolean {
    return this.entries.get(file)?.summary !== undefined;
  }

  /** Adds a file the index should know about (its filter and summary arrive later). */
  addFile(file: string, language: SourceLanguage): void {
    this.addFiles([{ path: file, language }]);
  }

  /** Adds files the index should know about, dropping what was derived from the entries once. */
  addFiles(files: readonly { path: string; language: SourceLanguage }[]): void {
    let added = false;
    for (const file of files) {
      if (this.entries.has(file.path)) continue;
      this.entries.set(file.path, { language: file.language });
      added = true;
    }
    if (added) {
      this.barrels = undefined;
      this.changed();
    }
  }

  /** Stores what processing a file found (replacing what was known of it). */
  setResult(result: FileJobResult, language: SourceLanguage): void {
    const known = this.entries.has(result.path);
    this.entries.set(result.path, { language, filter: result.filter, importHashes: result.importHashes, receivers: result.receivers, summary: result.summary });
    this.missing.delete(result.path);
    this.changed(!known);
  }

  remove(file: string): void {
    if (!this.entries.delete(file)) return;
    this.barrels = undefined;
    this.changed();
  }

  /** Whether the file uses resource paths on names it imports (`llm.files.list()` after `from app import llm`). */
  usesImportedReceivers(file: string): boolean {
    return (this.entries.get(file)?.receivers?.receivers.length ?? 0) > 0;
  }

  /**
   * The names whose callers matter: functions holding an unprotected OpenAI call and, through the call sites
   * the index resolves to them, the functions that call them without a catch-all handler, and so on.
   */
  reachingNames(): ReachingNames {
    const names: ReachingNames = new Map();
    const seen = new Set<string>();
    const queue: FunctionRef[] = [];
    for (const [file, entry] of this.entries) for (const fn of entry.summary?.raising ?? []) queue.push({ file, fn });
    for (let ref = queue.pop(); ref; ref = queue.pop()) {
      const key = `${ref.file}#${ref.fn}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const fn = this.entries.get(ref.file)?.summary?.functions[ref.fn];
      // Resolving what runs a callback or wraps a decorated function asks for the modules that define it.
      if (fn && this.guardedByWhatRunsIt(ref.file, fn)) continue;
      if (!fn?.name) continue;
      // Other files reach a method through instances, which the index types within the class's own file only
      // (see resolveCall), or, for a method with a name of its own, through receivers it cannot type (an empty
      // set of defining files: sought in every file, see filesToSummarize).
      if (!fn.className || this.seekOnAnyReceiver(ref.file, fn.name)) {
        let files = names.get(fn.name);
        if (!files) names.set(fn.name, (files = new Set()));
        if (!fn.className) files.add(ref.file);
      }
      for (const caller of this.callersOf(ref)) {
        if (caller.site.fn !== -1 && !(catchesEverything(caller.site) && (!fn.generator || caller.site.iterated))) queue.push({ file: caller.file, fn: caller.site.fn });
      }
    }
    return names;
  }

  /**
   * Files not yet summarised that may call one of the names (by their call-word filter) through an import of
   * the module that defines it, and the modules that resolving those calls needs (re-export barrels).
   */
  filesToSummarize(names: ReachingNames): string[] {
    const wanted = new Set<string>();
    // A caller must import the defining file's module (a word of it) and call the name: look the words up.
    const namesByWord = new Map<number, FilterProbe[]>();
    // Tests are callers of test helpers only (see callersOf): they are searched for names that tests define.
    const namesByWordForTests = new Map<number, FilterProbe[]>();
    // Methods called on receivers of any type: any file that calls the name, whatever it imports.
    const anywhere: FilterProbe[] = [];
    const addProbe = (byWord: Map<number, FilterProbe[]>, hash: number, probe: FilterProbe): void => {
      const probes = byWord.get(hash);
      if (probes) probes.push(probe);
      else byWord.set(hash, [probe]);
    };
    for (const [name, files] of names) {
      const probe = callProbe(name);
      if (files.size === 0) anywhere.push(probe);
      const words = new Set<string>();
      const testWords = new Set<string>();
      for (const file of files) {
        for (const word of this.moduleWords(file)) {
          words.add(word);
          if (this.isTest(file)) testWords.add(word);
        }
      }
      for (const word of words) addProbe(namesByWord, moduleWordHash(word), probe);
      for (const word of testWords) addProbe(namesByWordForTests, moduleWordHash(word), probe);
    }
    for (const [file, entry] of this.entries) {
      if (entry.summary || !entry.filter || !entry.importHashes) continue;
      const filter = entry.filter;
      const inTests = this.isTest(file);
      if (!inTests && anywhere.some((probe) => matchesProbe(filter, probe))) {
        wanted.add(file);
        continue;
      }
      const byWord = inTests ? namesByWordForTests : namesByWord;
      if (byWord.size === 0) continue;
      for (const hash of entry.importHashes) {
        if (byWord.get(hash)?.some((probe) => matchesProbe(filter, probe))) {
          wanted.add(file);
          break;
        }
      }
    }
    for (const [file, entry] of this.entries) {
      const summary = entry.summary;
      if (!summary) continue;
      const used = new Set<string>();
      for (const site of summary.calls) if (names.has(site.name)) used.add(site.qualifier ? receiverRoot(summary, site.qualifier) : site.name);
      if (used.size === 0) continue;
      const plainCalls = summary.calls.some((site) => !site.qualifier && names.has(site.name));
      for (const item of summary.imports) {
        if (item.local === '*' ? !plainCalls : !used.has(item.local) && !used.has(item.local.split('.')[0])) continue;
        const target = this.moduleFile(file, item.module, summary.language);
        if (target && !this.entries.get(target)?.summary && this.entries.get(target)?.filter) wanted.add(target);
      }
      for (const item of summary.reExports) {
        if (item.exported !== '*' && !names.has(item.exported)) continue;
        const target = this.moduleFile(file, item.module, summary.language);
        if (target && !this.entries.get(target)?.summary && this.entries.get(target)?.filter) wanted.add(target);
      }
    }
    for (const file of this.missing) if (this.entries.get(file)?.filter && !this.entries.get(file)?.summary) wanted.add(file);
    this.missing.clear();
    return [...wanted].sort();
  }

  /**
   * The words an import of a file must name: its stem (`llm` for app/llm.py, `lib/llm.ts`), or for a package's
   * own `__init__`/`index` its folder; and the folder of every package above it that has one of those barrels
   * (`from app import ask` reaches app/llm.py through app/__init__.py). Plain folders are not enough: a caller
   * of `main` that imports `openai.types.responses` does not import examples/responses/stream.py.
   */
  private moduleWords(file: string): string[] {
    const parts = path.relative(this.root, file).split(path.sep);
    const stem = parts.pop()?.replace(/\.[^.]+$/, '') ?? '';
    const words = isBarrelStem(stem) ? [] : [stem];
    for (let depth = parts.length; depth > 0; depth--) {
      const folder = parts.slice(0, depth);
      if (!isBarrelStem(stem) || depth < parts.length) {
        if (!this.hasBarrel(path.join(this.root, ...folder))) break;
      }
      words.push(folder[folder.length - 1]);
    }
    return words;
  }

  /** Whether a folder holds an `__init__.py` or an `index.*` the index knows. */
  private hasBarrel(folder: string): boolean {
    if (!this.barrels) {
      this.barrels = new Set();
      for (const file of this.entries.keys()) if (isBarrelStem(path.basename(file).replace(/\.[^.]+$/, ''))) this.barrels.add(path.dirname(file));
    }
    return this.barrels.has(folder);
  }

  /**
   * Names a file imports from another module of the project that are OpenAI clients (or factories of one):
   * with them known, every resource path on them counts (`files.list`, `models.retrieve`, …).
   */
  importedClientNames(file: string): string[] {
    const entry = this.entries.get(file);
    const summary = entry?.summary;
    if (!summary) return [];
    const receivers = new Set(entry.receivers?.receivers ?? []);
    const heads = new Set(entry.receivers?.heads ?? []);
    const names = new Set<string>();
    for (const item of summary.imports) {
      // Only imports that start a resource path's chain can be clients there: others need no summary of their module.
      if (!heads.has(item.local.split('.')[0])) continue;
      const target = this.moduleFile(file, item.module, summary.language);
      if (!target) continue;
      if (item.imported === '*' || (summary.language === 'python' && !this.isClientExport(target, item.imported, 0))) {
        // A module object (`import app.llm as llm`, `from app import llm`): its clients appear as `llm.client`.
        const moduleFile = item.imported === '*' ? target : this.resolver.python(file, `${item.module}${item.module.endsWith('.') ? '' : '.'}${item.imported}`);
        const clients = moduleFile ? this.summaryOf(moduleFile)?.clientNames ?? [] : [];
        for (const name of clients) if (receivers.has(name)) names.add(name);
        if (item.imported === '*') continue;
      }
      if (this.isClientExport(target, item.imported, 0)) names.add(item.local);
    }
    return [...names].sort();
  }

  /**
   * Judges findings of a file against the call graph: drops those that every caller path handles, and names
   * one unprotected path in the message of those that have callers. Findings of other rules pass unchanged.
   */
  judge(file: string, findings: readonly Finding[]): Finding[] {
    const summary = this.entries.get(file)?.summary;
    if (!summary || findings.length === 0) return [...findings];
    const result: Finding[] = [];
    for (const finding of findings) {
      if (finding.rule !== 'unhandled-call' && finding.rule !== 'partial-handling') {
        result.push(finding);
        continue;
      }
      const fn = innermostFunction(summary, packPosition(finding.range.start.line, finding.range.start.character));
      if (fn === -1) {
        result.push(finding);
        continue;
      }
      const verdict = this.verdict({ file, fn }, finding.sdk, new Set(), 0);
      if (verdict.protected) continue;
      result.push(verdict.path ? { ...finding, message: `${finding.message} ${this.describePath(verdict.path)}` } : finding);
    }
    return result;
  }

  private describePath(where: UnprotectedPath): string {
    const at = `${path.relative(this.root, where.file).split(path.sep).join('/')}:${where.line + 1}`;
    if (where.entry) return t('Reached without handling from {0} at {1}.', `\`${where.entry}()\``, at);
    if (where.anonymousIn) return t('Reached without handling from an anonymous function in {0} at {1}.', `\`${where.anonymousIn}()\``, at);
    if (where.anonymousIn === '') return t('Reached without handling from an anonymous function at {0}.', at);
    return t('Reached without handling from module-level code at {0}.', at);
  }

  /** Whether every path into `ref` handles OpenAI errors of this flavour (memoised per index generation). */
  private verdict(ref: FunctionRef, sdk: SdkFlavour, visiting: Set<string>, depth: number): Verdict & { cycle?: boolean } {
    const key = `${ref.file}#${ref.fn}#${sdk}`;
    const known = this.verdicts.get(key);
    if (known) return known;
    if (visiting.has(key) || depth > maxDepth) return { protected: false, path: undefined, cycle: true };
    const fn = this.entries.get(ref.file)?.summary?.functions[ref.fn];
    if (fn && this.guardedByWhatRunsIt(ref.file, fn, sdk)) {
      const verdict: Verdict = { protected: true };
      this.verdicts.set(key, verdict);
      return verdict;
    }
    // A path from application code says more than one from a test: the callers in tests come last.
    const callers = this.callersOf(ref).sort((a, b) => Number(this.isTest(a.file)) - Number(this.isTest(b.file)));
    if (callers.length === 0) return { protected: false, path: undefined };
    visiting.add(key);
    let sawProtected = false;
    let sawCycle = false;
    let found: Verdict | undefined;
    for (const caller of callers) {
      const summary = this.entries.get(caller.file)?.summary;
      // A generator made here and not iterated here is read somewhere the index does not follow: whatever try
      // stands around this call, or around its callers, may have ended when the body runs.
      if (fn?.generator && !caller.site.iterated) {
        found = { protected: false, path: summary && caller.site.fn !== -1 ? entryPath(summary, caller.site.fn, caller.file, caller.site.line) : { entry: '', file: caller.file, line: caller.site.line } };
        break;
      }
      if (protects(caller.site, sdk)) {
        sawProtected = true;
        continue;
      }
      if (caller.site.fn === -1 || !summary) {
        found = { protected: false, path: { entry: '', file: caller.file, line: caller.site.line } };
        break;
      }
      const outer = this.verdict({ file: caller.file, fn: caller.site.fn }, sdk, visiting, depth + 1);
      if (outer.protected) {
        sawProtected = true;
        continue;
      }
      if ('cycle' in outer && outer.cycle) {
        sawCycle = true;
        continue;
      }
      found = { protected: false, path: outer.path ?? entryPath(summary, caller.site.fn, caller.file, caller.site.line) };
      break;
    }
    visiting.delete(key);
    const verdict: Verdict = found ?? (sawProtected ? { protected: true } : { protected: false, path: undefined });
    // A verdict reached through a cycle still in progress may change once the cycle is closed: not remembered.
    if (!sawCycle || found) this.verdicts.set(key, verdict);
    return verdict;
  }

  /**
   * Whether a function runs only inside catch-all handling of the function that runs it: a callback passed to a
   * function that calls its parameter inside a try (`withErrorHandling(async () => …)`), or a Python function under
   * a decorator whose wrapper does (`@handle_errors`).
   */
  private guardedByWhatRunsIt(file: string, fn: FunctionSummary, sdk?: SdkFlavour): boolean {
    // A callback run in place by a call inside a try (`await pRetry(() => ask(q))`): that try's handlers.
    if (fn.runnerHandlers && (sdk ? protectsWith(fn.runnerHandlers, sdk) : fn.runnerHandlers.some((handler) => handler.catchesAll))) return true;
    const summary = this.entries.get(file)?.summary;
    if (!summary || (fn.argOf === undefined && !fn.decorators)) return false;
    const guards = (site: CallSiteSummary): boolean => {
      const target = this.resolveCall(file, site);
      return target !== undefined && this.entries.get(target.file)?.summary?.functions[target.fn]?.guardsParameters === true;
    };
    if (fn.argOf !== undefined && summary.calls[fn.argOf] && guards(summary.calls[fn.argOf])) return true;
    return (fn.decorators ?? []).some((name) => guards({ name, qualifier: '', line: fn.line, fn: -1, handlers: [], awaited: true, settled: false }));
  }

  /**
   * The call sites in the workspace that resolve to a function; for a method, also the `self.`/`this.` calls of
   * that name in the classes it extends, which run the override on its instances (a base class's try around
   * `self._make_request()` handles what a provider subclass's `_make_request` raises).
   */
  private callersOf(ref: FunctionRef): SiteRef[] {
    const summary = this.entries.get(ref.file)?.summary;
    const target = summary?.functions[ref.fn];
    if (!target?.name) return [];
    const bases = target.className ? this.baseClasses(ref.file, summary as FileSummary, target.className) : [];
    const duckTyped = target.className !== '' && this.seekOnAnyReceiver(ref.file, target.name);
    // A test that calls application code fails, as it should, when the call does: no caller whose handling counts.
    const fromTests = this.isTest(ref.file);
    return (this.sites().get(target.name) ?? []).filter((site) => {
      if (!fromTests && this.isTest(site.file)) return false;
      if (bases.length > 0 && selfNames.has(site.site.qualifier) && site.site.fn !== -1) {
        const caller = this.entries.get(site.file)?.summary?.functions[site.site.fn];
        if (caller && bases.some((base) => base.file === site.file && base.className === caller.className)) return true;
      }
      const resolved = this.resolveCall(site.file, site.site);
      if (resolved) return resolved.file === ref.file && resolved.fn === ref.fn;
      return duckTyped && this.mayBeInstanceOf(site, target.className);
    });
  }

  /**
   * Whether calls of a method are sought on receivers of any type (see isDuckTyped): not for the methods of test
   * files, which the test framework runs and which share long names across suites (`test_method_create`).
   */
  private seekOnAnyReceiver(file: string, name: string): boolean {
    return isDuckTyped(name) && !this.isTest(file);
  }

  private isTest(file: string): boolean {
    let test = this.testFiles.get(file);
    if (test === undefined) this.testFiles.set(file, (test = isTestFile(path.relative(this.root, file))));
    return test;
  }

  /**
   * Whether an unresolved `receiver.method(…)` call may run the method of this class: its receiver is no `self`,
   * and no instance of another class constructed in the caller's file (`llm.streamGetChatCompletion(…)` where
   * `llm` comes from a factory that picks one of forty provider classes at run time).
   */
  private mayBeInstanceOf(site: SiteRef, className: string): boolean {
    const qualifier = site.site.qualifier;
    if (!qualifier || selfNames.has(qualifier)) return false;
    // `Llm()` constructs a class where it stands; `get_llm()` is a factory, whose result may be any provider.
    const constructed = /^[A-Z][\w$]*\(\)$/.test(qualifier) ? qualifier.slice(0, -2) : undefined;
    const held = this.entries.get(site.file)?.summary?.instances[qualifier.replace(/^(?:this|cls)\./, 'self.')] ?? constructed;
    return held === undefined || held === className;
  }

  /** The classes a class of a file directly extends, where the project defines them: the file and the class name. */
  private baseClasses(file: string, summary: FileSummary, className: string): { file: string; className: string }[] {
    const found: { file: string; className: string }[] = [];
    for (const base of summary.classBases?.[className] ?? []) {
      const [root, ...rest] = base.split('.');
      if (rest.length === 0 && (summary.classBases?.[root] !== undefined || summary.functions.some((fn) => fn.className === root))) {
        found.push({ file, className: root });
        continue;
      }
      const item = summary.imports.find((candidate) => candidate.local === root);
      const moduleFile = item ? this.moduleFile(file, item.module, summary.language) : undefined;
      if (!item || !moduleFile) continue;
      // `from app.base import Base` names the class; `import app.base as base` then `base.Base` names its module.
      const name = rest.length > 0 ? rest[rest.length - 1] : item.imported === '*' || item.imported === 'default' ? root : item.imported;
      // Asks for the base's summary when it has none yet (see summaryOf): the next round summarises it.
      if (this.summaryOf(moduleFile)) found.push({ file: moduleFile, className: name });
    }
    return found;
  }

  private sites(): Map<string, SiteRef[]> {
    if (!this.sitesByName) {
      const byName = new Map<string, SiteRef[]>();
      for (const [file, entry] of this.entries) {
        for (const site of entry.summary?.calls ?? []) {
          let list = byName.get(site.name);
          if (!list) byName.set(site.name, (list = []));
          list.push({ file, site });
        }
      }
      this.sitesByName = byName;
    }
    return this.sitesByName;
  }

  /** The function a call site calls, when the project says which. */
  private resolveCall(file: string, site: CallSiteSummary): FunctionRef | undefined {
    const summary = this.entries.get(file)?.summary;
    if (!summary) return undefined;
    const { name, qualifier } = site;
    if (!qualifier) {
      const local = findFunction(summary, name, '');
      if (local !== -1) return { file, fn: local };
      const item = summary.imports.find((candidate) => candidate.local === name);
      if (item) return this.resolveImported(file, summary, item.module, item.imported === '*' ? 'default' : item.imported, 0);
      for (const star of summary.imports.filter((candidate) => candidate.local === '*')) {
        const found = this.resolveImported(file, summary, star.module, name, 0);
        if (found) return found;
      }
      return undefined;
    }
    if (selfNames.has(qualifier)) {
      const className = site.fn === -1 ? '' : summary.functions[site.fn].className;
      const method = className ? findFunction(summary, name, className) : -1;
      return method === -1 ? undefined : { file, fn: method };
    }
    // An instance of a class of this file (`Llm().ask()`, `llm = Llm(); llm.ask()`, `self.llm.ask()`). Classes
    // of other modules are not followed: their callers' files are not searched for (it took about a tenth more
    // scan time on the corpus), and callers found only in some files could hide an unprotected one.
    const instanceOf = receiverRoot(summary, qualifier);
    if (instanceOf !== qualifier.split('.')[0]) {
      const method = findFunction(summary, name, instanceOf);
      return method === -1 ? undefined : { file, fn: method };
    }
    const method = findFunction(summary, name, qualifier);
    if (method !== -1) return { file, fn: method };
    const item = summary.imports.find((candidate) => candidate.local === qualifier);
    if (!item) return undefined;
    if (item.imported === '*' || item.imported === 'default') return this.resolveImported(file, summary, item.module, name, 0);
    // `from pkg import mod; mod.f()` (a submodule), or `import { Api } from './api'; Api.f()` (a class).
    if (summary.language === 'python') {
      const submodule = this.resolver.python(file, `${item.module}${item.module.endsWith('.') ? '' : '.'}${item.imported}`);
      if (submodule) return this.exportedFunction(submodule, name, 0);
    }
    const moduleFile = this.moduleFile(file, item.module, summary.language);
    const moduleSummary = moduleFile ? this.summaryOf(moduleFile) : undefined;
    const classMethod = moduleSummary ? findFunction(moduleSummary, name, item.imported) : -1;
    if (moduleFile && classMethod !== -1) return { file: moduleFile, fn: classMethod };
    // An object of functions the module exports (`module.exports.Handler = { streamChat }`).
    return moduleFile ? this.exportedFunction(moduleFile, `${item.imported}.${name}`, 0) : undefined;
  }

  private resolveImported(file: string, summary: FileSummary, module: string, name: string, depth: number): FunctionRef | undefined {
    const target = this.moduleFile(file, module, summary.language);
    return target ? this.exportedFunction(target, name, depth) : undefined;
  }

  /** The function a module exports under a name, following imports and re-exports. */
  private exportedFunction(file: string, exported: string, depth: number): FunctionRef | undefined {
    if (depth > 8) return undefined;
    const summary = this.summaryOf(file);
    if (!summary) return undefined;
    const local = summary.exports[exported] ?? (exported === 'default' ? undefined : exported);
    if (local === undefined) return undefined;
    const fn = findFunction(summary, local, '');
    if (fn !== -1) return { file, fn };
    const item = summary.imports.find((candidate) => candidate.local === local);
    if (item && item.imported !== '*') return this.resolveImported(file, summary, item.module, item.imported, depth + 1);
    for (const reExport of summary.reExports) {
      if (reExport.exported !== exported && reExport.exported !== '*') continue;
      const found = this.resolveImported(file, summary, reExport.module, reExport.exported === '*' ? exported : reExport.imported, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  private isClientExport(file: string, exported: string, depth: number): boolean {
    if (depth > 8) return false;
    const summary = this.summaryOf(file);
    if (!summary) return false;
    const local = summary.exports[exported] ?? exported;
    if (summary.clientNames.includes(local)) return true;
    const item = summary.imports.find((candidate) => candidate.local === local && candidate.imported !== '*');
    if (item) {
      const target = this.moduleFile(file, item.module, summary.language);
      if (target && this.isClientExport(target, item.imported, depth + 1)) return true;
    }
    return summary.reExports.some((reExport) => {
      if (reExport.exported !== exported && reExport.exported !== '*') return false;
      const target = this.moduleFile(file, reExport.module, summary.language);
      return target !== undefined && this.isClientExport(target, reExport.exported === '*' ? exported : reExport.imported, depth + 1);
    });
  }

  private moduleFile(fromFile: string, module: string, language: SourceLanguage): string | undefined {
    return language === 'python' ? this.resolver.python(fromFile, module) : this.resolver.javascript(fromFile, module);
  }

  /** A file's summary; a known file without one is remembered in `missing`, for the builder to summarise. */
  private summaryOf(file: string): FileSummary | undefined {
    const entry = this.entries.get(file);
    if (entry && !entry.summary) this.missing.add(file);
    return entry?.summary;
  }

  /** Drops what was derived from the entries; module resolutions only when the set of files changed. */
  private changed(files = true): void {
    this.version++;
    this.sitesByName = undefined;
    this.verdicts.clear();
    if (files) this.resolver.forget();
  }
}

function isBarrelStem(stem: string): boolean {
  return stem === '__init__' || stem === 'index';
}

/** The name a qualified call depends on: the class of an instance (`Llm()`, `llm` held from `Llm(…)`), else the chain's root. */
function receiverRoot(summary: FileSummary, qualifier: string): string {
  if (qualifier.endsWith('()')) return qualifier.slice(0, -2);
  return summary.instances[qualifier.replace(/^(?:this|cls)\./, 'self.')] ?? qualifier.split('.')[0];
}

/** Whether a call site's own handling stops every error, whatever SDK flavour the callee uses. */
function catchesEverything(site: CallSiteSummary): boolean {
  return site.settled || (site.awaited && site.handlers.some((handler) => handler.catchesAll));
}

/** A call site's own handling: a `.catch`, or try statements that catch every OpenAI error of the flavour. */
function protects(site: CallSiteSummary, sdk: SdkFlavour): boolean {
  if (site.settled) return true;
  return site.awaited && protectsWith(site.handlers, sdk);
}

/** Whether handlers catch every OpenAI error of the flavour. */
function protectsWith(handlers: readonly HandlerCatch[], sdk: SdkFlavour): boolean {
  if (handlers.length === 0) return false;
  const covered = coverage(sdk, handlers);
  return covered.catchesSome && covered.escaping.length === 0;
}

/** Each summary's functions by class and name (the first of each), built when first looked up. */
const functionTables = new WeakMap<FileSummary, Map<string, number>>();

/** A function with this name in this class ('' for functions outside classes, preferring top-level ones). */
function findFunction(summary: FileSummary, name: string, className: string): number {
  let table = functionTables.get(summary);
  if (!table) {
    table = new Map();
    for (let index = 0; index < summary.functions.length; index++) {
      const fn = summary.functions[index];
      const key = `${fn.className}\u0000${fn.name}`;
      if (!table.has(key)) table.set(key, index);
    }
    functionTables.set(summary, table);
  }
  return table.get(`${className}\u0000${name}`) ?? -1;
}

/** The path that starts at a call site in a function: named after it, or after the named function around an anonymous one. */
function entryPath(summary: FileSummary, fn: number, file: string, line: number): UnprotectedPath {
  const entry = summary.functions[fn];
  if (entry.name) return { entry: entry.name, file, line };
  // Functions are sorted by start: the enclosing ones come before, and the nearest named one that spans it names it.
  for (let index = fn - 1; index >= 0; index--) {
    const outer = summary.functions[index];
    if (outer.name && outer.start <= entry.start && entry.end <= outer.end) return { entry: '', anonymousIn: outer.name, file, line };
  }
  return { entry: '', anonymousIn: '', file, line };
}

/** The innermost function around a position: functions are sorted by start, so search back from the last one starting before it. */
function innermostFunction(summary: FileSummary, position: number): number {
  const functions = summary.functions;
  let low = 0;
  let high = functions.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (functions[middle].start <= position) low = middle + 1;
    else high = middle - 1;
  }
  for (let index = high; index >= 0; index--) if (position < functions[index].end) return index;
  return -1;
}
