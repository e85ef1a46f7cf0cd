import type { Secret } from '../../dataclasses/secret.js';
import { HaystackError } from '../../errors.js';
import { getLogger } from '../../core/logger.js';
import { DocumentStoreError, DuplicateDocumentError } from '../errors.js';
import { loadDriver, openEmbeddedPool, type PgClient, type PgPool, type PgvectorModule } from './pg-modules.js';
import type { PgvectorDocumentStoreOptions } from './pgvector-document-store-options.js';
import type { SqlRunner } from './pgvector-schema.js';

/**
 * A store's connection lifecycle: the pool opened on first use (to the server of the connection
 * string, a given PGlite, or an embedded one), the schema created once per pool, transactions,
 * and every driver failure turned into a typed error that never carries the connection string.
 */

const CONNECT_TIMEOUT_MS = 10_000;

/** An open pool, the pgvector helpers, and how to release both. */
export interface Opened {
  readonly pool: PgPool;
  readonly pgvector: PgvectorModule;
  readonly release: () => Promise<void>;
}

/** Where to connect. */
export interface ConnectionSettings {
  readonly connectionString: Secret;
  readonly pglite: PgvectorDocumentStoreOptions['pglite'];
  readonly poolSize: number;
}

export class PgvectorConnection {
  readonly #settings: ConnectionSettings;
  readonly #createSchema: (run: SqlRunner) => Promise<void>;
  #opening: Promise<Opened> | undefined;
  // What must never be printed: the resolved connection string and its password.
  #secrets: string[] = [];

  constructor(settings: ConnectionSettings, createSchema: (run: SqlRunner) => Promise<void>) {
    this.#settings = settings;
    this.#createSchema = createSchema;
  }

  /** `body` inside BEGIN … COMMIT on one pooled client (ROLLBACK on failure). */
  async transaction<T>(pool: PgPool, body: (client: PgClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError as Error;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Runs `body` on the open pool; every failure leaves as a typed error without secrets. */
  async query<T>(where: string, what: string, signal: AbortSignal | undefined, body: (opened: Opened) => Promise<T>): Promise<T> {
    signal?.throwIfAborted();
    try {
      const opened = await this.#open(where);
      signal?.throwIfAborted();
      return await body(opened);
    } catch (error) {
      if (signal?.aborted && error === signal.reason) throw error;
      throw this.storeError(where, what, error);
    }
  }

  /** A driver failure as a typed error: a duplicate key as DuplicateDocumentError, secrets redacted. */
  storeError(where: string, what: string, error: unknown): Error {
    if (error instanceof HaystackError) return error;
    const source = (error ?? {}) as { message?: unknown; code?: unknown; name?: unknown; detail?: unknown };
    if (source.code === '23505') {
      const id = /\(id\)=\((.*)\)/.exec(String(source.detail ?? ''))?.[1] ?? '';
      return new DuplicateDocumentError(`${where}: ID '${this.#redact(id)}' already exists.`, this.#redact(id));
    }
    const message = this.#redact(String(source.message ?? error));
    const code = typeof source.code === 'string' ? source.code : undefined;
    // The driver's own error may carry the connection string (a URL parser's `input`): it stays
    // behind, and only its redacted message and code travel on.
    const cause = Object.assign(new Error(message), { name: typeof source.name === 'string' ? source.name : 'Error', code });
    return new DocumentStoreError(`${where}: ${what}: ${message}${code ? ` (code ${code})` : ''}`, { cause });
  }

  #redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) if (secret.length > 0) out = out.split(secret).join('<redacted>');
    return out;
  }

  #open(where: string): Promise<Opened> {
    if (this.#opening === undefined) {
      const opening = this.#connect(where);
      this.#opening = opening;
      // A failed setup is not cached: the next call tries again.
      opening.catch(() => {
        if (this.#opening === opening) this.#opening = undefined;
      });
    }
    return this.#opening;
  }

  async #connect(where: string): Promise<Opened> {
    const { pg, pgvector } = await loadDriver(where);
    let connectionString: string | undefined;
    if (this.#settings.pglite === undefined) {
      try {
        connectionString = this.#settings.connectionString.resolveValue();
      } catch (error) {
        throw new DocumentStoreError(`${where}: ${(error as Error).message}`, { cause: error });
      }
    }
    let pool: PgPool;
    let release: () => Promise<void>;
    const common = { connectionTimeoutMillis: CONNECT_TIMEOUT_MS, idleTimeoutMillis: 30_000 };
    if (connectionString) {
      this.#secrets = secretsOf(connectionString);
      const own = new pg.Pool({ connectionString, max: this.#settings.poolSize, ...common });
      pool = own;
      release = () => own.end();
    } else {
      getLogger().info?.(
        `${where}: ${this.#settings.pglite ? 'serving the given PGlite' : 'no connection string is set (PG_CONN_STR); starting an embedded in-memory PGlite'} on 127.0.0.1.`,
      );
      ({ pool, release } = await openEmbeddedPool(where, pg, this.#settings.pglite, { connectionTimeoutMillis: CONNECT_TIMEOUT_MS }));
    }
    // An idle connection that breaks must not crash the process; the pool replaces it.
    const stopListening = onPoolError(pool, (error) => getLogger().warn(`${where}: a pooled connection failed: ${this.#redact(error.message)}`));
    const releaseAll = async () => {
      stopListening();
      await release();
    };
    try {
      await this.#initialize(pool, where);
    } catch (error) {
      await releaseAll().catch(() => undefined);
      throw error;
    }
    return { pool, pgvector, release: releaseAll };
  }

  async #initialize(pool: PgPool, where: string): Promise<void> {
    try {
      (await pool.connect()).release();
    } catch (error) {
      throw this.storeError(where, `could not connect to PostgreSQL (check the connection string, ${this.#settings.connectionString.toString()})`, error);
    }
    const run: SqlRunner = async (sql, what, values) => {
      try {
        return await pool.query(sql, values);
      } catch (error) {
        throw this.storeError(where, what, error);
      }
    };
    await this.#createSchema(run);
  }

  /**
   * Closes the pool (and the embedded PGlite it started; a given PGlite stays open). A later
   * call connects again; an embedded database then starts empty.
   */
  async close(): Promise<void> {
    const opening = this.#opening;
    this.#opening = undefined;
    if (opening === undefined) return;
    const opened = await opening.catch(() => undefined);
    if (opened === undefined) return;
    await opened.release().catch(() => undefined);
  }
}

/** The connection string and its password, in every spelling an error message might use. */
function secretsOf(connectionString: string): string[] {
  const out = new Set<string>([connectionString]);
  try {
    const url = new URL(connectionString);
    if (url.password) {
      out.add(url.password);
      out.add(decodeURIComponent(url.password));
    }
  } catch {
    // Not a URL: the key/value form, or garbage; both are covered below or by the whole string.
  }
  const keyValue = /password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/i.exec(connectionString)?.[1];
  if (keyValue) {
    out.add(keyValue);
    out.add(keyValue.replace(/^'|'$/g, ''));
  }
  // Also a password in a URL too malformed for the parser: scheme://user:PASSWORD@host.
  const raw = /:\/\/[^:/@]*:([^@]*)@/.exec(connectionString)?.[1];
  if (raw) out.add(raw);
  return [...out].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/**
 * Each pool's stores' error handlers, behind one 'error' listener per pool: the stores on one
 * PGlite share its pool, and a listener each would trip Node's MaxListenersExceededWarning at the
 * eleventh store. The listener stays once the last handler is gone (the pool is ended then), so an
 * error event never finds the pool without one, which would crash the process.
 */
const poolErrorHandlers = new WeakMap<PgPool, Set<(error: Error) => void>>();

/** Adds `handler` for the pool's 'error' events; returns what removes it. */
export function onPoolError(pool: PgPool, handler: (error: Error) => void): () => void {
  const handlers = errorHandlersOf(pool);
  // A wrapper, so that two stores giving equal functions still count twice.
  const entry = (error: Error) => handler(error);
  handlers.add(entry);
  return () => void handlers.delete(entry);
}

function errorHandlersOf(pool: PgPool): Set<(error: Error) => void> {
  const known = poolErrorHandlers.get(pool);
  if (known !== undefined) return known;
  const handlers = new Set<(error: Error) => void>();
  poolErrorHandlers.set(pool, handlers);
  pool.on('error', (error) => {
    for (const each of handlers) each(error);
  });
  return handlers;
}
