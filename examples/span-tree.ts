/**
 * A small Tracer for the demo's `--trace`: it records the spans of a run in memory and renders them
 * as a tree with durations (for production, use OpenTelemetryTracer and your tracing backend).
 */
import type { Span, SpanOptions, Tracer } from '../src/index.js';

interface Recorded {
  readonly name: string;
  readonly parent: RecordedSpan | undefined;
  readonly tags: Record<string, unknown>;
  readonly start: number;
  end: number | undefined;
  error: string | undefined;
}

class RecordedSpan implements Span {
  constructor(readonly record: Recorded) {}
  setTag(key: string, value: unknown): void {
    this.record.tags[key] = value;
  }
  recordError(error: unknown): void {
    this.record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  end(): void {
    this.record.end ??= performance.now();
  }
}

export class SpanTreeTracer implements Tracer {
  readonly spans: Recorded[] = [];

  startSpan(operationName: string, options: SpanOptions = {}): Span {
    const parent = options.parentSpan instanceof RecordedSpan ? options.parentSpan : undefined;
    const record: Recorded = { name: operationName, parent, tags: { ...options.tags }, start: performance.now(), end: undefined, error: undefined };
    this.spans.push(record);
    return new RecordedSpan(record);
  }

  /** One line per span, children indented under their parent in start order. */
  render(): string[] {
    const lines: string[] = [];
    const childrenOf = (parent: Recorded | undefined): Recorded[] =>
      this.spans.filter((s) => s.parent?.record === parent || (parent === undefined && s.parent === undefined));
    const visit = (span: Recorded, prefix: string, last: boolean, root: boolean): void => {
      const ms = span.end === undefined ? 'unfinished' : `${(span.end - span.start).toFixed(1)} ms`;
      const name = span.tags['haystack.component.name'];
      const label =
        name === undefined
          ? `${span.name} [${String(span.tags['haystack.pipeline.execution_mode'] ?? '')}]`
          : `${span.name} ${String(name)} (${String(span.tags['haystack.component.type'])}, visit ${String(span.tags['haystack.component.visits'] ?? '-')})`;
      lines.push(`${prefix}${root ? '' : last ? '└─ ' : '├─ '}${label}  ${ms}${span.error ? `  ERROR ${span.error}` : ''}`);
      const children = childrenOf(span);
      children.forEach((child, i) => visit(child, root ? '' : `${prefix}${last ? '   ' : '│  '}`, i === children.length - 1, false));
    };
    for (const root of childrenOf(undefined)) visit(root, '', true, true);
    return lines;
  }
}
