import { z } from 'zod';
import { defineComponent } from '../../src/index.js';

/**
 * A component that logs `warm <name>` from an async `warmUp()` (then throws `fault`, when given)
 * and `run <name>` from `run`, so tests can check warm-up order and that nothing ran after a failure.
 */
export function warmingComponent(log: string[], name: string, fault?: unknown) {
  const Cls = defineComponent({
    name: 'Warm',
    inputs: {},
    outputs: { v: z.number() },
    run: () => {
      log.push(`run ${name}`);
      return { v: 1 };
    },
    warmUp: async () => {
      await Promise.resolve();
      log.push(`warm ${name}`);
      if (fault !== undefined) throw fault;
    },
  });
  return new Cls();
}
