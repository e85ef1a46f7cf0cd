import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('../../fixtures/workers/close-child.ts', import.meta.url));

function runChild(mode: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    // The timeout only turns a hang (a live worker handle) into a failure instead of a stuck suite;
    // it stays below the tests' own 60 s so a hang reports the child's exit code, not a test timeout.
    execFile(process.execPath, ['--import', 'tsx', child, mode], { timeout: 45_000 }, (error, stdout) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout });
    });
  });
}

// Each test starts node with tsx, which starts a worker thread that loads tsx again: many seconds on
// a loaded machine, beyond the suite's default 20 s. Only "exits by itself" is asserted, never how fast.
describe('closing the worker pool', { timeout: 60_000 }, () => {
  it('lets the process exit after pipeline.close()', async () => {
    expect(await runChild('close')).toEqual({ code: 0, stdout: 'value=42\n' });
  });

  it('lets the process exit after Symbol.asyncDispose (await using)', async () => {
    expect(await runChild('dispose')).toEqual({ code: 0, stdout: 'value=42\n' });
  });
});
