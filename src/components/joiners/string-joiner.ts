import { z } from 'zod';
import { Component } from '../../core/component/component.js';
import { assertKnownOptions } from '../../core/component/known-options.js';
import { Variadic, type RunInput, type RunResult } from '../../core/component/sockets.js';

export const inputs = { strings: Variadic(z.string()) };
export const outputs = { strings: z.array(z.string()) };
/** The input sockets of {@link StringJoiner}. */
export type StringJoinerInputs = typeof inputs;
/** The output sockets of {@link StringJoiner}. */
export type StringJoinerOutputs = typeof outputs;

/**
 * Collects strings from several senders into a list (lazy variadic: waits for every sender that
 * can still run). No options.
 *
 * @example
 * pipeline.connect('builder1.prompt', 'joiner.strings').connect('builder2.prompt', 'joiner.strings');
 */
export class StringJoiner extends Component<StringJoinerInputs, StringJoinerOutputs> {
  static override readonly typeName = 'haystack.components.joiners.string_joiner.StringJoiner';

  /** @param options none exist; an empty object is accepted so that generic callers can pass one */
  constructor(options: Readonly<Record<string, never>> = {}) {
    assertKnownOptions(options, {}, 'StringJoiner');
    super({ inputs, outputs });
  }

  run({ strings }: RunInput<typeof inputs>): RunResult<typeof outputs> {
    return { strings: [...strings] };
  }
}
