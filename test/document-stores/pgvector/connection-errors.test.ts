import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Document, DocumentStoreError, isErrorNamed, PgvectorDocumentStore, Secret, setLogger } from '../../../src/index.js';
import { startPGlite, uniqueTable } from '../../helpers/pglite.js';

const PASSWORD = 'Hunter2-Very-Secret';
const ENV = 'HAYSTACK_TS_TEST_PG_CONN_STR';

/** Everything an error could print: message, stack, cause chain and inspect output. */
function everythingPrinted(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: 10 }), String(error)];
  let current: unknown = error;
  while (current instanceof Error) {
    parts.push(current.message, current.stack ?? '', JSON.stringify(current));
    current = current.cause;
  }
  return parts.join('\n');
}

function storeFor(connectionString: string, extra: ConstructorParameters<typeof PgvectorDocumentStore>[0] = {}): PgvectorDocumentStore {
  process.env[ENV] = connectionString;
  return new PgvectorDocumentStore({ connectionString: Secret.fromEnvVar(ENV), tableName: uniqueTable(), embeddingDimension: 3, ...extra });
}

describe('PgvectorDocumentStore connection failures: typed errors that never print the connection string', () => {
  it('a server that refuses the connection', async () => {
    const store = storeFor(`postgresql://haystack:${PASSWORD}@127.0.0.1:1/db`);
    const error = await store.countDocumentsAsync().catch((e: unknown) => e);
    expect(isErrorNamed(error, DocumentStoreError)).toBe(true);
    expect((error as Error).message).toMatch(/^PgvectorDocumentStore\.countDocuments: could not connect to PostgreSQL \(check the connection string, Secret\(type=env_var, envVars=\[HAYSTACK_TS_TEST_PG_CONN_STR\].*ECONNREFUSED/);
    expect(everythingPrinted(error)).not.toContain(PASSWORD);
    await store.close();
  });

  it('a connection string that does not parse', async () => {
    for (const bad of [`postgresql://haystack:${PASSWORD}@[127.0.0.1:notaport/db`, `postgresql://haystack:${PASSWORD}@127.0.0.1:99999999/db`]) {
      const store = storeFor(bad);
      const error = await store.filterDocumentsAsync().catch((e: unknown) => e);
      expect(isErrorNamed(error, DocumentStoreError)).toBe(true);
      expect(everythingPrinted(error)).not.toContain(PASSWORD);
      await store.close();
    }
  });

  it('a server whose error message repeats the password: the message is redacted', async () => {
    // A fake server that answers the startup message with a FATAL ErrorResponse quoting the password.
    const fake = createServer((socket) => {
      socket.once('data', () => {
        const fields = Buffer.from(`SFATAL\0C28P01\0Mpassword "${PASSWORD}" rejected for user haystack\0\0`);
        const header = Buffer.alloc(5);
        header.write('E', 0);
        header.writeInt32BE(fields.length + 4, 1);
        socket.end(Buffer.concat([header, fields]));
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      const store = storeFor(`postgresql://haystack:${PASSWORD}@127.0.0.1:${(fake.address() as AddressInfo).port}/db`);
      const error = await store.countDocumentsAsync().catch((e: unknown) => e);
      expect(isErrorNamed(error, DocumentStoreError)).toBe(true);
      expect((error as Error).message).toMatch(/password "<redacted>" rejected for user haystack \(code 28P01\)$/);
      expect(everythingPrinted(error)).not.toContain(PASSWORD);
      await store.close();
    } finally {
      await new Promise((resolve) => fake.close(resolve));
    }
  });

  it('a strict secret whose variable is unset names the variable, not a value', async () => {
    delete process.env['HAYSTACK_TS_UNSET_VARIABLE'];
    const store = new PgvectorDocumentStore({ connectionString: Secret.fromEnvVar('HAYSTACK_TS_UNSET_VARIABLE') });
    await expect(store.countDocumentsAsync()).rejects.toThrow(/PgvectorDocumentStore.countDocuments: .*HAYSTACK_TS_UNSET_VARIABLE/);
  });

  it('the store prints its connection string as an env reference only', () => {
    const store = storeFor(`postgresql://haystack:${PASSWORD}@127.0.0.1:1/db`);
    expect(`${String(store)} ${inspect(store)} ${JSON.stringify(store.toDict())}`).not.toContain(PASSWORD);
    expect(inspect(store)).toContain(`envVars=[${ENV}]`);
  });
});

describe('PgvectorDocumentStore when the server goes away mid-query', () => {
  let db: PGlite;
  let server: PGLiteSocketServer;
  let proxy: Server;
  let proxyPort = 0;
  const sockets = new Set<Socket>();
  let killMarker: string | undefined;

  beforeAll(async () => {
    db = await startPGlite();
    server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
    await server.start();
    const upstreamPort = Number(server.getServerConn().split(':').pop());
    // A TCP proxy in front of the server that drops both ends when it sees the marker in a
    // client message: the statement was sent, and the server is gone before it answers.
    proxy = createServer((client) => {
      const upstream = connect(upstreamPort, '127.0.0.1');
      sockets.add(client).add(upstream);
      client.on('data', (chunk: Buffer) => {
        if (killMarker !== undefined && chunk.includes(killMarker)) {
          client.destroy();
          upstream.destroy();
          return;
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => client.write(chunk));
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyPort = (proxy.address() as AddressInfo).port;
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => proxy.close(resolve));
    await server.stop();
    await db.close();
  });

  it('rejects the query in flight with a DocumentStoreError without secrets, and the next call reconnects', async () => {
    // One connection: pglite-socket serves one session (see docs/pgvector.md).
    const store = storeFor(`postgresql://postgres:${PASSWORD}@127.0.0.1:${proxyPort}/postgres`, { poolSize: 1 });
    const warnings: string[] = [];
    const previous = setLogger({ warn: (m) => warnings.push(m) });
    try {
      await store.writeDocumentsAsync([new Document({ id: 'a', content: 'hello', meta: { tag: 'keep' } })]);
      killMarker = 'KILL-THE-SERVER';
      const error = await store.filterDocumentsAsync({ field: 'meta.tag', operator: '==', value: 'KILL-THE-SERVER' }).catch((e: unknown) => e);
      killMarker = undefined;
      expect(isErrorNamed(error, DocumentStoreError)).toBe(true);
      expect((error as Error).message).toMatch(/^PgvectorDocumentStore\.filterDocuments: could not filter documents: Connection terminated/);
      expect(everythingPrinted(error)).not.toContain(PASSWORD);
      expect(warnings.join('\n')).not.toContain(PASSWORD);
      expect(await store.countDocumentsAsync()).toBe(1);
    } finally {
      killMarker = undefined;
      setLogger(previous);
      await store.close();
    }
  });
});
