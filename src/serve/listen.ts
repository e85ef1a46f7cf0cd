import type { AddressInfo } from 'node:net';
import { PipelineError } from '../errors.js';
import { importOptional } from '../core/optional-package.js';
import type { PipelineApp, ShutdownOptions } from './create-app.js';

/** Options of {@link listen}. */
export interface ListenOptions {
  /**
   * The TCP port; 0 picks a free one (see `PipelineServer.port`).
   * @default 3000
   */
  readonly port?: number;
  /**
   * The address to bind. Loopback by default, so that nothing is exposed by accident.
   * @default '127.0.0.1'
   */
  readonly hostname?: string;
  /**
   * How long an idle keep-alive connection stays open. Clients that pool connections should
   * idle them out sooner than this, or a request may race the server's close (ECONNRESET).
   * @default 5_000 (Node's default)
   */
  readonly keepAliveTimeoutMs?: number;
}

/** A listening Node HTTP server. */
export interface PipelineServer {
  readonly port: number;
  readonly hostname: string;
  /** `http://hostname:port`. */
  readonly url: string;
  /**
   * Graceful shutdown: stops accepting connections, lets runs in flight finish (aborting those
   * past `timeoutMs`), then closes the remaining connections.
   */
  close(options?: ShutdownOptions): Promise<void>;
}

/** How long finished responses may take to be written once the drain is over. */
const CLOSE_GRACE_MS = 1_000;

interface NodeServerModule {
  serve(options: { fetch: PipelineApp['fetch']; port: number; hostname: string }, listening?: (info: AddressInfo) => void): NodeHttpServer;
}

interface NodeHttpServer {
  close(callback?: (error?: Error) => void): void;
  closeIdleConnections?(): void;
  closeAllConnections?(): void;
  once(event: 'error', listener: (error: Error) => void): void;
  keepAliveTimeout?: number;
}

/**
 * Serves the app on Node with `@hono/node-server` (an optional peer dependency, imported on
 * first use; other runtimes take `app.fetch` directly).
 *
 * @example
 * const server = await listen(createPipelineApp({ rag }), { port: 3000 });
 * process.once('SIGTERM', () => void server.close());
 */
export async function listen(app: PipelineApp, options: ListenOptions = {}): Promise<PipelineServer> {
  const port = options.port ?? 3000;
  const hostname = options.hostname ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PipelineError(`listen: expected 'port' to be an integer 0-65535, got ${String(port)}.`);
  const keepAlive = options.keepAliveTimeoutMs;
  if (keepAlive !== undefined && (!Number.isInteger(keepAlive) || keepAlive < 0)) {
    throw new PipelineError(`listen: expected 'keepAliveTimeoutMs' to be an integer >= 0, got ${String(keepAlive)}.`);
  }
  const adapter = await importOptional<NodeServerModule>(
    {
      name: '@hono/node-server',
      where: 'listen',
      notInstalled: "listen: the Node adapter '@hono/node-server' is not installed. Run: npm install hono @hono/node-server",
      reinstall: 'npm install hono @hono/node-server',
    },
    () => import('@hono/node-server'),
    (message, cause) => new PipelineError(message, { cause }),
  );
  let server!: NodeHttpServer;
  const info = await new Promise<AddressInfo>((resolve, reject) => {
    server = adapter.serve({ fetch: app.fetch, port, hostname }, resolve);
    if (keepAlive !== undefined) server.keepAliveTimeout = keepAlive;
    server.once('error', reject);
  });
  const url = `http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}`;
  let closing: Promise<void> | undefined;
  return {
    port: info.port,
    hostname: info.address,
    url,
    close(closeOptions) {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Idle keep-alive sockets would hold `close` open; busy ones are left to finish their run.
        server.closeIdleConnections?.();
        await app.shutdown(closeOptions);
        server.closeIdleConnections?.();
        // The runs are over; their last responses get a moment to be written, then any
        // connection still open (a client that keeps it) is closed.
        let timer: ReturnType<typeof setTimeout> | undefined;
        // Keep-alive sockets become idle only once their response is written: close them as they do.
        const sweep = setInterval(() => server.closeIdleConnections?.(), 10);
        const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)));
        await Promise.race([closed, grace]);
        clearTimeout(timer);
        clearInterval(sweep);
        server.closeAllConnections?.();
        await closed;
      })();
      return closing;
    },
  };
}
