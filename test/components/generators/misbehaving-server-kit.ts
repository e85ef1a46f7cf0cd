/** Shared pieces of the misbehaving-server tests: the key, the generator factory, log capture and leak checks. */
import { inspect } from 'node:util';
import { afterEach, beforeEach, expect } from 'vitest';
import { OpenAIChatGenerator } from '../../../src/components/generators/chat/openai-chat-generator.js';
import type { OpenAIChatGeneratorOptions } from '../../../src/components/generators/chat/openai-chat-generator-options.js';
import { setLogger, type Logger } from '../../../src/core/logger.js';
import { Secret } from '../../../src/dataclasses/secret.js';
import type { RunContext } from '../../../src/core/component/component.js';
import { FakeOpenAIServer } from '../../helpers/fake-openai-server.js';

export const KEY = 'sk-test-0123456789abcdefSECRET';

/**
 * A generator on `server` with the test key and no retries. The default timeout is generous (30 s)
 * because it also bounds connecting and the headers, which take far longer than usual on a loaded
 * machine; a test that needs a stall to expire sets {@link STALL_TIMEOUT} itself.
 */
export function generatorFor(server: FakeOpenAIServer, options: OpenAIChatGeneratorOptions = {}): OpenAIChatGenerator {
  return new OpenAIChatGenerator({ apiKey: Secret.fromToken(KEY), apiBaseUrl: server.baseUrl, maxRetries: 0, timeout: 30, ...options });
}

/**
 * A timeout (seconds) for tests where a stall must expire but real work (connecting, the headers,
 * the first chunks, a retry) must fit before it: short enough to keep tests quick, long enough
 * that a loaded machine does not hit it before the stall begins.
 */
export const STALL_TIMEOUT = 2;

export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Log lines captured while installed. */
export interface CapturedLogs {
  readonly lines: string[];
  restore(): void;
}

/** Every message (and its fields) the library logs while installed. */
export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) =>
    void lines.push(`${level} ${message} ${fields === undefined ? '' : inspect(fields, { depth: 5 })}`);
  const previous: Logger = setLogger({ warn: record('warn'), info: record('info'), debug: record('debug') });
  return { lines, restore: () => void setLogger(previous) };
}

/** The key (or a long slice of it) appears nowhere in what a caller or an operator could see. */
export function assertNoKey(...values: unknown[]): void {
  for (const value of values) {
    const text =
      value instanceof Error
        ? [String(value), value.message, value.stack ?? '', inspect(value, { depth: 10 }), JSON.stringify(value)].join('\n')
        : typeof value === 'string'
          ? value
          : inspect(value, { depth: 10 });
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(KEY.slice(3, 20));
  }
}

/** Polls until `condition` holds (bounded by the test's own timeout). */
export async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/**
 * Records the timers created while installed and reports those still pending and ref'd (the ones
 * that keep a process alive). Unref'd timers (undici's keep-alive clock) do not count.
 */
export function trackTimers(): { pending(): number; restore(): void } {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const live = new Set<ReturnType<typeof setTimeout>>();
  const patchedSet = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = realSet(
      (...a: unknown[]) => {
        live.delete(handle);
        callback(...a);
      },
      ms,
      ...args,
    );
    live.add(handle);
    return handle;
  }) as typeof setTimeout;
  const patchedClear = ((handle?: ReturnType<typeof setTimeout> | string | number) => {
    if (typeof handle === 'object') live.delete(handle);
    realClear(handle);
  }) as typeof clearTimeout;
  globalThis.setTimeout = patchedSet;
  globalThis.clearTimeout = patchedClear;
  return {
    pending: () => [...live].filter((h) => h.hasRef()).length,
    restore: () => {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}

/** A run context for direct calls (pipelines build their own). */
export function ctx(signal: AbortSignal = new AbortController().signal, componentName = 'llm'): RunContext {
  return { signal, componentName };
}

/** Starts a fresh fake server and captures logs for every test of the file; stops and restores after each. */
export function useMisbehavingServer(): { readonly server: FakeOpenAIServer; readonly logs: CapturedLogs } {
  let server: FakeOpenAIServer | undefined;
  let logs: CapturedLogs | undefined;
  beforeEach(async () => {
    server = await FakeOpenAIServer.start();
    logs = captureLogs();
  });
  afterEach(async () => {
    logs?.restore();
    await server?.close();
  });
  return {
    get server() {
      if (server === undefined) throw new Error('useMisbehavingServer: used outside a test');
      return server;
    },
    get logs() {
      if (logs === undefined) throw new Error('useMisbehavingServer: used outside a test');
      return logs;
    },
  };
}
