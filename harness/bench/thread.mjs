// A worker thread's first module: worker threads do not inherit the parent's `--import tsx`, so this
// plain-JavaScript file registers tsx and then imports the TypeScript entry named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
