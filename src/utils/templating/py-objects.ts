/**
 * Haystack's objects as a Jinja2 template sees them in Python: snake_case attribute names
 * (`tool_calls`, `tool_name`, `tool_call_result`, `sparse_embedding`), `ChatMessage.role` as the
 * `ChatRole` enum (prints `ChatRole.USER`, equals `'user'`, has `.value`), `is_from()`, and the
 * dataclass `repr()` of a ChatMessage. The TypeScript classes keep their camelCase API; only
 * template lookups are translated.
 */
import { ChatMessage } from '../../dataclasses/chat-message.js';
import type { ChatRole } from '../../dataclasses/chat-message-content.js';
import { PyStrEnum, registerPythonRepr } from './python-format.js';

const CHAT_ROLES = new Map<ChatRole, PyStrEnum>(
  (['user', 'system', 'assistant', 'tool'] as const).map((role) => [role, new PyStrEnum('ChatRole', role.toUpperCase(), role)]),
);

/** Haystack's `ChatRole` member for a role. */
export function pyChatRole(role: ChatRole): PyStrEnum {
  return CHAT_ROLES.get(role) ?? new PyStrEnum('ChatRole', String(role).toUpperCase(), role);
}

/** `tool_call_result` → `toolCallResult`. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

const CONTENT_PART_TYPES: ReadonlySet<unknown> = new Set(['text', 'tool_call', 'tool_call_result', 'image', 'file', 'reasoning']);

/** A chat content part (frozen plain object with a known `type`), whose fields Haystack names in snake_case. */
export function isContentPart(value: object): boolean {
  return Object.isFrozen(value) && CONTENT_PART_TYPES.has((value as { type?: unknown }).type);
}

function roleOf(value: unknown): unknown {
  return value instanceof PyStrEnum ? value.value : value;
}

/**
 * Members of a ChatMessage that differ from the TypeScript class: `role` (the enum) and `is_from`.
 * Returns `found: false` to let the ordinary lookup (with the snake_case fallback) continue.
 */
export function chatMessageMember(message: ChatMessage, name: string): { found: boolean; value?: unknown } {
  if (name === 'role') return { found: true, value: pyChatRole(message.role) };
  if (name === 'is_from') return { found: true, value: (role: unknown) => message.role === roleOf(role) };
  return { found: false };
}

// `ChatMessage(_role=<ChatRole.USER: 'user'>, _content=[TextContent(text='Hi')], _name=None, _meta={})`
registerPythonRepr(ChatMessage.prototype, (value, repr) => {
  const message = value as ChatMessage;
  return `ChatMessage(_role=${repr(pyChatRole(message.role))}, _content=${repr([...message.content])}, _name=${repr(message.name)}, _meta=${repr(message.meta)})`;
});
