import { Worker } from 'node:worker_threads';
new Worker(new URL('./w3.mjs', import.meta.url), {});
