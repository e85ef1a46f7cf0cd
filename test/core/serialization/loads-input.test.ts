/**
 * `loads` takes YAML text as a string or a Buffer; anything else is a DeserializationError that
 * says so (not a Node TypeError about SharedArrayBuffer).
 */
import { describe, expect, it } from 'vitest';
import { DeserializationError, loads } from '../../../src/index.js';
import { unmarshalYaml } from '../../../src/serialization/index.js';

describe('loads input type', () => {
  it.each([
    ['42', 42, /got 42/],
    ['null', null, /got null/],
    ['undefined', undefined, /got undefined/],
    ['an object', {}, /got an object/],
    ['an array', ['components: {}'], /got an array/],
    ['an ArrayBuffer', new ArrayBuffer(4), /got an instance of ArrayBuffer/],
  ])('rejects %s with a DeserializationError', (_label, input, got) => {
    for (const read of [() => loads(input as never), () => unmarshalYaml(input as never)]) {
      let error: unknown;
      try {
        read();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DeserializationError);
      expect((error as Error).message).toMatch(/^loads: expected a string or Buffer \(Uint8Array\) of YAML, /);
      expect((error as Error).message).toMatch(got);
    }
  });

  it('reads a string, a Buffer and a Uint8Array', () => {
    const text = 'components: {}\nconnections: []\n';
    for (const input of [text, Buffer.from(text), new TextEncoder().encode(text)]) expect(loads(input).connections()).toEqual([]);
  });
});
