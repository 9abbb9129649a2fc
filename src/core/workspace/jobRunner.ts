// Runs file jobs either in this thread (small batches, the editor) or over worker threads, one per core, when
// a batch is big enough to pay for starting them (each worker loads the WASM runtime and grammars once).
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { detachStrings } from './detachStrings';
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
 * Longest text this thread parses when it shares a scan with workers. A big tree grows a thread's WASM heap for
 * good (a 470 KB file: about 26 MB) and fills this thread's young generation, which unlike a worker's has no
 * limit; left to the workers, only one thread pays for it.
 */
const bigParseChars = 64 * 1024;
/**
 * How long the files left must take this thread before workers are started for them: a worker takes over
 * 100 ms to start and then shares the rest, and early batches overstate what is left, so shorter scans end as
 * soon (and smaller) in this thread alone.
 */
const workersWorthMs = 1000;
/** Time measured before the estimate is trusted: the first batches run before the JIT has warmed up. */
const estimateAfterMs = 100;
/**
 * So many files are worth workers, started before the first file: waiting for an estimate cost the 4,225-file
 * corpus a tenth of its scan time, while a 3,000-file one ended as soon either way.
 */
const workersAtOnceJobs = 2000;

/** A result that holds none of the file's text (a worker's results come as copies already). */
function detached(result: FileJobResult): FileJobResult {
  return result.summary || result.findings ? detachStrings(result) : result;
}

/** Runs jobs in this thread, yielding to the event loop between small slices so an editor stays responsive. */
export class InProcessRunner implements JobRunner {
  private processor: Promise<FileProcessor> | undefined;

  constructor(private readonly options: ProcessorOptions, private readonly yieldEvery = 0) {}

  async run(jobs: readonly FileJob[]): Promise<FileJobResult[]> {
    const processor = await (this.processor ??= FileProcessor.create(this.options));
    const results: FileJobResult[] = [];
    for await (const result of processor.processAll(jobs)) {
      results.push(detached(result));
      if (this.yieldEvery > 0 && results.length % this.yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return results;
  }

  /** One job with a text the caller already holds (an open document). */
  async processText(job: FileJob, text: string): Promise<FileJobResult> {
    const processor = await (this.processor ??= FileProcessor.create(this.options));
    return detached(await processor.process(job, text));
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
 * (a CLI scan, where nothing else needs this thread) this thread takes batches too, and starts the workers only
 * once the work left is worth it: each worker costs its own V8 heap, WASM heap and compiled grammars (tens of
 * MB) and over 100 ms to start, more than a scan that parses a few hundred small files gains from it.
 */
export class WorkerPoolRunner implements JobRunner {
  private readonly workers: Worker[] = [];
  private readonly thisThread: InProcessRunner | undefined;
  private nextBatchId = 0;

  constructor(private readonly options: ProcessorOptions, private readonly maxWorkers = os.availableParallelism(), alsoThisThread = false) {
    if (!alsoThisThread) this.maxWorkers = Math.max(1, maxWorkers);
    // One file per turn of the event loop, so replies from the workers are taken (and they fed) between files.
    this.thisThread = alsoThisThread ? new InProcessRunner(options, 1) : undefined;
    if (!this.thisThread) this.startWorkers();
  }

  async run(jobs: readonly FileJob[]): Promise<FileJobResult[]> {
    // Small passes (the callers of a few functions) are still split over every thread.
    const threads = this.maxWorkers + (this.thisThread ? 1 : 0);
    const size = Math.max(1, Math.min(batchSize, Math.ceil(jobs.length / (threads * 4))));
    const shared: number[][] = [];
    for (let start = 0; start < jobs.length; start += size) shared.push(Array.from({ length: Math.min(size, jobs.length - start) }, (_, offset) => start + offset));
    // Files this thread hands back for a worker to parse (see bigParseChars).
    const workersOnly: number[][] = [];
    const results: FileJobResult[] = new Array(jobs.length);
    const take = (batch: number[], answers: readonly FileJobResult[]): void => {
      const deferred = batch.filter((_, index) => answers[index].deferred);
      for (let index = 0; index < batch.length; index++) if (!answers[index].deferred) results[batch[index]] = answers[index];
      if (deferred.length > 0) workersOnly.push(deferred);
    };
    const onWorker = async (worker: Worker): Promise<void> => {
      for (let batch = workersOnly.shift() ?? shared.shift(); batch; batch = workersOnly.shift() ?? shared.shift()) {
        take(batch, await this.onWorker(worker, batch.map((index) => jobs[index])));
      }
    };
    if (jobs.length >= workersAtOnceJobs && this.workers.length === 0) this.startWorkers();
    // Each thread takes the next batch as soon as it is free.
    const drains = this.workers.map(onWorker);
    const thisThread = this.thisThread;
    if (thisThread) {
      drains.push((async () => {
        // Big parses are left to workers, which can be started for them; this thread's heap stays small.
        const defer = this.maxWorkers > 0 ? bigParseChars : undefined;
        // The first batch also loads the grammars: the estimate of what is left starts after it.
        let spent = 0;
        for (let batch = shared.shift(), done = 0; batch; batch = shared.shift(), done++) {
          const started = Date.now();
          take(batch, await thisThread.run(batch.map((index) => ({ ...jobs[index], deferParseOver: defer }))));
          if (done > 0) spent += Date.now() - started;
          if (this.worthStartingWorkers(spent, done, shared.length)) drains.push(...this.startWorkers().map(onWorker));
        }
      })());
    }
    for (let settled = 0; settled < drains.length; ) {
      const count = drains.length;
      await Promise.all(drains.slice(settled));
      settled = count;
    }
    // Big files deferred after the workers ran out of batches, or when none was started.
    const left = workersOnly.flat();
    if (left.length > 0) {
      const answers = this.workers.length > 0 ? await this.onWorker(this.workers[0], left.map((index) => jobs[index])) : await (thisThread as InProcessRunner).run(left.map((index) => jobs[index]));
      for (let index = 0; index < left.length; index++) results[left[index]] = answers[index];
    }
    return results;
  }

  /** Whether the batches left, at this thread's pace so far, are worth starting workers for. */
  private worthStartingWorkers(spentMs: number, batchesDone: number, batchesLeft: number): boolean {
    return this.workers.length === 0 && this.maxWorkers > 0 && spentMs >= estimateAfterMs && (spentMs / batchesDone) * batchesLeft > workersWorthMs;
  }

  /** How many workers run now. */
  get workerCount(): number {
    return this.workers.length;
  }

  /** Starts the workers now, not when the work proves worth it (the editor's background index does so at once). */
  startWorkers(): Worker[] {
    const script = path.join(__dirname, 'indexWorker.js');
    for (let count = this.workers.length; count < this.maxWorkers; count++) {
      this.workers.push(new Worker(script, { workerData: this.options, resourceLimits: { maxYoungGenerationSizeMb: workerYoungGenerationMB } }));
    }
    return this.workers;
  }

  /** One batch on one worker, answered by the reply with the same id. */
  private onWorker(worker: Worker, jobs: FileJob[]): Promise<FileJobResult[]> {
    const id = this.nextBatchId++;
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
