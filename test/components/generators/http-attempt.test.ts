import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { abortableSleep } from '../../../src/components/generators/http/abortable-sleep.js';
import { Attempt } from '../../../src/components/generators/http/attempt.js';
import { trackTimers } from './misbehaving-server-kit.js';

describe('abortableSleep', () => {
  it('resolves after the wait and leaves no listener', async () => {
    const controller = new AbortController();
    await abortableSleep(1, controller.signal);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects with the reason on abort, clearing its timer and listener', async () => {
    const timers = trackTimers();
    const controller = new AbortController();
    try {
      const pending = abortableSleep(60_000, controller.signal);
      const reason = new Error('stop');
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      expect(timers.pending()).toBe(0);
    } finally {
      timers.restore();
    }
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('rejects at once when already aborted', async () => {
    const reason = new Error('early');
    await expect(abortableSleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});

describe('Attempt', () => {
  it('aborts on expiry and says so; the caller signal is left untouched', async () => {
    const caller = new AbortController();
    const attempt = new Attempt(caller.signal, 1);
    await new Promise((resolve) => attempt.signal.addEventListener('abort', resolve));
    expect(attempt.timedOut).toBe(true);
    expect(caller.signal.aborted).toBe(false);
    attempt.dispose();
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it("passes the caller's abort reason on, which is not a timeout", () => {
    const caller = new AbortController();
    const attempt = new Attempt(caller.signal, 60_000);
    const reason = new Error('user');
    caller.abort(reason);
    expect(attempt.signal.reason).toBe(reason);
    expect(attempt.timedOut).toBe(false);
    attempt.dispose();
  });

  it('does not fire while disarmed, and dispose clears everything', async () => {
    const timers = trackTimers();
    try {
      const attempt = new Attempt(undefined, 1);
      attempt.disarm();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(attempt.signal.aborted).toBe(false);
      attempt.arm();
      attempt.dispose();
      expect(timers.pending()).toBe(0);
      expect(attempt.timedOut).toBe(false);
    } finally {
      timers.restore();
    }
  });
});
