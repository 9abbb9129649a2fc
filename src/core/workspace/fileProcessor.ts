// The work the index does on one file, the same in the main thread and in a worker: read it, build its
// call-word filter, and parse it only when it may hold an OpenAI call (then analyse it, and summarise it in the
// same parse when it has findings) or when the index asks for its call sites. Trees are freed before the result
// is returned.
import { bulkAnalysisText } from '../analysis/commentRuns';
import { locateFindings } from '../analysis/findings';
import { detectorFor, grammarFor, mayContainOpenAICalls, skipReason, type SkipReason } from '../analysis/languageSupport';
import { LineIndex } from '../analysis/lineIndex';
import { isSdkImplementation, sdkSourceModuleTest, type AnalysisOptions } from '../analysis/options';
import { SourceText } from '../analysis/sourceText';
import { createParser, type GrammarName, type TreeSitter } from '../analysis/treeSitter';
import { readSourceFileSync, type ReadOutcome } from '../sourceFile';
import type { Finding, SourceLanguage } from '../types';
import { callWordFilter, importHashes, importsOf, resourceReceivers, type CallWordFilter, type ResourceReceivers } from './callWords';
import { sdkPackageOf } from './sdkPackage';
import { summarize } from './summarize';
import type { FileSummary } from './summary';

/**
 * scan: findings only (no index); analyze: filter, and findings when the text may hold an OpenAI call (with a
 * summary when there are any); filter: the filter only (a file no finding starts from); summarize: summary (and
 * findings when it has any).
 */
export type JobMode = 'scan' | 'analyze' | 'filter' | 'summarize';

/**
 * When a parsed file is summarised. An analysed file without findings is summarised only if the index later
 * needs it as a caller or as a module others import (a second parse then): in real projects most such files are
 * test suites built on mocks, two thirds of the text parsed, and their summaries were never read.
 */
const summaryWhen: Record<JobMode, 'always' | 'withFindings' | 'never'> = { scan: 'never', filter: 'never', analyze: 'withFindings', summarize: 'always' };

export interface FileJob {
  path: string;
  language: SourceLanguage;
  mode: JobMode;
  /** Client names to assume (settings, and clients the file imports from the project). */
  extraClientNames?: string[];
  /**
   * Longest text to parse here; a longer one that needs parsing comes back `deferred`, for another thread. A
   * WASM heap never shrinks: one big tree keeps the thread's heap at that size for the rest of the run.
   */
  deferParseOver?: number;
}

export interface FileJobResult {
  path: string;
  filter?: CallWordFilter;
  /** Hashes of the words its imports name (see importHashes). */
  importHashes?: Uint32Array;
  /** Resource paths used on names the file imports (only when there are some). */
  receivers?: ResourceReceivers;
  /** Set when the text was parsed. */
  summary?: FileSummary;
  /** Set when the text may hold OpenAI calls (analysed). */
  findings?: Finding[];
  /** Why the file was not analysed (too large, binary, minified), so a scan can say so. */
  skipped?: SkipReason;
  /** Set when the file needs a parse longer than the job's `deferParseOver`. */
  deferred?: true;
  error?: string;
}

export interface ProcessorOptions {
  maxBytes: number;
  extraClientNames: string[];
}

/** A file read ahead of its processing (see processAll), or the I/O error reading it gave. */
type ReadAhead = ReadOutcome | { error: string };

/**
 * How far processAll reads ahead: the read system calls of a few dozen files back to back took half the time
 * they took between parses on the 20,000-file workspace (the kernel's code and data stay in the caches). Bytes
 * bound the texts held at once.
 */
const readAheadFiles = 48;
const readAheadBytes = 1 << 20;

/** A job that needs a parser this processor has not loaded yet; process() loads it and runs the job again. */
interface GrammarWanted {
  wanted: GrammarName;
}

export class FileProcessor {
  private readonly parsers = new Map<GrammarName, TreeSitter.Parser>();
  private disposed = false;

  private constructor(private readonly options: ProcessorOptions) {}

  /**
   * Grammars load on the first file that needs one: each costs a thread megabytes of WASM heap and tens of
   * milliseconds, and most projects are written in one or two of the four languages.
   */
  static async create(options: ProcessorOptions): Promise<FileProcessor> {
    return new FileProcessor(options);
  }

  /** Processes one file; `text` is the open document's text when the editor has it, else the file is read. */
  process(job: FileJob, text?: string): Promise<FileJobResult> {
    return this.processRead(job, text);
  }

  /** Processes files in order, reading each group of them before processing it. */
  async *processAll(jobs: readonly FileJob[]): AsyncGenerator<FileJobResult> {
    for (let start = 0; start < jobs.length; ) {
      const reads: ReadAhead[] = [];
      for (let bytes = 0; start + reads.length < jobs.length && reads.length < readAheadFiles && bytes < readAheadBytes; ) {
        const read = this.read(jobs[start + reads.length].path);
        if ('file' in read) bytes += read.file.bytes.length;
        reads.push(read);
      }
      for (let index = 0; index < reads.length; index++) yield await this.processRead(jobs[start + index], undefined, reads[index]);
      start += reads.length;
    }
  }

  private read(path: string): ReadAhead {
    try {
      return readSourceFileSync(path, this.options.maxBytes);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async processRead(job: FileJob, text?: string, read?: ReadAhead): Promise<FileJobResult> {
    const first = this.processLoaded(job, text, read);
    if (!('wanted' in first)) return first;
    await this.load(first.wanted);
    const second = this.processLoaded(job, text, read);
    return 'wanted' in second ? { path: job.path, error: `no ${second.wanted} parser` } : second;
  }

  private async load(grammar: GrammarName): Promise<void> {
    const parser = await createParser(grammar);
    // A job that raced this one may have loaded it meanwhile; keep one parser per grammar.
    if (this.parsers.has(grammar) || this.disposed) parser.delete();
    else this.parsers.set(grammar, parser);
  }

  private processLoaded(job: FileJob, text?: string, readAhead?: ReadAhead): FileJobResult | GrammarWanted {
    const result: FileJobResult = { path: job.path };
    try {
      if (text === undefined) {
        const read = readAhead ?? readSourceFileSync(job.path, this.options.maxBytes);
        if ('error' in read) {
          result.error = read.error;
          return result;
        }
        if ('skipped' in read) {
          result.skipped = read.skipped;
          return result;
        }
        // readSourceFileSync has already checked it for skipReason.
        text = read.file.text;
      } else {
        result.skipped = skipReason(text, this.options.maxBytes);
        if (result.skipped) return result;
      }
      if (job.mode !== 'scan') {
        const imports = importsOf(text, job.language === 'python' ? 'python' : 'javascript');
        result.filter = callWordFilter(text);
        result.importHashes = importHashes(imports);
        const uses = resourceReceivers(text, imports);
        if (uses.receivers.length > 0) result.receivers = uses;
      }
      if (job.mode === 'filter') return result;
      const extraNames = [...this.options.extraClientNames, ...(job.extraClientNames ?? [])];
      const textMayCall = mayContainOpenAICalls(text, job.language, extraNames);
      // The index summarises an analysed file that uses resource paths on imported names next (to learn whether
      // those names are clients): done here, where the threads share the work, and without reading it again.
      const usesImportedNames = job.mode === 'analyze' && result.receivers !== undefined;
      const worthParsing = (mayCall: boolean): boolean => job.mode === 'summarize' || mayCall || usesImportedNames;
      if (!worthParsing(textMayCall)) return result;
      const analysis: AnalysisOptions = { sdkPackage: sdkPackageOf(job.path) };
      // The SDK's own sources are summarised when callers need them, never reported.
      const mayCallOpenAI = textMayCall && !isSdkImplementation(analysis);
      if (!worthParsing(mayCallOpenAI)) return result;
      if (job.deferParseOver !== undefined && text.length > job.deferParseOver) return { path: job.path, deferred: true };
      const parser = this.parsers.get(grammarFor(job.language));
      if (!parser) return this.disposed ? { path: job.path, error: 'FileProcessor used after dispose()' } : { wanted: grammarFor(job.language) };
      this.parse(parser, job.language, text, extraNames, analysis, mayCallOpenAI, usesImportedNames ? 'always' : summaryWhen[job.mode], result);
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error);
    }
    return result;
  }

  dispose(): void {
    this.disposed = true;
    for (const parser of this.parsers.values()) parser.delete();
    this.parsers.clear();
  }

  private parse(parser: TreeSitter.Parser, language: SourceLanguage, text: string, extraNames: string[], analysis: AnalysisOptions, analyse: boolean, summarise: 'always' | 'withFindings' | 'never', result: FileJobResult): void {
    // Same offsets as the file, so findings and summaries point at the file's own lines.
    text = bulkAnalysisText(text, language);
    const tree = parser.parse(text);
    if (!tree) throw new Error('tree-sitter returned no tree');
    try {
      const detector = detectorFor(language);
      const source = SourceText.of(text);
      const lines = new LineIndex(text);
      const bindings = detector.collectBindings(tree, source, extraNames, sdkSourceModuleTest(analysis));
      const located = analyse ? detector.findIssues(tree, source, bindings) : [];
      if (analyse) result.findings = locateFindings(located, source, language, (offset) => detector.isComment(tree, offset), lines);
      // Summarised in the same parse: the file's findings are judged against its callers.
      if (summarise === 'always' || (summarise === 'withFindings' && (result.findings?.length ?? 0) > 0)) result.summary = summarize({ tree, source, language, lines, detector, bindings, located });
    } finally {
      tree.delete();
    }
  }
}
