/**
 * Splits the items of `runAsyncGenerator` into partial outputs and the final outputs. The
 * generator yields `{ component: outputs }` as components finish and the final outputs last,
 * with nothing telling the two apart; waiting for the iterator to end before sending an item
 * would hold every partial back by a whole component's run.
 *
 * The rule instead: a partial has one key; the final outputs hold every component that yielded
 * before (a component yields whenever it has outputs to keep, and those are kept in the final),
 * with the same socket values (a partial is a shallow copy of what the final keeps). So a one-key
 * item is surely partial when another component yielded before, when it is the first item and
 * has outputs, or when its values differ from that component's last partial. Only the rest (an
 * empty first item, or a repeat of the only component so far with identical values) waits for
 * the next item to decide. An item with several keys is final.
 *
 * On the token path the items come between the tokens (`stream()`'s `onOutputs`); a token after
 * an undecided item decides it too: no component streams once the final outputs are out.
 */

/** An item of the split stream. */
export type RunEvent =
  | { readonly kind: 'partial'; readonly component: string; readonly outputs: Readonly<Record<string, unknown>> }
  | { readonly kind: 'final'; readonly result: Readonly<Record<string, unknown>> };

/** A streamed token, passed through in its place. */
export interface TokenEvent {
  readonly kind: 'token';
  readonly component: string | null;
  readonly content: string;
  readonly finishReason: string | null;
}

/**
 * What is split: the generator's items, tokens between them, or outputs known to be final (a
 * token path that got no items).
 */
export type StreamItem =
  | { readonly kind: 'outputs'; readonly outputs: Readonly<Record<string, unknown>> }
  | TokenEvent
  | { readonly kind: 'final'; readonly result: Readonly<Record<string, unknown>> };

type Outputs = Readonly<Record<string, unknown>>;

function shallowEqual(a: Outputs | undefined, b: Outputs): boolean {
  if (a === undefined) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/** The items of `runAsyncGenerator`, split into partial and final events. */
export function splitRunEvents(items: AsyncIterable<Outputs>): AsyncGenerator<RunEvent, void, undefined> {
  return splitStreamEvents(asStreamItems(items)) as AsyncGenerator<RunEvent, void, undefined>;
}

async function* asStreamItems(items: AsyncIterable<Outputs>): AsyncGenerator<StreamItem, void, undefined> {
  for await (const outputs of items) yield { kind: 'outputs', outputs };
}

/** Items and tokens in, partial, token and final events out, in the same order. */
export async function* splitStreamEvents(items: AsyncIterable<StreamItem>): AsyncGenerator<RunEvent | TokenEvent, void, undefined> {
  const last = new Map<string, Outputs>();
  // An item that the next step decides: `partial` unless the stream ends right after it.
  let pending: { readonly key: string; readonly outputs: Outputs; readonly item: Outputs } | undefined;
  let final: Outputs | undefined;
  // for-await closes the source when the consumer leaves early: the pipeline aborts what is in flight.
  for await (const step of items) {
    if (final !== undefined) throw new Error('splitRunEvents: the generator yielded after its final outputs.');
    if (pending !== undefined) {
      last.set(pending.key, pending.outputs);
      yield { kind: 'partial', component: pending.key, outputs: pending.outputs };
      pending = undefined;
    }
    if (step.kind === 'token') {
      yield step;
      continue;
    }
    if (step.kind === 'final') {
      final = step.result;
      continue;
    }
    const item = step.outputs;
    const keys = Object.keys(item);
    const key = keys[0];
    if (keys.length !== 1 || key === undefined) {
      final = item;
      continue;
    }
    const outputs = (item[key] ?? {}) as Outputs;
    const othersYielded = [...last.keys()].some((k) => k !== key);
    const ambiguous = !othersYielded && (last.size === 0 ? Object.keys(outputs).length === 0 : shallowEqual(last.get(key), outputs));
    if (ambiguous) {
      pending = { key, outputs, item };
      continue;
    }
    last.set(key, outputs);
    yield { kind: 'partial', component: key, outputs };
  }
  if (pending !== undefined) final = pending.item;
  if (final !== undefined) yield { kind: 'final', result: final };
}
