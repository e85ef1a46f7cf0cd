/**
 * OpenAIChatGenerator.close (Haystack 3.x's `close` / `close_async`): the SDK client is released,
 * and the next call builds a new one (here seen through the key it resolves afresh).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAIChatGenerator, Pipeline, Secret } from '../../../src/index.js';
import { useMisbehavingServer } from './misbehaving-server-kit.js';

const env = useMisbehavingServer();
const VAR = 'HAYSTACK_TS_TEST_CLOSE_KEY';
afterEach(() => {
  delete process.env[VAR];
});

const authOf = (i: number): unknown => env.server.requests[i]?.headers['authorization'];

function generator(): OpenAIChatGenerator {
  return new OpenAIChatGenerator({ apiKey: Secret.fromEnvVar(VAR), apiBaseUrl: env.server.baseUrl, maxRetries: 0, timeout: 5 });
}

describe('OpenAIChatGenerator.close', () => {
  it('releases the client: the next run creates a new one', async () => {
    process.env[VAR] = 'sk-first';
    const llm = generator();
    await llm.run({ messages: 'a' });
    process.env[VAR] = 'sk-second';
    await llm.run({ messages: 'b' });
    llm.close();
    llm.close();
    const { replies } = await llm.run({ messages: 'c' });
    expect(replies[0]?.text).toBe('Echo: c');
    expect([authOf(0), authOf(1), authOf(2)]).toEqual(['Bearer sk-first', 'Bearer sk-first', 'Bearer sk-second']);
  });

  it('is released by closing the pipeline that holds it, and by await using', async () => {
    process.env[VAR] = 'sk-first';
    const llm = generator();
    {
      await using pipeline = new Pipeline().addComponent('llm', llm);
      await pipeline.runAsync({ llm: { messages: 'a' } });
      process.env[VAR] = 'sk-second';
    }
    await llm.run({ messages: 'b' });
    process.env[VAR] = 'sk-third';
    {
      await using standalone = llm;
      await standalone.run({ messages: 'c' });
    }
    await llm.run({ messages: 'd' });
    expect([authOf(0), authOf(1), authOf(2), authOf(3)]).toEqual(['Bearer sk-first', 'Bearer sk-second', 'Bearer sk-second', 'Bearer sk-third']);
  });
});
