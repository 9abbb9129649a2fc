// The workspace index as the editor keeps it: built once in the background, then kept current file by file
// (changes on disk, creations, deletions, and the text of open documents). Updates are queued one after the
// other, never run on the keystroke path, and each ends with the passes that find new callers.
import type { SourceLanguage } from '../types';
import { IndexPasses, type SourceFile } from './buildIndex';
import type { FileJob } from './fileProcessor';
import type { InProcessRunner, JobRunner } from './jobRunner';
import { WorkspaceIndex } from './workspaceIndex';

export class LiveWorkspaceIndex {
  readonly index: WorkspaceIndex;
  private queue: Promise<void> = Promise.resolve();

  constructor(root: string, private readonly runner: InProcessRunner, private readonly onError?: (file: string, message: string) => void) {
    this.index = new WorkspaceIndex(root);
  }

  /** Indexes the files (with `bulk`, e.g. worker threads, for the first pass when given). */
  build(files: readonly SourceFile[], bulk?: JobRunner): Promise<void> {
    return this.enqueue(async () => {
      this.index.addFiles(files);
      const first = new IndexPasses(this.index, bulk ?? this.runner, this.onError);
      await first.run(files.map((file) => first.job(file.path, 'analyze')));
      const passes = new IndexPasses(this.index, this.runner, this.onError);
      await passes.followImportedClients(files.map((file) => file.path).filter((file) => this.index.usesImportedReceivers(file)));
      await passes.summarizeCallers();
    });
  }

  /** Re-reads one file (from `text` when the editor holds it) and follows what changed. */
  update(path: string, language: SourceLanguage, text?: string): Promise<void> {
    return this.enqueue(async () => {
      this.index.addFile(path, language);
      // A file summarised as a caller stays summarised: its try statements are what callees are judged by.
      const job: FileJob = { path, language, mode: this.index.hasSummary(path) ? 'summarize' : 'analyze' };
      const passes = new IndexPasses(this.index, this.runner, this.onError);
      passes.store([text === undefined ? (await this.runner.run([job]))[0] : await this.runner.processText(job, text)]);
      if (this.index.usesImportedReceivers(path)) await passes.followImportedClients([path]);
      await passes.summarizeCallers();
    });
  }

  remove(path: string): Promise<void> {
    return this.enqueue(async () => this.index.remove(path));
  }

  /** Resolves when every queued update has run. */
  settled(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch((error: unknown) => this.onError?.(this.index.root, error instanceof Error ? error.message : String(error)));
    return next;
  }
}
