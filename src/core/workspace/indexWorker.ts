// The entry point of an index worker thread (bundled as dist/indexWorker.js, compiled beside jobRunner.js for
// tests): processes the batches of file jobs it is sent with its own parsers.
import { parentPort, workerData } from 'worker_threads';
import { FileProcessor, type FileJob, type ProcessorOptions } from './fileProcessor';

const processor = FileProcessor.create(workerData as ProcessorOptions);

parentPort?.on('message', (message: { id: number; jobs: FileJob[] }) => {
  void processor.then(async (ready) => {
    const results = [];
    for await (const result of ready.processAll(message.jobs)) results.push(result);
    parentPort?.postMessage({ id: message.id, results });
  });
});
