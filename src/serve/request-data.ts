import type { z } from 'zod';
import { PipelineValidationError, isHaystackError } from '../errors.js';
import type { PipelineInputDescription } from '../core/pipeline/pipeline-base.js';
import { classOf, defOf, resolve } from '../core/types/schema-view.js';
import type { ServablePipeline } from './servable-pipeline.js';

/**
 * A request body turned into run data: JSON values checked against the socket schemas, and
 * dataclass values (`Document`, `ChatMessage`, ...) rebuilt from their dict form with the class's
 * own `fromDict`, since JSON cannot carry instances. Nothing from the body becomes code; keys such
 * as `__proto__` stay plain data.
 */

/** The body of `/run` and `/stream`. */
export interface RunRequest {
  /** By component: `{ component: { socket: value } }`. */
  readonly data: Record<string, Record<string, unknown>>;
  readonly includeOutputsFrom: readonly string[] | undefined;
}

const BODY_KEYS = new Set(['data', 'includeOutputsFrom']);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Reads `{ data, includeOutputsFrom? }`. `data` is by component, or flat by socket name (each key
 * goes to every unconnected input of that name, as `run` does); a flat key that matches no input
 * is refused here, where `run` would only warn, because a client's typo must not pass silently.
 *
 * @throws PipelineValidationError naming the component and socket at fault
 */
export function parseRunRequest(body: unknown, pipeline: ServablePipeline, where: string): RunRequest {
  if (!isPlainObject(body)) {
    throw new PipelineValidationError(`${where}: expected a JSON object { "data": { ... } }, got ${kind(body)}.`);
  }
  for (const key of Object.keys(body)) {
    if (!BODY_KEYS.has(key)) {
      throw new PipelineValidationError(`${where}: unknown field '${clip(key)}' in the request body; expected 'data' and optionally 'includeOutputsFrom'.`);
    }
  }
  const data = body['data'] ?? {};
  if (!isPlainObject(data)) throw new PipelineValidationError(`${where}: expected 'data' to be an object (by component or by socket name), got ${kind(data)}.`);
  const include = body['includeOutputsFrom'];
  if (include !== undefined && (!Array.isArray(include) || !include.every((n) => typeof n === 'string'))) {
    throw new PipelineValidationError(`${where}: expected 'includeOutputsFrom' to be an array of component names, got ${kind(include)}.`);
  }
  return { data: toRunData(data, pipeline, where), includeOutputsFrom: include as string[] | undefined };
}

/** Validates and rebuilds run data (by component or flat) into the by-component form. */
export function toRunData(data: Record<string, unknown>, pipeline: ServablePipeline, where: string): Record<string, Record<string, unknown>> {
  const sockets = pipeline.inputs(true);
  const open = pipeline.inputs(false);
  const nested: Record<string, Record<string, unknown>> = {};
  const keys = Object.keys(data);
  if (keys.every((k) => isPlainObject(data[k]))) {
    for (const component of keys) {
      if (!Object.hasOwn(sockets, component)) {
        throw new PipelineValidationError(`${where}: Component named '${clip(component)}' not found in the pipeline.`, { component: clip(component) });
      }
      const values = data[component] as Record<string, unknown>;
      const own = sockets[component]!;
      const out: Record<string, unknown> = {};
      for (const [socket, value] of Object.entries(values)) {
        if (!Object.hasOwn(own, socket)) {
          throw new PipelineValidationError(
            `${where}: Input '${clip(socket)}' not found in component '${component}'. Its inputs are: ${Object.keys(own).join(', ') || '(none)'}.`,
            { component, socket: clip(socket) },
          );
        }
        // A value for a connected list socket would make it auto-variadic for good, as in Haystack:
        // a request must not change the pipeline that later requests run.
        if (!Object.hasOwn(open[component] ?? {}, socket)) {
          throw new PipelineValidationError(
            `${where}: Input '${socket}' of component '${component}' is connected to another component; a request may feed only the pipeline's inputs (GET /<name>/schema).`,
            { component, socket },
          );
        }
        define(out, socket, checkValue(own[socket]!, value, component, socket, where));
      }
      define(nested, component, out);
    }
    return nested;
  }
  const matched = new Set<string>();
  for (const [component, own] of Object.entries(open)) {
    for (const socket of Object.keys(own)) {
      if (!Object.hasOwn(data, socket)) continue;
      if (!Object.hasOwn(nested, component)) define(nested, component, {});
      define(nested[component]!, socket, checkValue(own[socket]!, data[socket], component, socket, where));
      matched.add(socket);
    }
  }
  const unmatched = keys.filter((k) => !matched.has(k));
  if (unmatched.length > 0) {
    throw new PipelineValidationError(
      `${where}: Input '${clip(unmatched[0]!)}' matches no unconnected input of the pipeline; give data by component ({ "component": { "socket": value } }) or use a socket name from GET /<name>/schema.`,
      { socket: clip(unmatched[0]!) },
    );
  }
  return nested;
}

function checkValue(socket: PipelineInputDescription, value: unknown, component: string, name: string, where: string): unknown {
  let revived: unknown;
  try {
    revived = revive(socket.type, value);
  } catch (error) {
    // fromDict's own message says what is wrong with the dict; it echoes no value beyond types and keys.
    const reason = isHaystackError(error) ? error.message : 'the value cannot be read';
    throw new PipelineValidationError(`${where}: Input '${name}' of component '${component}' is invalid: ${reason}`, { component, socket: name });
  }
  const parsed = socket.type.safeParse(revived);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue !== undefined && issue.path.length > 0 ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new PipelineValidationError(`${where}: Input '${name}' of component '${component}' is invalid${at}: ${issue?.message ?? 'does not match the socket type'}.`, {
      component,
      socket: name,
    });
  }
  // The value is passed on as given (rebuilt, not parsed): the engine never coerces socket values either.
  return revived;
}

interface WithFromDict {
  fromDict(data: unknown): unknown;
}

/** Rebuilds dataclass instances where the schema expects them; everything else is left as it is. */
export function revive(schema: z.ZodType, value: unknown, depth = 0): unknown {
  if (depth > 64) return value;
  const s = resolve(schema);
  const def = defOf(s);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'nonoptional':
      return value === null || value === undefined ? value : revive(def.innerType!, value, depth + 1);
    case 'array':
      return Array.isArray(value) ? value.map((item) => revive(def.element!, item, depth + 1)) : value;
    case 'tuple':
      return Array.isArray(value) ? value.map((item, i) => revive(def.items?.[i] ?? def.rest ?? s, item, depth + 1)) : value;
    case 'object': {
      if (!isPlainObject(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const field = def.shape !== undefined && Object.hasOwn(def.shape, key) ? def.shape[key] : def.catchall;
        define(out, key, field !== undefined ? revive(field, item, depth + 1) : item);
      }
      return out;
    }
    case 'record': {
      if (!isPlainObject(value) || def.valueType === undefined) return value;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) define(out, key, revive(def.valueType, item, depth + 1));
      return out;
    }
    case 'union': {
      // The first member that the rebuilt value satisfies wins, as zod's own union does.
      for (const option of def.options ?? []) {
        try {
          const candidate = revive(option, value, depth + 1);
          if (option.safeParse(candidate).success) return candidate;
        } catch {
          // Not this member.
        }
      }
      return value;
    }
    case 'custom': {
      const cls = classOf(s) as unknown as Partial<WithFromDict> | undefined;
      if (cls !== undefined && typeof cls.fromDict === 'function' && isPlainObject(value)) return cls.fromDict(value);
      return value;
    }
    default:
      return value;
  }
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** Names from a request are echoed shortened, so an error body never grows with hostile input. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
