// The SERVE bench's load generator, in its own process so that the server's process does only
// the server's work (and process.cpuUsage() there counts only it). Plain JavaScript: node runs it
// without the tsx loader. Driven over IPC by bench/workloads/serve.ts.
import { Agent, request } from 'node:http';

const clients = Number(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: clients });

function post(port, path, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(text) : reject(new Error(`SERVE client: ${path} answered ${res.statusCode}: ${text.slice(0, 300)}`))));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The last step's value in a /run body or in the final event of a /stream body. */
function finalValue(mode, text, last) {
  if (mode !== 'http_stream') return JSON.parse(text).result[last].value;
  const final = text.slice(text.lastIndexOf('event: final'));
  const data = final.slice(final.indexOf('data: ') + 6, final.indexOf('\n\n'));
  return JSON.parse(data).result[last].value;
}

process.on('message', async ({ id, mode, port, perClient, chain, offset }) => {
  const path = mode === 'http_stream' ? '/chain/stream' : '/chain/run';
  const last = `step_${chain - 1}`;
  const latencies = [];
  let error;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let r = 0; r < perClient; r += 1) {
          const value = offset + c * 1000 + r;
          const t = performance.now();
          const got = finalValue(mode, await post(port, path, JSON.stringify({ data: { step_0: { value } } })), last);
          latencies.push(performance.now() - t);
          if (got !== value + chain) throw new Error(`SERVE ${mode}: client ${c} got ${got} for ${value}, expected ${value + chain} (cross-talk?)`);
        }
      }),
    );
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  process.send({ id, latencies, wallMs: performance.now() - started, error });
});
process.on('disconnect', () => {
  agent.destroy();
  process.exit(0);
});
process.send({ ready: true });
