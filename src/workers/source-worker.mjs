// The worker entry when haystack-ts runs from its TypeScript sources (tests, `tsx` examples): tsx's
// loader does not carry over into worker threads, so register it before loading the real entry.
// The built package (dist/) uses component-worker.js directly and never loads this file.
import { register } from 'tsx/esm/api';

register();
const { default: handle } = await import('./component-worker.ts');
export default handle;
