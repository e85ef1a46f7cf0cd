/**
 * The `{% message %}` tag and `templatize_part` filter of Haystack's string chat templates
 * (`haystack/utils/jinja2_chat_extension.py`), for nunjucks:
 *
 *   {% message role="system" %}You are {{ adjective }}.{% endmessage %}
 *   {% message role="user" meta={"k": "v"} %}Describe: {{ image | templatize_part }}{% endmessage %}
 *
 * Each block renders to one JSON line holding `ChatMessage.toDict()`; ChatPromptBuilder parses the
 * lines back. Structured parts travel inside sentinel tags carrying a per-environment random nonce,
 * and every other printed value has those tags neutralised, so variables cannot forge parts.
 */
import { randomBytes } from 'node:crypto';
import { HaystackError } from '../../errors.js';
import { ChatMessage } from '../../dataclasses/chat-message.js';
import {
  CHAT_ROLES,
  type ChatMessageContent,
  type FileContent,
  type ImageContent,
  type TextContent,
} from '../../dataclasses/chat-message-content.js';
import { deserializePart, serializePart } from '../../dataclasses/chat-message-codec.js';
import { createSandboxedEnvironment, type SandboxedEnvironment, type TemplateExtension } from '../../utils/templating/index.js';
import { TemplateError } from '../../utils/templating/errors.js';

const TAG = 'haystack_content_part';

/** A `templatize_part` result: printed verbatim, exempt from the sentinel-tag guard. */
class TemplatizedPart {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}
interface ExprNode {
  typename: string;
  value?: unknown;
}
interface ParserLike {
  nextToken(): Token;
  peekToken(): Token;
  skip(type: string): boolean;
  parseExpression(): ExprNode;
  advanceAfterBlockEnd(name?: string): void;
  parseUntilBlocks(...names: string[]): unknown;
}
interface NodesLike {
  CallExtension: new (ext: object, prop: string, args: unknown, contentArgs: unknown[]) => unknown;
  NodeList: new (lineno: number, colno: number, children?: unknown[]) => { addChild(node: unknown): void };
  KeywordArgs: new (lineno: number, colno: number) => { addChild(node: unknown): void };
  Pair: new (lineno: number, colno: number, key: unknown, value: unknown) => unknown;
  Literal: new (lineno: number, colno: number, value: unknown) => unknown;
}

function messageError(message: string): HaystackError {
  return new HaystackError(`ChatPromptBuilder: ${message}`);
}

/** Splits rendered block content into parts: stripped text segments and sentinel-wrapped parts. */
function parseContentParts(content: string, start: string, end: string): ChatMessageContent[] {
  const redact = (s: string): string => s.split(start).join(`<${TAG}:redacted>`).split(end).join(`</${TAG}:redacted>`);
  if (content.trim() === '') {
    throw messageError(`message content in template is empty or contains only whitespace characters. Content: '${redact(content)}'`);
  }
  const parts: ChatMessageContent[] = [];
  let cursor = 0;
  while (cursor < content.length) {
    const tagStart = content.indexOf(start, cursor);
    if (tagStart === -1) {
      const rest = content.slice(cursor).trim();
      if (rest) parts.push({ type: 'text', text: rest });
      break;
    }
    const before = content.slice(cursor, tagStart).trim();
    if (before) parts.push({ type: 'text', text: before });
    const bodyStart = tagStart + start.length;
    const tagEnd = content.indexOf(end, bodyStart);
    if (tagEnd === -1) {
      throw messageError(`found unclosed <${TAG}> tag at position ${tagStart}. Content: '${redact(content).slice(tagStart, tagStart + 50)}...'`);
    }
    parts.push(deserializePart(JSON.parse(content.slice(bodyStart, tagEnd))));
    cursor = tagEnd + end.length;
  }
  return parts;
}

function buildMessage(parts: ChatMessageContent[], role: string, name: string | null, meta: Record<string, unknown>): ChatMessage {
  switch (role) {
    case 'user': {
      if (!parts.every((p) => p.type === 'text' || p.type === 'image' || p.type === 'file')) {
        throw messageError('a user message may contain only text, image or file parts.');
      }
      return ChatMessage.fromUser(parts as (TextContent | ImageContent | FileContent)[], { name, meta });
    }
    case 'system': {
      const first = parts[0];
      if (first?.type !== 'text') throw messageError('a system message must contain a text part.');
      if (parts.length > 1) throw messageError('a system message must contain only one text part.');
      return ChatMessage.fromSystem(first.text, { name, meta });
    }
    case 'assistant': {
      const texts = parts.filter((p) => p.type === 'text');
      const calls = parts.filter((p) => p.type === 'tool_call');
      const reasoning = parts.filter((p) => p.type === 'reasoning');
      if (texts.length > 1) throw messageError('an assistant message must contain one text part at most.');
      if (texts.length === 0 && calls.length === 0) throw messageError('an assistant message must contain at least one text or tool call part.');
      if (parts.length > texts.length + calls.length + reasoning.length) {
        throw messageError('an assistant message may contain only text, tool call or reasoning parts.');
      }
      return ChatMessage.fromAssistant(texts[0]?.text ?? null, { name, meta, toolCalls: calls, reasoning: reasoning[0] });
    }
    case 'tool': {
      const results = parts.filter((p) => p.type === 'tool_call_result');
      const only = results[0];
      if (results.length !== 1 || parts.length !== 1 || only === undefined) {
        throw messageError('a tool message must contain exactly one tool call result.');
      }
      return ChatMessage.fromTool(only.result, only.origin, { error: only.error, meta });
    }
    default:
      throw messageError(`unsupported role '${role}'. Role must be one of: ${CHAT_ROLES.join(', ')}.`);
  }
}

/**
 * A sandboxed environment with the `{% message %}` tag, the `templatize_part` filter and the
 * sentinel-tag guard. One nonce per environment.
 */
export function createChatTemplateEnvironment(): SandboxedEnvironment {
  const nonce = randomBytes(16).toString('hex');
  const start = `<${TAG}:${nonce}>`;
  const end = `</${TAG}:${nonce}>`;

  const extension = {
    tags: ['message'],
    parse(parser: ParserLike, nodes: NodesLike): unknown {
      const tok = parser.nextToken();
      const fail = (msg: string): never => {
        throw new TemplateError(`Template: syntax error (line ${tok.lineno + 1}): ${msg}`, { line: tok.lineno + 1 });
      };
      // Jinja's form: space-separated `role=... name=... meta=...` (commas tolerated).
      const kwargs = new nodes.KeywordArgs(tok.lineno, tok.colno);
      const seen = new Set<string>();
      for (;;) {
        const next = parser.peekToken();
        if (next === null || next.type === 'block-end') break;
        if (next.type === 'comma') {
          parser.nextToken();
          continue;
        }
        const key = parser.nextToken();
        if (key.type !== 'symbol' || !['role', 'name', 'meta'].includes(key.value)) {
          fail(`{% message %} takes only role=, name= and meta= arguments, got '${key.value}'.`);
        }
        const eq = parser.nextToken();
        if (eq.type !== 'operator' || eq.value !== '=') fail(`expected '=' after '${key.value}' in {% message %}.`);
        const value = parser.parseExpression();
        if (key.value === 'role' && value.typename === 'Literal' && !(CHAT_ROLES as readonly unknown[]).includes(value.value)) {
          fail(`Role must be one of: ${CHAT_ROLES.join(', ')}`);
        }
        if (key.value === 'name' && !(value.typename === 'Literal' && typeof value.value === 'string')) fail('name must be a string');
        if (key.value === 'meta' && value.typename !== 'Dict') fail('meta must be a dictionary');
        seen.add(key.value);
        kwargs.addChild(new nodes.Pair(key.lineno, key.colno, new nodes.Literal(key.lineno, key.colno, key.value), value));
      }
      if (!seen.has('role')) fail('{% message %} needs role="user|system|assistant|tool".');
      parser.advanceAfterBlockEnd(tok.value);
      const body = parser.parseUntilBlocks('endmessage');
      parser.advanceAfterBlockEnd();
      return new nodes.CallExtension(this, 'run', new nodes.NodeList(tok.lineno, tok.colno, [kwargs]), [body]);
    },
    run(_context: unknown, kwargs: { role?: unknown; name?: unknown; meta?: unknown }, body: () => string): TemplatizedPart {
      const role = String(kwargs.role);
      if (!(CHAT_ROLES as readonly string[]).includes(role)) {
        throw messageError(`unsupported role '${role}'. Role must be one of: ${CHAT_ROLES.join(', ')}.`);
      }
      const meta = typeof kwargs.meta === 'object' && kwargs.meta !== null ? { ...(kwargs.meta as Record<string, unknown>) } : {};
      const name = typeof kwargs.name === 'string' ? kwargs.name : null;
      const message = buildMessage(parseContentParts(body(), start, end), role, name, meta);
      return new TemplatizedPart(`${JSON.stringify(message.toDict())}\n`);
    },
  };

  return createSandboxedEnvironment({
    extensions: { ChatMessageExtension: extension as unknown as TemplateExtension },
    filters: {
      templatize_part: (value: unknown) => {
        if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
          throw messageError(`templatize_part expects a content part (text, image, file, tool call, ...), got ${typeof value}.`);
        }
        return new TemplatizedPart(`${start}${JSON.stringify(serializePart(value as ChatMessageContent))}${end}`);
      },
    },
    finalize: (text, value) => {
      if (value instanceof TemplatizedPart) return text;
      return text.split(`<${TAG}`).join(`&lt;${TAG}`).split(`</${TAG}`).join(`&lt;/${TAG}`);
    },
  });
}

/** Turns the rendered string template (JSON lines) into messages. */
export function parseRenderedMessages(rendered: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const line of rendered.trim().split('\n')) {
    if (line.trim() === '') continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (error) {
      throw new HaystackError(
        `ChatPromptBuilder: a string template may contain only {% message %} blocks; found other text: '${line.slice(0, 80)}'.`,
        { cause: error },
      );
    }
    messages.push(ChatMessage.fromDict(data));
  }
  return messages;
}
