// Builds the workspace index and analyses the files it is asked about, in passes that parse as little as
// possible: (1) every file is read once for its call-word filter, and only the target files that may hold an
// OpenAI call are parsed (analysed and summarised in the same parse); (2) files that use a resource path on a
// name imported from the project learn whether that name is an OpenAI client, and are analysed again if so;
// (3) until nothing new turns up, files whose filter may call a function that reaches an unprotected OpenAI
// call (through an import of its module) are parsed for their call sites. Then each target's findings are
// judged against the call graph.
import type { SkipReason } from '../analysis/languageSupport';
import type { Finding, SourceLanguage } from '../types';
import type { FileJob, FileJobResult } from './fileProcessor';
import type { JobRunner } from './jobRunner';
import { WorkspaceIndex } from './workspaceIndex';

export interface SourceFile {
  path: string;
  language: SourceLanguage;
}

export interface BuiltIndex {
  index: WorkspaceIndex;
  /** The raw (unjudged) findings of every analysed target file. */
  findings: Map<string, Finding[]>;
  /** Files that were not analysed, and why. */
  skipped: Map<string, SkipReason>;
}

/** More rounds than real call chains need; each round only parses files no earlier round did. */
const maxRounds = 12;

/** Runs jobs against one index, storing what they find. */
export class IndexPasses {
  /** The raw findings of the files analysed so far. */
  readonly findings = new Map<string, Finding[]>();
  /** Files that could not be analysed, and why. */
  readonly skipped = new Map<string, SkipReason>();

  constructor(readonly index: WorkspaceIndex, private readonly runner: JobRunner, private readonly onError?: (file: string, message: string) => void) {}

  job(path: string, mode: FileJob['mode'], extraClientNames?: string[]): FileJob {
    return { path, language: this.index.languageOf(path) as SourceLanguage, mode, extraClientNames };
  }

  store(results: readonly FileJobResult[]): void {
    for (const result of results) {
      if (result.error) this.onError?.(result.path, result.error);
      if (result.skipped) this.skipped.set(result.path, result.skipped);
      const language = this.index.languageOf(result.path);
      if (language) this.index.setResult(result, language);
      if (result.findings) this.findings.set(result.path, result.findings);
      else this.findings.delete(result.path);
    }
  }

  async run(jobs: readonly FileJob[]): Promise<void> {
    if (jobs.length > 0) this.store(await this.runner.run(jobs));
  }

  /** Pass 2: files that use resource paths on names imported from the project (`openai.files.list()`). */
  async followImportedClients(users: readonly string[]): Promise<void> {
    if (users.length === 0) return;
    await this.run(users.filter((file) => !this.index.hasSummary(file)).map((file) => this.job(file, 'summarize')));
    for (let round = 0; round < maxRounds; round++) {
      this.index.missing.clear();
      for (const file of users) this.index.importedClientNames(file);
      const missing = [...this.index.missing].filter((file) => !this.index.hasSummary(file));
      if (missing.length === 0) break;
      await this.run(missing.map((file) => this.job(file, 'summarize')));
    }
    const reanalyse = users.map((file) => ({ file, names: this.index.importedClientNames(file) })).filter((item) => item.names.length > 0);
    await this.run(reanalyse.map((item) => this.job(item.file, 'analyze', item.names)));
  }

  /** Pass 3: the callers of functions that make unprotected OpenAI calls, and their callers in turn. */
  async summarizeCallers(): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      const wanted = this.index.filesToSummarize(this.index.reachingNames());
      if (wanted.length === 0) return;
      await this.run(wanted.map((file) => this.job(file, 'summarize')));
    }
  }
}

export async function buildWorkspaceIndex(root: string, files: readonly SourceFile[], isTarget: (file: string) => boolean, runner: JobRunner, onError?: (file: string, message: string) => void): Promise<BuiltIndex> {
  const index = new WorkspaceIndex(root);
  index.addFiles(files);
  const passes = new IndexPasses(index, runner, onError);
  await passes.run(files.map((file) => passes.job(file.path, isTarget(file.path) ? 'analyze' : 'filter')));
  await passes.followImportedClients(files.filter((file) => isTarget(file.path) && index.usesImportedReceivers(file.path)).map((file) => file.path));
  await passes.summarizeCallers();
  return { index, findings: passes.findings, skipped: passes.skipped };
}

/** Judges every analysed target's findings; files left without findings are dropped. */
export function judgeAll(built: BuiltIndex, judge: boolean): Map<string, Finding[]> {
  const judged = new Map<string, Finding[]>();
  for (const [file, findings] of built.findings) {
    const kept = judge ? built.index.judge(file, findings) : findings;
    if (kept.length > 0) judged.set(file, kept);
  }
  return judged;
}
