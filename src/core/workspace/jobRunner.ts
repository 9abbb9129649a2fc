// Runs file jobs either in this thread (small batches, the editor) or over worker threads, one per core, when
// a batch is big enough to pay for starting them (each worker loads the WASM runtime and grammars once).
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { FileProcessor, type FileJob, type FileJobResult, type ProcessorOptions } from './fileProcessor';

export interface JobRunner {
  run(jobs: readonly FileJob[]): Promise<FileJobResult[]>;
  dispose(): Promise<void>;
}

/** Below this many files a batch runs in this thread: starting workers costs more than it saves. */
export const workerThreshold = 400;
/** Most files a batch holds: enough to make a message worth sending, few enough to balance the threads. */
const batchSize = 48;
/**
 * A worker's young generation: its garbage is per file and short-lived, so a small one costs a few more
 * scavenges and saves tens of MB per thread (V8's default lets it grow to 48 MB).
 */
const workerYoungGenerationMB = 4;

/**
 * A result as a worker would send it: names in a summary are slices of the file's text, and V8 keeps the
 * whole text alive behind each slice; a structured copy holds only the characters it needs.
 */
function detached(result: FileJobResult): FileJobResult {
  return result.summary || result.findings ? structuredClone(result) : result;
}

/** Runs jobs in this thread, yielding to the event loop between small slices so an editor stays responsive. */
export class InProcessRunner implements JobRunner {
  private processor: Promise<FileProcessor> | undefined;

  constructor(private readonly options: ProcessorOptions, private readonly yieldEvery = 0) {}

  async run(jobs: readonly FileJob[]): Promise<FileJobResult[]> {
    const processor = await (this.processor ??= FileProcessor.create(this.options));
    const results: FileJobResult[] = [];
    for (let index = 0; index < jobs.length; index++) {
      results.push(detached(processor.process(jobs[index])));
      if (this.yieldEvery > 0 && index % this.yieldEvery === this.yieldEvery - 1) await new Promise((resolve) => setImmediate(resolve));
    }
    return results;
  }

  /** One job with a text the caller already holds (an open document). */
  async processText(job: FileJob, text: string): Promise<FileJobResult> {
    const processor = await (this.processor ??= FileProcessor.create(this.options));
    return detached(processor.process(job, text));
  }

  async dispose(): Promise<void> {
    const processor = this.processor;
    this.processor = undefined;
    (await processor)?.dispose();
  }
}

interface WorkerReply {
  id: number;
  results: FileJobResult[];
}

/**
 * Worker threads, each with its own parsers; batches go to whichever worker is free. With `alsoThisThread`
 * (a CLI scan, where nothing else needs this thread) this thread takes batches too, so one thread fewer has to
 * be started: each worker costs its own V8 heap, WASM heap and compiled grammars (tens of MB).
 */
export class WorkerPoolRunner implements JobRunner {
  private readonly workers: Worker[];
  private readonly thisThread: InProcessRunner | undefined;

  constructor(options: ProcessorOptions, count = os.availableParallelism(), alsoThisThread = false) {
    const script = path.join(__dirname, 'indexWorker.js');
    this.workers = Array.from({ length: Math.max(alsoThisThread ? 0 : 1, count) }, () => new Worker(script, {
      workerData: options,
      resourceLimits: { maxYoungGenerationSizeMb: workerYoungGenerationMB },
    }));
    // One file per turn of the event loop, so replies from the workers are taken (and they fed) between files.
    this.thisThread = alsoThisThread ? new InProcessRunner(options, 1) : undefined;
  }

  run(jobs: readonly FileJob[]): Promise<FileJobResult[]> {
    const batches: FileJob[][] = [];
    // Small passes (the callers of a few functions) are still split over every thread.
    const threads = this.workers.length + (this.thisThread ? 1 : 0);
    const size = Math.max(1, Math.min(batchSize, Math.ceil(jobs.length / (threads * 4))));
    for (let start = 0; start < jobs.length; start += size) batches.push(jobs.slice(start, start + size));
    const runners = this.workers.map((worker) => (id: number) => this.onWorker(worker, id, batches[id]));
    const thisThread = this.thisThread;
    if (thisThread) runners.push((id: number) => thisThread.run(batches[id]));
    // Each thread takes the next batch as soon as it is free.
    let next = 0;
    const results: FileJobResult[][] = new Array(batches.length);
    const drain = async (runBatch: (id: number) => Promise<FileJobResult[]>): Promise<void> => {
      for (let id = next++; id < batches.length; id = next++) results[id] = await runBatch(id);
    };
    return Promise.all(runners.map(drain)).then(() => results.flat());
  }

  /** One batch on one worker, answered by the reply with the same id. */
  private onWorker(worker: Worker, id: number, jobs: FileJob[]): Promise<FileJobResult[]> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: WorkerReply): void => {
        if (reply.id !== id) return;
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(reply.results);
      };
      const onError = (error: Error): void => {
        worker.off('message', onMessage);
        reject(error);
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.postMessage({ id, jobs });
    });
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.workers.map((worker) => worker.terminate()), this.thisThread?.dispose()]);
  }
}
