/** A loop pipeline built from the library's routing components and two sample components. */
import { z } from 'zod';
import { BranchJoiner } from '../../../src/components/joiners/branch-joiner.js';
import { ConditionalRouter } from '../../../src/components/routers/conditional-router.js';
import { createDefaultRegistry } from '../../../src/serialization/builtins.js';
import type { AsyncPipeline, Pipeline } from '../../../src/index.js';
import { AddFixedValue } from '../../fixtures/sample-components/add-fixed-value.js';
import { Double } from '../../fixtures/sample-components/double.js';

export const registry = () => createDefaultRegistry().register(AddFixedValue).register(Double);

/** add_one → joiner → router; below 10 → double → joiner (loop); 10 or more → router.above. */
export function buildLoop<P extends Pipeline | AsyncPipeline>(pipeline: P): P {
  pipeline
    .addComponent('add_one', new AddFixedValue({ add: 1 }))
    .addComponent('joiner', new BranchJoiner({ type: z.number() }))
    .addComponent(
      'router',
      new ConditionalRouter({
        routes: [
          { condition: '{{ value < 10 }}', output: '{{ value }}', outputName: 'below', outputType: 'int' },
          { condition: '{{ value >= 10 }}', output: '{{ value }}', outputName: 'above', outputType: z.int() },
        ],
      }),
    )
    .addComponent('double', new Double())
    .connect('add_one.result', 'joiner.value')
    .connect('joiner.value', 'router.value')
    .connect('router.below', 'double.value')
    .connect('double.value', 'joiner.value');
  return pipeline;
}
