import { z } from 'zod';
import { classOf, defOf } from '../core/types/schema-view.js';
import type { ServablePipeline } from './servable-pipeline.js';

/** A JSON Schema document (draft 2020-12), as zod writes it. */
export type JsonSchema = Record<string, unknown>;

/** What `GET /<name>/schema` answers. */
export interface PipelineSchemas {
  /** The `data` of a `/run` request, by component: the pipeline's `inputs()`. */
  readonly inputs: JsonSchema;
  /** The `result` of a `/run` response, by component: the pipeline's `outputs()`. */
  readonly outputs: JsonSchema;
}

/**
 * `inputs()` and `outputs()` as JSON Schema, from the socket schemas through zod 4's
 * `z.toJSONSchema`. A dataclass socket (`z.instanceof(Document)`) is described as the object its
 * `toDict()` writes, named by `title`; a socket JSON cannot carry (a callback) is left out of
 * the inputs rather than described as `{}`.
 */
export function pipelineSchemas(pipeline: ServablePipeline): PipelineSchemas {
  const inputShape: Record<string, z.ZodType> = {};
  for (const [component, sockets] of Object.entries(pipeline.inputs())) {
    const shape: Record<string, z.ZodType> = {};
    for (const [socket, description] of Object.entries(sockets)) {
      if (!jsonCarries(description.type)) continue;
      shape[socket] = description.isMandatory ? description.type : description.type.optional();
    }
    const object = z.object(shape);
    const mandatory = Object.values(sockets).some((s) => s.isMandatory);
    inputShape[component] = mandatory ? object : object.optional();
  }
  const outputShape: Record<string, z.ZodType> = {};
  for (const [component, sockets] of Object.entries(pipeline.outputs())) {
    const shape: Record<string, z.ZodType> = {};
    for (const [socket, description] of Object.entries(sockets)) shape[socket] = description.type.optional();
    outputShape[component] = z.object(shape).optional();
  }
  return {
    inputs: toJsonSchema(z.object(inputShape), 'input'),
    outputs: toJsonSchema(z.object(outputShape), 'output'),
  };
}

function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      const cls = classOf(ctx.zodSchema as unknown as z.ZodType);
      if (cls === undefined || defOf(ctx.zodSchema as unknown as z.ZodType).type !== 'custom') return;
      ctx.jsonSchema['type'] = 'object';
      ctx.jsonSchema['title'] = cls.name;
      ctx.jsonSchema['description'] = `A ${cls.name} in its dict form (${cls.name}.toDict()).`;
    },
  }) as JsonSchema;
}

/** False for a socket whose values cannot come from JSON: a function check without a class. */
function jsonCarries(schema: z.ZodType): boolean {
  let current = schema;
  for (let i = 0; i < 8; i++) {
    const def = defOf(current);
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') current = def.innerType!;
    else break;
  }
  const def = defOf(current);
  if (def.type === 'custom') return classOf(current) !== undefined;
  return def.type !== 'function' && def.type !== 'symbol' && def.type !== 'promise';
}
