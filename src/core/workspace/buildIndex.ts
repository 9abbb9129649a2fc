// Builds the workspace index and analyses the files it is asked about, in passes that parse as little as
// possible: (1) every file is read once for its call-word filter, and only the target files that may hold an
// OpenAI call are parsed (analysed and summarised in the same parse); (2) files that use a resource path on a
// name imported from the project learn whether that name is an OpenAI client, and are analysed again if so;
// (3) until nothing new turns up, files whose filter may call a function that reaches an unprotected OpenAI
// call are parsed for their call sites. Then each target's findings are judged against the call graph.
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
}

/** More rounds than real call chains need; each round only parses files no earlier round did. */
const maxRounds = 12;

export async function buildWorkspaceIndex(root: string, files: readonly SourceFile[], isTarget: (file: string) => boolean, runner: JobRunner, onError?: (file: string, message: string) => void): Promise<BuiltIndex> {
  const index = new WorkspaceIndex(root);
  for (const file of files) index.addFile(file.path, file.language);
  const findings = new Map<string, Finding[]>();
  const store = (results: readonly FileJobResult[]): void => {
    for (const result of results) {
      if (result.error) onError?.(result.path, result.error);
      const language = index.languageOf(result.path);
      if (language) index.setResult(result, language);
      if (result.findings) findings.set(result.path, result.findings);
    }
  };
  const job = (path: string, mode: FileJob['mode'], extraClientNames?: string[]): FileJob => ({ path, language: index.languageOf(path) as SourceLanguage, mode, extraClientNames });

  store(await runner.run(files.map((file) => job(file.path, isTarget(file.path) ? 'analyze' : 'filter'))));
  await followImportedClients(index, files.filter((file) => isTarget(file.path) && index.receiversOf(file.path).length > 0).map((file) => file.path), runner, store, job);
  await summarizeCallers(index, runner, store, job);
  return { index, findings };
}

/** Pass 2: files that use resource paths on names imported from the project (`openai.files.list()`). */
async function followImportedClients(index: WorkspaceIndex, users: string[], runner: JobRunner, store: (results: readonly FileJobResult[]) => void, job: (path: string, mode: FileJob['mode'], extra?: string[]) => FileJob): Promise<void> {
  if (users.length === 0) return;
  const unsummarized = users.filter((file) => !index.hasSummary(file));
  if (unsummarized.length > 0) store(await runner.run(unsummarized.map((file) => job(file, 'summarize'))));
  for (let round = 0; round < maxRounds; round++) {
    index.missing.clear();
    for (const file of users) index.importedClientNames(file);
    const missing = [...index.missing].filter((file) => !index.hasSummary(file));
    if (missing.length === 0) break;
    store(await runner.run(missing.map((file) => job(file, 'summarize'))));
  }
  const reanalyse = users.map((file) => ({ file, names: index.importedClientNames(file) })).filter((item) => item.names.length > 0);
  if (reanalyse.length > 0) store(await runner.run(reanalyse.map((item) => job(item.file, 'analyze', item.names))));
}

/** Pass 3: the callers of functions that make unprotected OpenAI calls, and their callers in turn. */
async function summarizeCallers(index: WorkspaceIndex, runner: JobRunner, store: (results: readonly FileJobResult[]) => void, job: (path: string, mode: FileJob['mode']) => FileJob): Promise<void> {
  for (let round = 0; round < maxRounds; round++) {
    const wanted = index.filesToSummarize(index.reachingNames());
    if (wanted.length === 0) return;
    store(await runner.run(wanted.map((file) => job(file, 'summarize'))));
  }
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
