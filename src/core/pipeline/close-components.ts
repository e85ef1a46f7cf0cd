import { PipelineError } from '../../errors.js';
import type { AnyComponent } from '../component/component.js';
import { describeThrown } from '../thrown-value.js';

/**
 * Releasing what a pipeline's components hold (HTTP clients, database pools), as Haystack 3.x's
 * `Pipeline.close()` / `close_async()` do: each component's `close` (or `closeAsync`) is called in
 * insertion order.
 *
 * Once per use, not once per lifetime: closing twice closes each component once, but a pipeline
 * that warms up again afterwards (every run does) has live components again, and the next close
 * releases them again. Concurrent closes share one pass.
 */
export class ComponentCloser {
  #open = true;
  #pass: Promise<void> | undefined;

  /** The components may hold resources again: called when the pipeline warms up. */
  reopen(): void {
    if (this.#pass === undefined) this.#open = true;
  }

  /**
   * Closes every component once per use; a failing `close` does not stop the others.
   * @param preferAsync call `closeAsync` when a component has one (else `close`); otherwise `close` only
   * @throws PipelineError naming the first component whose close failed (`cause`: what it threw, or an
   *   AggregateError when several did)
   */
  close(components: Iterable<[string, AnyComponent]>, preferAsync: boolean, where: string): Promise<void> {
    if (this.#pass !== undefined) return this.#pass;
    if (!this.#open) return Promise.resolve();
    this.#open = false;
    const pass = closeEach([...components], preferAsync, where).then(
      () => {
        this.#pass = undefined;
      },
      (error: unknown) => {
        // Not closed after all: a later close tries again (components' close must be idempotent).
        this.#pass = undefined;
        this.#open = true;
        throw error;
      },
    );
    this.#pass = pass;
    return pass;
  }
}

async function closeEach(components: readonly [string, AnyComponent][], preferAsync: boolean, where: string): Promise<void> {
  const failures: { name: string; instance: AnyComponent; error: unknown }[] = [];
  for (const [name, instance] of components) {
    try {
      if (preferAsync && typeof instance.closeAsync === 'function') await instance.closeAsync();
      else if (typeof instance.close === 'function') await instance.close();
    } catch (error) {
      failures.push({ name, instance, error });
    }
  }
  const first = failures[0];
  if (first === undefined) return;
  const names = failures.map((f) => `'${f.name}'`).join(', ');
  throw new PipelineError(
    `${where}: ${failures.length === 1 ? 'the component' : 'the components'} ${names} failed to close (the others were closed): ` +
      `${describeThrown(first.error)}. What they hold may still be open: fix their close(), then call it again (every component is closed again, so close() must be idempotent).`,
    {
      component: first.name,
      cause: failures.length === 1 ? first.error : new AggregateError(failures.map((f) => f.error), `${failures.length} components failed to close`),
    },
  );
}
