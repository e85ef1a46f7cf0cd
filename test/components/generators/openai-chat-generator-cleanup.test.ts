/**
 * Nothing a call starts outlives it: no ref'd timer, no listener on the caller's signal, no open
 * request, and a process that made an abandoned call exits on its own.
 */
import { spawn } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { OpenAIChatGeneratorInput } from '../../../src/components/generators/chat/openai-chat-generator.js';
import type { OpenAIChatGeneratorOptions } from '../../../src/components/generators/chat/openai-chat-generator-options.js';
import type { FakeOpenAIServer } from '../../helpers/fake-openai-server.js';
import { ctx, generatorFor, STALL_TIMEOUT, trackTimers, waitFor, useMisbehavingServer } from './misbehaving-server-kit.js';

const env = useMisbehavingServer();

interface Scenario {
  readonly arrange: (server: FakeOpenAIServer) => void;
  readonly options?: OpenAIChatGeneratorOptions;
  readonly streamed?: boolean;
  /** Abort once the call has reached this point (a log line or a callback). */
  readonly abortWhen?: 'retrying' | 'first-chunk';
}

const scenarios: ReadonlyArray<readonly [string, Scenario]> = [
  ['a completed call', { arrange: () => undefined }],
  ['a completed stream', { arrange: () => undefined, streamed: true }],
  ['retries, then success', { arrange: (s) => s.failNext(2, { status: 500 }), options: { maxRetries: 2 } }],
  ['a body stalled past the timeout', { arrange: (s) => s.misbehaveNext('stall-after-headers'), options: { timeout: STALL_TIMEOUT } }],
  ['a stream stalled past the timeout', { arrange: (s) => s.misbehaveNext('stall-mid-stream'), options: { timeout: STALL_TIMEOUT }, streamed: true }],
  ['a connection reset mid-stream', { arrange: (s) => s.misbehaveNext('reset-mid-body'), streamed: true }],
  ['a Retry-After over the cap', { arrange: (s) => s.failNext(1, { status: 429, headers: { 'retry-after': '3600' } }), options: { maxRetries: 2 } }],
  [
    'an abort during a 30 s retry wait',
    { arrange: (s) => s.failNext(1, { status: 503, headers: { 'retry-after': '30' } }), options: { maxRetries: 2 }, abortWhen: 'retrying' },
  ],
  ['an abort mid-stream', { arrange: (s) => s.misbehaveNext('stall-mid-stream'), options: { timeout: 30 }, streamed: true, abortWhen: 'first-chunk' }],
];

describe('OpenAIChatGenerator leaves nothing behind', { timeout: 10_000 }, () => {
  it.each(scenarios)('after %s: no pending timer, no listener on the signal, no open request', async (_name, scenario) => {
    scenario.arrange(env.server);
    const controller = new AbortController();
    const input: OpenAIChatGeneratorInput = {
      messages: 'x',
      ...(scenario.streamed ? { streamingCallback: () => void (scenario.abortWhen === 'first-chunk' && controller.abort()) } : {}),
    };
    const timers = trackTimers();
    try {
      const pending = generatorFor(env.server, scenario.options).run(input, ctx(controller.signal)).then(
        () => 'resolved',
        () => 'rejected',
      );
      if (scenario.abortWhen === 'retrying') {
        await waitFor(() => env.logs.lines.some((l) => l.includes('retrying in')));
        controller.abort();
      }
      await pending;
      expect(timers.pending()).toBe(0);
    } finally {
      timers.restore();
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await waitFor(() => env.server.inFlight === 0);
  });
});

describe('a process that abandoned a call', { timeout: 30_000 }, () => {
  const child = fileURLToPath(new URL('./fixtures/abandoned-call.ts', import.meta.url));

  /** Runs the child; resolves with its output once it exits by itself, or null when it had to be killed. */
  function runChild(scenario: string): Promise<{ code: number | null; output: string } | null> {
    return new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', child, env.server.baseUrl, scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
      let killed = false;
      // Generous: a loaded machine starts tsx slowly. The outcome asserted is "exited by itself".
      const guard = setTimeout(() => {
        killed = true;
        proc.kill('SIGKILL');
      }, 20_000);
      proc.on('error', reject);
      proc.on('exit', (code) => {
        clearTimeout(guard);
        resolve(killed ? null : { code, output });
      });
    });
  }

  it('exits on its own after aborting during a 30 s Retry-After wait', async () => {
    env.server.failNext(1, { status: 503, headers: { 'retry-after': '30' } });
    const result = await runChild('abort-during-retry-wait');
    expect(result).not.toBeNull();
    expect(result?.code).toBe(0);
    expect(JSON.parse(result?.output.trim().split('\n').pop() ?? '{}')).toMatchObject({ outcome: 'rejected', message: 'abandoned' });
    expect(env.server.requests).toHaveLength(1);
  });

  it('exits on its own after a stream stalled past its timeout', async () => {
    env.server.misbehaveNext('stall-mid-stream');
    const result = await runChild('stream-stall');
    expect(result).not.toBeNull();
    expect(result?.code).toBe(0);
    expect(JSON.parse(result?.output.trim().split('\n').pop() ?? '{}')).toMatchObject({
      outcome: 'rejected',
      name: 'ChatGeneratorTimeoutError',
      message: expect.stringMatching(/mid-stream after 2 chunks/),
    });
  });
});
