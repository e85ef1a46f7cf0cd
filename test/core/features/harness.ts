/**
 * Table-driven harness for the ports of Haystack's `pipeline_run.feature` scenarios.
 *
 * A scenario is a builder that, given a way to make an empty pipeline, adds components, connects
 * them and returns the runs to perform: inputs, `includeOutputsFrom`, the expected outputs and the
 * expected inputs of every component call keyed `name#visit` (Haystack records those with a spying
 * tracer; here each component instance's `run`/`runAsync` is wrapped). The builder is called once
 * per engine, so every scenario runs on fresh instances on every engine.
 *
 * Comparison follows Haystack's `compare_outputs_with_dataframes`: the same component names, the
 * same socket names per component, and equal values (expected first, so matchers such as
 * {@link anyOrder} and `expect.anything()` can stand for values whose order or content Haystack
 * leaves open).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { isComponent, type AnyComponent, type HaystackError, type RunContext } from '../../../src/index.js';

/** Outputs as a pipeline returns them: `{ componentName: { socket: value } }`. */
export type PipelineOutputs = Record<string, Record<string, unknown>>;
/** Recorded or expected component inputs, keyed `componentName#visit` (visits count from 1 per run). */
export type ComponentCalls = Record<string, Record<string, unknown>>;

/** The constructor options the scenarios use (Haystack's `max_runs_per_component`). */
export interface ScenarioPipelineOptions {
  readonly maxRunsPerComponent?: number;
}

/** What a scenario builder needs from a pipeline: the public building API. */
export interface ScenarioGraph {
  addComponent(name: string, instance: AnyComponent): unknown;
  connect(sender: string, receiver: string): unknown;
  walk(): Iterable<readonly [string, AnyComponent]>;
}

/** Makes an empty pipeline of the engine under test. */
export type MakePipeline = (options?: ScenarioPipelineOptions) => ScenarioGraph;

/** One run that must succeed. */
export interface SuccessfulRun {
  readonly inputs: Record<string, unknown>;
  readonly includeOutputsFrom?: readonly string[];
  readonly expectedOutputs: PipelineOutputs;
  readonly expectedComponentCalls: ComponentCalls;
}

/** One run that must fail. */
export interface FailingRun {
  readonly inputs: Record<string, unknown>;
  readonly includeOutputsFrom?: readonly string[];
  /** The error class; the error's `name` must be this class's name, as Haystack compares class names. */
  readonly expectedError: abstract new (...args: never[]) => HaystackError;
  /** Checked against the message when given. */
  readonly expectedMessage?: RegExp;
  /** The calls made before the failure, checked when given. */
  readonly expectedComponentCalls?: ComponentCalls;
}

export type ScenarioRun = SuccessfulRun | FailingRun;

/** What a builder returns: the pipeline it built with `make`, and the runs, performed in order. */
export interface BuiltScenario {
  readonly pipeline: ScenarioGraph;
  readonly runs: readonly ScenarioRun[];
}

/** One scenario of `pipeline_run.feature`, numbered as in the core spec §7.1. */
export interface Scenario {
  readonly number: number;
  /** The feature file's `a pipeline <kind>` wording. */
  readonly kind: string;
  readonly build: (make: MakePipeline) => BuiltScenario;
  /**
   * A known failure outside the engine (a library component's bug): the scenario is declared as a
   * todo with this reason and its builder kept, to be enabled by deleting this field.
   */
  readonly knownIssue?: string;
}

/** A scenario that cannot run yet or here, with the reason. */
export interface PendingScenario {
  readonly number: number;
  readonly kind: string;
  readonly todo: string;
}

/** An engine under test: how to make a pipeline and how to run it. */
export interface Engine {
  readonly label: string;
  readonly make: MakePipeline;
  run(
    pipeline: ScenarioGraph,
    inputs: Record<string, unknown>,
    includeOutputsFrom: readonly string[] | undefined,
  ): Promise<PipelineOutputs>;
}

// ---------------------------------------------------------------------------------------------
// Recording component calls

const RECORDED = Symbol('haystack-ts.test.recorded');
const insideComponent = new AsyncLocalStorage<object>();

/** Records the inputs of every component call of a pipeline, per run. */
export interface CallRecorder {
  /** The calls since the last reset. */
  readonly calls: ComponentCalls;
  /** Forgets the calls and restarts visit counting (call between runs). */
  reset(): void;
}

/**
 * Wraps `run` and `runAsync` of every component of `pipeline` to record a deep copy of its input
 * under `name#visit`. A call of `run` from inside `runAsync` of the same instance is not counted
 * twice. The copy is taken before the component runs, so a component that mutates its input
 * cannot change what was recorded.
 */
export function recordCalls(pipeline: ScenarioGraph): CallRecorder {
  let calls: ComponentCalls = {};
  let visits = new Map<string, number>();
  const record = (name: string, input: unknown) => {
    const visit = (visits.get(name) ?? 0) + 1;
    visits.set(name, visit);
    calls[`${name}#${visit}`] = deepCopy(input) as Record<string, unknown>;
  };
  for (const [name, component] of pipeline.walk()) wrapComponent(name, component, record);
  return {
    get calls() {
      return calls;
    },
    reset() {
      calls = {};
      visits = new Map();
    },
  };
}

type RunFunction = (input: never, context?: RunContext) => unknown;

function wrapComponent(name: string, component: AnyComponent, record: (name: string, input: unknown) => void): void {
  const target = component as unknown as Record<PropertyKey, unknown>;
  if (target[RECORDED] === true) throw new Error(`harness: component '${name}' is already recorded by another pipeline.`);
  Object.defineProperty(target, RECORDED, { value: true });
  // A call made from inside this component's own run/runAsync (its async context) is not a new
  // visit; a call from another run of the same instance, concurrent or not, is.
  const wrap = (original: RunFunction) =>
    function recorded(this: unknown, input: never, context?: RunContext) {
      if (insideComponent.getStore() !== component) record(name, input);
      return insideComponent.run(component, () => original.call(this, input, context));
    };
  target['run'] = wrap(component.run as unknown as RunFunction);
  const runAsync = component.runAsync as unknown as RunFunction | undefined;
  if (runAsync !== undefined) target['runAsync'] = wrap(runAsync);
}

/**
 * A deep copy that keeps class instances' prototypes (Documents stay Documents), copies typed
 * arrays, and leaves components and functions as they are.
 */
export function deepCopy<T>(value: T, seen = new Map<unknown, unknown>()): T {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value) as T;
  if (isComponent(value)) return value;
  if (ArrayBuffer.isView(value)) {
    const copy = (value as unknown as { slice(): unknown }).slice();
    return copy as T;
  }
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(deepCopy(item, seen));
    return copy as T;
  }
  if (value instanceof Map) {
    const copy = new Map();
    seen.set(value, copy);
    for (const [k, v] of value) copy.set(deepCopy(k, seen), deepCopy(v, seen));
    return copy as T;
  }
  if (value instanceof Set) {
    const copy = new Set();
    seen.set(value, copy);
    for (const v of value) copy.add(deepCopy(v, seen));
    return copy as T;
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  // A class instance with no own properties keeps its state in private fields (ChatMessage): it
  // cannot be copied field by field, and such classes are immutable, so it is shared.
  if (proto !== null && proto !== Object.prototype && Reflect.ownKeys(value).length === 0) return value;
  const copy = Object.create(proto) as Record<PropertyKey, unknown>;
  seen.set(value, copy);
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key) as PropertyDescriptor;
    if ('value' in descriptor) descriptor.value = deepCopy(descriptor.value, seen);
    Object.defineProperty(copy, key, descriptor);
  }
  return copy as T;
}

// ---------------------------------------------------------------------------------------------
// Comparison

/**
 * Values of classes with a `toDict()` (ChatMessage, Document, GeneratedAnswer) are equal when they
 * are of the same class and their `toDict()` results are equal: Haystack's dataclass equality.
 * Without this, `toEqual` would compare only own enumerable fields, and every ChatMessage (whose
 * state is private) would equal every other.
 */
function toDictEquality(this: { equals: (a: unknown, b: unknown, testers?: unknown[]) => boolean }, a: unknown, b: unknown, testers: unknown[]) {
  if (!hasToDict(a) || !hasToDict(b)) return undefined;
  if (a.constructor !== b.constructor) return false;
  return this.equals(a.toDict(), b.toDict(), testers);
}

function hasToDict(value: unknown): value is { toDict(): unknown; constructor: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toDict?: unknown }).toDict === 'function';
}

expect.addEqualityTesters([toDictEquality as Parameters<typeof expect.addEqualityTesters>[0][number]]);

/**
 * Matches a list with the same items in any order (Haystack's `AnyOrder`): both sides are sorted
 * by `key` (default: the item itself for strings and numbers, its JSON otherwise) and compared.
 */
export function anyOrder<T>(items: readonly T[], key: (item: T) => string | number = defaultSortKey) {
  const sort = (list: readonly T[]) => [...list].sort((a, b) => compareKeys(key(a), key(b)));
  return {
    asymmetricMatch(other: unknown): boolean {
      if (!Array.isArray(other) || other.length !== items.length) return false;
      try {
        expect(sort(other as T[])).toEqual(sort(items));
        return true;
      } catch {
        return false;
      }
    },
    toString: () => 'AnyOrder',
    toAsymmetricMatcher: () => `AnyOrder<${JSON.stringify(items)}>`,
  };
}

function defaultSortKey(item: unknown): string | number {
  if (typeof item === 'number' || typeof item === 'string') return item;
  return JSON.stringify(item) ?? String(item);
}

function compareKeys(a: string | number, b: string | number): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * Haystack's comparison of two `{ name: { socket: value } }` maps: same names, same sockets per
 * name, equal values. `what` prefixes the assertion messages.
 */
export function expectSameNested(
  actual: Record<string, Record<string, unknown>>,
  expected: Record<string, Record<string, unknown>>,
  what: string,
): void {
  expect(Object.keys(actual).sort(), `${what}: which entries`).toEqual(Object.keys(expected).sort());
  for (const key of Object.keys(expected)) {
    const actualEntry = actual[key] ?? {};
    const expectedEntry = expected[key] ?? {};
    expect(Object.keys(actualEntry).sort(), `${what}: sockets of '${key}'`).toEqual(Object.keys(expectedEntry).sort());
    for (const socket of Object.keys(expectedEntry)) {
      expect(actualEntry[socket], `${what}: '${key}'.${socket}`).toEqual(expectedEntry[socket]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Running

/** Runs one built scenario on one engine and checks every run. */
export async function runScenario(engine: Engine, scenario: Scenario): Promise<void> {
  const { pipeline, runs } = scenario.build(engine.make);
  const recorder = recordCalls(pipeline);
  for (const [index, run] of runs.entries()) {
    const what = `run ${index + 1}`;
    recorder.reset();
    if ('expectedError' in run) {
      const error = await engine.run(pipeline, run.inputs, run.includeOutputsFrom).then(
        (outputs) => new Error(`${what}: expected ${run.expectedError.name}, but the run returned ${JSON.stringify(outputs)}`),
        (thrown: unknown) => thrown,
      );
      expect(error, `${what}: error class`).toBeInstanceOf(run.expectedError);
      expect((error as Error).name, `${what}: error name`).toBe(run.expectedError.name);
      if (run.expectedMessage) expect((error as Error).message, `${what}: error message`).toMatch(run.expectedMessage);
      if (run.expectedComponentCalls) expectSameNested(recorder.calls, run.expectedComponentCalls, `${what}: component calls`);
      continue;
    }
    const outputs = await engine.run(pipeline, run.inputs, run.includeOutputsFrom);
    expectSameNested(recorder.calls, run.expectedComponentCalls, `${what}: component calls`);
    expectSameNested(outputs, run.expectedOutputs, `${what}: outputs`);
  }
}

/** Declares one vitest test per scenario and engine; pending scenarios become `it.todo`. */
export function defineScenarios(
  title: string,
  engines: readonly Engine[],
  scenarios: ReadonlyArray<Scenario | PendingScenario>,
): void {
  describe(title, () => {
    for (const engine of engines) {
      describe(engine.label, () => {
        for (const scenario of scenarios) {
          const name = `#${scenario.number} a pipeline ${scenario.kind}`;
          if ('todo' in scenario) it.todo(`${name} — ${scenario.todo}`);
          else if (scenario.knownIssue !== undefined) it.todo(`${name} — ${scenario.knownIssue}`);
          else it(name, () => runScenario(engine, scenario));
        }
      });
    }
  });
}
