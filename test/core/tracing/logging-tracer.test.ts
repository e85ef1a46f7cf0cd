import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, LoggingTracer, disableTracing, enableTracing } from '../../../src/index.js';
import { makeComponent } from '../pipeline/helpers.js';

afterEach(() => {
  disableTracing();
});

describe('LoggingTracer', () => {
  it('logs each span when it ends: the operation, then one tag=value line per tag, coloured when asked', async () => {
    const lines: string[] = [];
    enableTracing(
      new LoggingTracer({
        logger: { warn: () => undefined, debug: (message) => void lines.push(message) },
        tagsColorStrings: { 'haystack.component.name': '\u001b[1;31m' },
      }),
    );
    const p = new AsyncPipeline().addComponent('a', makeComponent('A', { x: z.number() }, { y: z.number() }, ({ x }) => ({ y: x })));
    await p.runAsync({ a: { x: 1 } });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Operation: haystack\.component\.run\n/);
    expect(lines[0]).toContain('\u001b[1;31mhaystack.component.name=a\u001b[0m');
    expect(lines[0]).toContain('haystack.component.visits=1');
    expect(lines[1]).toMatch(/^Operation: haystack\.pipeline\.run\nhaystack\.pipeline\.metadata=\{\}\nhaystack\.pipeline\.max_runs_per_component=100\nhaystack\.pipeline\.execution_mode=async$/);
  });

  it('marks a failed span with error tags', async () => {
    const lines: string[] = [];
    enableTracing(new LoggingTracer({ logger: { warn: () => undefined, info: (message) => void lines.push(message) } }));
    const p = new AsyncPipeline().addComponent(
      'a',
      makeComponent('A', {}, { y: z.number() }, () => {
        throw new RangeError('nope');
      }),
    );
    await expect(p.runAsync({})).rejects.toThrow();
    expect(lines[0]).toContain('error=true');
    expect(lines[0]).toContain('error.message=RangeError: nope');
  });
});
