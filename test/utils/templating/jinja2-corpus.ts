/**
 * The Jinja2-compatibility corpus (test/fixtures/jinja2/), loaded with its `$type` objects built as
 * the project's real classes, and rendered the way the project renders it. Python's side is
 * `render_with_jinja2.py`, which builds stand-ins with Haystack's attributes from the same JSON.
 */
import { readFileSync } from 'node:fs';
import { ChatPromptBuilder } from '../../../src/components/builders/chat-prompt-builder.js';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';
import { toolCall, type ToolCall } from '../../../src/dataclasses/chat-message-content.js';
import { Document } from '../../../src/dataclasses/document.js';
import { renderTemplate } from '../../../src/utils/templating/index.js';

export interface CorpusCase {
  readonly id: string;
  readonly source: string;
  readonly template: string;
  readonly variables: Record<string, unknown>;
  /** `chat`: a ChatPromptBuilder string template; the output is its messages as canonical JSON. */
  readonly kind?: 'chat';
}
export type Rendered = { output: string } | { error: string };

const dir = new URL('../../fixtures/jinja2/', import.meta.url);
export const corpus = JSON.parse(readFileSync(new URL('corpus.json', dir), 'utf8')) as CorpusCase[];
const fixture = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as { jinja2: string; cases: Record<string, Rendered> };
export const expected = fixture.cases;
export const jinja2Version = fixture.jinja2;

type Json = Record<string, unknown>;

function buildToolCall(v: Json): ToolCall {
  return toolCall({ toolName: v['tool_name'] as string, arguments: build(v['arguments']) as Json, id: (v['id'] as string | null | undefined) ?? null });
}

/** JSON variables to values: `{ "$type": "Document" | "ChatMessage" | "ToolCall", ... }` become the classes. */
export function build(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(build);
  if (typeof value !== 'object' || value === null) return value;
  const v = value as Json;
  switch (v['$type']) {
    case undefined:
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, build(x)]));
    case 'Document':
      return new Document({ id: v['id'] as string, content: v['content'] as string, meta: build(v['meta']) as Json, score: v['score'] as number | undefined });
    case 'ToolCall':
      return buildToolCall(v);
    case 'ChatMessage': {
      const meta = (build(v['meta'] ?? {}) as Json);
      const name = (v['name'] as string | undefined) ?? null;
      const text = v['text'] as string | undefined;
      switch (v['role']) {
        case 'user':
          return ChatMessage.fromUser(text ?? '', { meta, name });
        case 'system':
          return ChatMessage.fromSystem(text ?? '', { meta, name });
        case 'assistant':
          return ChatMessage.fromAssistant(text ?? null, { meta, name, toolCalls: ((v['tool_calls'] ?? []) as Json[]).map(buildToolCall) });
        case 'tool':
          return ChatMessage.fromTool(v['result'] as string, buildToolCall(v['origin'] as Json), { meta });
        default:
          throw new Error(`corpus: unknown role ${String(v['role'])}`);
      }
    }
    default:
      throw new Error(`corpus: unknown $type ${String(v['$type'])}`);
  }
}

/** JSON with sorted keys and no spaces, as Python's `json.dumps(sort_keys=True, separators=(",", ":"))`. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Renders one case here: the output, or the error's class name. */
export function renderHere(c: CorpusCase): Rendered {
  const variables = build(c.variables) as Json;
  try {
    if (c.kind === 'chat') {
      const messages = new ChatPromptBuilder({ template: c.template, requiredVariables: [] }).run(variables).prompt;
      return { output: canonical(messages.map((m) => ({ role: m.role, name: m.name, meta: m.meta, text: m.text }))) };
    }
    return { output: renderTemplate(c.template, variables) };
  } catch (error) {
    return { error: (error as Error).name };
  }
}

/** Same output, or both raised (Jinja2's error classes map to TemplateError and its subclasses here). */
export function agrees(a: Rendered, b: Rendered): boolean {
  if ('error' in a || 'error' in b) return 'error' in a && 'error' in b;
  return a.output === b.output;
}
