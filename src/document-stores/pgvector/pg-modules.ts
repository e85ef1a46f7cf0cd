/**
 * The small parts of `pg`, `pgvector`, `@electric-sql/pglite` and `@electric-sql/pglite-socket`
 * the pgvector store uses, typed structurally so that the public types of haystack-ts do not
 * depend on these optional packages, and loaded lazily so the core works without them.
 */
import { DocumentStoreError } from '../errors.js';
import { importOptional } from '../../core/optional-package.js';

/** A PGlite instance (`@electric-sql/pglite`), as far as the socket server needs it. */
export interface PGliteLike {
  execProtocolRawStream(message: Uint8Array, options: unknown): Promise<unknown>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

/** The result of `pg`'s `query`. */
export interface PgResult {
  readonly rows: Array<Record<string, unknown>>;
  readonly rowCount: number | null;
}

/** A pooled `pg` client. */
export interface PgClient {
  query(text: string, values?: readonly unknown[]): Promise<PgResult>;
  release(error?: Error | boolean): void;
}

/** A `pg` pool. */
export interface PgPool {
  query(text: string, values?: readonly unknown[]): Promise<PgResult>;
  connect(): Promise<PgClient>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The `pg` pool options the store sets. */
export interface PgPoolConfig {
  connectionString?: string;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
  max: number;
  connectionTimeoutMillis: number;
  idleTimeoutMillis: number;
}

export interface PgModule {
  readonly Pool: new (config: PgPoolConfig) => PgPool;
}

/** `pgvector`'s text conversions. */
export interface PgvectorModule {
  toSql(vector: readonly number[]): string;
  fromSql(text: string): number[];
}

interface PGliteModule {
  readonly PGlite: { create(options: { extensions: Record<string, unknown> }): Promise<PGliteLike> };
}

interface PGliteSocketServer {
  start(): Promise<void>;
  stop(): Promise<void>;
  getServerConn(): string;
}

interface PGliteSocketModule {
  readonly PGLiteSocketServer: new (options: { db: PGliteLike; host: string; port: number; maxConnections: number }) => PGliteSocketServer;
}

/** The driver modules: `pg` and `pgvector`. */
export interface DriverModules {
  readonly pg: PgModule;
  readonly pgvector: PgvectorModule;
}

const INSTALL = 'npm install pg pgvector @electric-sql/pglite@0.4.6 @electric-sql/pglite-socket@0.1.6';


/** Imports an optional package; a missing one becomes a DocumentStoreError saying what to install. */
export function loadOptionalPackage<T>(name: string, where: string, importer: () => Promise<unknown>): Promise<T> {
  return importOptional<T>(
    { name, where, notInstalled: `${where}: the optional package '${name}' is not installed. Install it with: ${INSTALL}`, reinstall: INSTALL },
    importer,
    (message, cause) => new DocumentStoreError(message, { cause }),
  );
}

/** Loads `pg` and `pgvector`. */
export async function loadDriver(where: string): Promise<DriverModules> {
  const [pgModule, pgvector] = await Promise.all([
    loadOptionalPackage<Partial<PgModule> & { default?: PgModule }>('pg', where, () => import('pg')),
    loadOptionalPackage<PgvectorModule>('pgvector', where, () => import('pgvector')),
  ]);
  // pg is CommonJS: depending on the loader its exports are named or sit on `default`.
  const pg = pgModule.Pool ? (pgModule as PgModule) : pgModule.default;
  if (!pg?.Pool) throw new DocumentStoreError(`${where}: the installed 'pg' package has no Pool export.`);
  return { pg, pgvector };
}

/** A pool onto a PGlite served on 127.0.0.1; `release()` gives it back. */
export interface EmbeddedPool {
  readonly pool: PgPool;
  release(): Promise<void>;
}

interface SharedEmbedded {
  readonly pool: PgPool;
  readonly close: () => Promise<void>;
  refs: number;
}

// Stores built on the same PGlite instance share one server and one pool of one connection, so
// their statements never interleave on PGlite's single session.
const shared = new WeakMap<PGliteLike, Promise<SharedEmbedded>>();

/**
 * A `pg` pool onto `db` (or onto a new in-memory PGlite with the `vector` extension, owned by the
 * caller alone) served over the Postgres wire protocol on an ephemeral port of 127.0.0.1, so that
 * the store reaches it through `pg` exactly as it reaches a production server.
 */
export async function openEmbeddedPool(where: string, pg: PgModule, db: PGliteLike | undefined, config: Partial<PgPoolConfig>): Promise<EmbeddedPool> {
  if (db === undefined) {
    const entry = await serve(where, pg, undefined, config);
    return { pool: entry.pool, release: entry.close };
  }
  let pending = shared.get(db);
  if (pending === undefined) {
    pending = serve(where, pg, db, config);
    shared.set(db, pending);
    pending.catch(() => shared.delete(db));
  }
  const entry = await pending;
  entry.refs += 1;
  let released = false;
  return {
    pool: entry.pool,
    async release() {
      if (released) return;
      released = true;
      entry.refs -= 1;
      if (entry.refs > 0) return;
      shared.delete(db);
      await entry.close();
    },
  };
}

async function serve(where: string, pg: PgModule, db: PGliteLike | undefined, config: Partial<PgPoolConfig>): Promise<SharedEmbedded> {
  const socket = await loadOptionalPackage<PGliteSocketModule>('@electric-sql/pglite-socket', where, () => import('@electric-sql/pglite-socket'));
  let owned: PGliteLike | undefined;
  let instance = db;
  if (instance === undefined) {
    const [{ PGlite }, { vector }] = await Promise.all([
      loadOptionalPackage<PGliteModule>('@electric-sql/pglite', where, () => import('@electric-sql/pglite')),
      loadOptionalPackage<{ vector: unknown }>('@electric-sql/pglite', where, () => import('@electric-sql/pglite/vector')),
    ]);
    owned = await PGlite.create({ extensions: { vector } });
    instance = owned;
  }
  // The pool keeps one connection (the server allows a second while a broken one is replaced):
  // pglite-socket 0.1.x queues protocol messages, not whole extended-protocol exchanges, so two
  // connections could interleave their Parse/Bind/Execute on PGlite's single session. PGlite runs
  // one statement at a time anyway.
  const server = new socket.PGLiteSocketServer({ db: instance, host: '127.0.0.1', port: 0, maxConnections: 2 });
  try {
    await server.start();
  } catch (error) {
    await owned?.close();
    throw error;
  }
  const conn = server.getServerConn();
  const colon = conn.lastIndexOf(':');
  const pool = new pg.Pool({
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 0,
    ...config,
    host: conn.slice(0, colon),
    port: Number(conn.slice(colon + 1)),
    user: 'postgres',
    database: 'postgres',
    max: 1,
  });
  return {
    pool,
    refs: 0,
    async close() {
      await pool.end().catch(() => undefined);
      await server.stop().catch(() => undefined);
      await owned?.close().catch(() => undefined);
    },
  };
}
