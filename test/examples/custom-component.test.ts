import { describe, expect, it, vi } from 'vitest';
import { main, MyCustomComponent, SlowShout, WordCount } from '../../examples/custom-component.js';

describe('examples/custom-component.ts', () => {
  it('runs the custom components in both engines: AsyncPipeline calls runAsync, Pipeline calls run', async () => {
    const runAsync = vi.spyOn(MyCustomComponent.prototype, 'runAsync');
    const run = vi.spyOn(MyCustomComponent.prototype, 'run');
    const lines: string[] = [];
    await main((line) => lines.push(line));
    const expected = '{"custom":{"original":"Haystack","concatenated":"Haystack and friends"},"count":{"words":3},"shout":{"shouted":"HAYSTACK!"}}';
    expect(lines[0]).toBe('AsyncPipeline.runAsync:');
    expect(lines[1]).toBe(expected);
    expect(lines).toContain('  {"count":{"words":3},"shout":{"shouted":"HAYSTACK!"}}');
    expect(lines.at(-1)).toBe('{"count":{"words":3},"shout":{"shouted":"HAYSTACK!"}}');
    // Two async runs (runAsync, generator) and one sequential run.
    expect(runAsync).toHaveBeenCalledTimes(2);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('defines components whose run types follow their sockets', async () => {
    expect(new WordCount().run({ text: ' a  b c ' })).toEqual({ words: 3 });
    expect(await new SlowShout().run({ text: 'hi', delayMs: 0 })).toEqual({ shouted: 'HI!' });
    const aborted = AbortSignal.abort();
    await expect(new MyCustomComponent('!').runAsync({ input: 'x' }, { signal: aborted, componentName: 'c' })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
