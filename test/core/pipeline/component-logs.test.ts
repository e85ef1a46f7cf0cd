import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, Pipeline, defineComponent, type LogFields, type Logger } from '../../../src/index.js';

const Add = defineComponent({
  name: 'Add',
  inputs: { value: z.number() },
  outputs: { value: z.number() },
  run: ({ value }) => ({ value: value + 1 }),
});
const Fail = defineComponent({
  name: 'Fail',
  inputs: { value: z.number() },
  outputs: { value: z.number() },
  run: () => {
    throw new RangeError('no');
  },
});

interface Entry {
  readonly level: 'warn' | 'info' | 'debug';
  readonly message: string;
  readonly fields: LogFields | undefined;
}
function recording(levels: readonly ('info' | 'debug')[]): { logger: Logger; entries: Entry[] } {
  const entries: Entry[] = [];
  const logger: Logger = { warn: (message, fields) => entries.push({ level: 'warn', message, fields }) };
  for (const level of levels) logger[level] = (message: string, fields?: LogFields) => entries.push({ level, message, fields });
  return { logger, entries };
}

describe('component run logs', () => {
  it("log 'Running component <name>' at INFO and the duration at DEBUG, with component, type and visit", async () => {
    const { logger, entries } = recording(['info', 'debug']);
    const pipeline = new AsyncPipeline({ logger }).addComponent('first', new Add()).addComponent('second', new Add()).connect('first', 'second');
    await pipeline.runAsync({ first: { value: 1 } });
    expect(entries.map((e) => [e.level, e.message.replace(/[\d.]+ ms/, 'N ms')])).toEqual([
      ['info', 'Running component first'],
      ['debug', 'Component first finished in N ms'],
      ['info', 'Running component second'],
      ['debug', 'Component second finished in N ms'],
    ]);
    expect(entries[0]!.fields).toEqual({ component: 'first', componentType: 'Add', visit: 1 });
    expect(entries[1]!.fields).toMatchObject({ component: 'first', componentType: 'Add', visit: 1 });
    expect(typeof entries[1]!.fields!['durationMs']).toBe('number');
    expect(entries[1]!.fields!['durationMs']).toBeGreaterThanOrEqual(0);
  });

  it('count visits of a component that runs more than once', async () => {
    const { logger, entries } = recording(['info']);
    const pipeline = new Pipeline({ logger }).addComponent('add', new Add());
    await pipeline.run({ add: { value: 1 } });
    await pipeline.run({ add: { value: 2 } });
    // Visits count per pipeline run.
    expect(entries.map((e) => e.fields?.['visit'])).toEqual([1, 1]);
  });

  it('log a failure at DEBUG with the error name, and the run still fails with the usual error', async () => {
    const { logger, entries } = recording(['debug']);
    const pipeline = new Pipeline({ logger }).addComponent('fail', new Fail());
    await expect(pipeline.run({ fail: { value: 1 } })).rejects.toThrow(/Component name: 'fail'/);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.message).toMatch(/^Component fail failed after [\d.]+ ms$/);
    expect(entries[0]!.fields).toMatchObject({ component: 'fail', visit: 1, error: 'RangeError' });
  });

  it('write nothing with a logger that has only warn (the default console logger)', async () => {
    const { logger, entries } = recording([]);
    const pipeline = new AsyncPipeline({ logger }).addComponent('add', new Add());
    expect(await pipeline.runAsync({ add: { value: 1 } })).toEqual({ add: { value: 2 } });
    expect(entries).toEqual([]);
  });

  it('never put input values in the fields (they may hold secrets or documents)', async () => {
    const { logger, entries } = recording(['info', 'debug']);
    const pipeline = new Pipeline({ logger }).addComponent('add', new Add());
    await pipeline.run({ add: { value: 424242 } });
    expect(JSON.stringify(entries)).not.toContain('424242');
  });
});
