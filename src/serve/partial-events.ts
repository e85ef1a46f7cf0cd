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
 */

/** An item of the split stream. */
export type RunEvent =
  | { readonly kind: 'partial'; readonly component: string; readonly outputs: Readonly<Record<string, unknown>> }
  | { readonly kind: 'final'; readonly result: Readonly<Record<string, unknown>> };

type Outputs = Readonly<Record<string, unknown>>;

function shallowEqual(a: Outputs | undefined, b: Outputs): boolean {
  if (a === undefined) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

export async function* splitRunEvents(items: AsyncIterable<Readonly<Record<string, unknown>>>): AsyncGenerator<RunEvent, void, undefined> {
  const iterator = items[Symbol.asyncIterator]();
  const last = new Map<string, Outputs>();
  let finished = false;
  try {
    let step = await iterator.next();
    while (!step.done) {
      const item = step.value;
      const keys = Object.keys(item);
      const key = keys[0];
      if (keys.length !== 1 || key === undefined) {
        step = await iterator.next();
        if (!step.done) throw new Error('splitRunEvents: the generator yielded after its final outputs.');
        finished = true;
        yield { kind: 'final', result: item };
        return;
      }
      const outputs = (item[key] ?? {}) as Outputs;
      const othersYielded = [...last.keys()].some((k) => k !== key);
      const ambiguous = !othersYielded && (last.size === 0 ? Object.keys(outputs).length === 0 : shallowEqual(last.get(key), outputs));
      if (!ambiguous) {
        last.set(key, outputs);
        yield { kind: 'partial', component: key, outputs };
        step = await iterator.next();
        continue;
      }
      step = await iterator.next();
      if (step.done) {
        finished = true;
        yield { kind: 'final', result: item };
        return;
      }
      last.set(key, outputs);
      yield { kind: 'partial', component: key, outputs };
    }
    finished = true;
  } finally {
    // An abandoned consumer stops the run: the pipeline's generator aborts what is in flight.
    if (!finished) await iterator.return?.();
  }
}
