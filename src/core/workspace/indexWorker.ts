// The entry point of an index worker thread (bundled as dist/indexWorker.js, compiled beside jobRunner.js for
// tests): processes the batches of file jobs it is sent with its own parsers.
import { parentPort, workerData } from 'worker_threads';
import { FileProcessor, type FileJob, type ProcessorOptions } from './fileProcessor';

const processor = FileProcessor.create(workerData as ProcessorOptions);

parentPort?.on('message', (message: { id: number; jobs: FileJob[] }) => {
  void processor.then(async (ready) => {
    const results = [];
    for (const job of message.jobs) results.push(await ready.process(job));
    parentPort?.postMessage({ id: message.id, results });
  });
});
