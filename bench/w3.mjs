const { register } = await import('tsx/esm/api');
register();
import('../test/fixtures/workers/worker-components.ts').then(m=>console.log('ok', Object.keys(m)), e=>console.log('fail', e.message));
