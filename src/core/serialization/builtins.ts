/**
 * The library's serializable classes, by Haystack import path. This is the one list to extend when
 * a component lands; `createDefaultRegistry()` builds a fresh registry from it, so what a user
 * registers never leaks into another registry.
 */
import { AnswerBuilder } from '../../components/builders/answer-builder.js';
import { AnswerJoiner } from '../../components/joiners/answer-joiner.js';
import { BranchJoiner } from '../../components/joiners/branch-joiner.js';
import { ListJoiner } from '../../components/joiners/list-joiner.js';
import { StringJoiner } from '../../components/joiners/string-joiner.js';
import { ComponentRegistry, type SerializableClass } from './registry.js';

/** Every built-in class, registered under its static `typeName`. */
export const BUILTIN_CLASSES: readonly SerializableClass[] = Object.freeze([
  BranchJoiner,
  ListJoiner,
  StringJoiner,
  AnswerJoiner,
  AnswerBuilder,
]);

/**
 * A new registry holding the library's components (and the other classes their serialized
 * parameters may contain). Add yours with `.register(Cls)`.
 *
 * @example
 * const registry = createDefaultRegistry().register(MyComponent);
 */
export function createDefaultRegistry(): ComponentRegistry {
  const registry = new ComponentRegistry();
  for (const cls of BUILTIN_CLASSES) registry.register(cls);
  return registry;
}
