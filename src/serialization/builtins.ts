/**
 * The library's serializable classes, by Haystack import path. This is the one list to extend when
 * a component lands; `createDefaultRegistry()` builds a fresh registry from it, so what a user
 * registers never leaks into another registry.
 */
import { AnswerBuilder } from '../components/builders/answer-builder.js';
import { ChatPromptBuilder } from '../components/builders/chat-prompt-builder.js';
import { OpenAIChatGenerator } from '../components/generators/chat/openai-chat-generator.js';
import { FallbackChatGenerator } from '../components/generators/chat/fallback-chat-generator.js';
import { PromptBuilder } from '../components/builders/prompt-builder.js';
import { OutputAdapter } from '../components/converters/output-adapter.js';
import { SentenceTransformersDocumentEmbedder } from '../components/embedders/sentence-transformers-document-embedder.js';
import { SentenceTransformersTextEmbedder } from '../components/embedders/sentence-transformers-text-embedder.js';
import { AnswerJoiner } from '../components/joiners/answer-joiner.js';
import { BranchJoiner } from '../components/joiners/branch-joiner.js';
import { DocumentJoiner } from '../components/joiners/document-joiner.js';
import { ListJoiner } from '../components/joiners/list-joiner.js';
import { StringJoiner } from '../components/joiners/string-joiner.js';
import { InMemoryBM25Retriever } from '../components/retrievers/in-memory/in-memory-bm25-retriever.js';
import { InMemoryEmbeddingRetriever } from '../components/retrievers/in-memory/in-memory-embedding-retriever.js';
import { PgvectorEmbeddingRetriever } from '../components/retrievers/pgvector/pgvector-embedding-retriever.js';
import { PgvectorKeywordRetriever } from '../components/retrievers/pgvector/pgvector-keyword-retriever.js';
import { ConditionalRouter } from '../components/routers/conditional-router.js';
import { InMemoryDocumentStore } from '../document-stores/in-memory/in-memory-document-store.js';
import { PgvectorDocumentStore } from '../document-stores/pgvector/pgvector-document-store.js';
import { ComponentRegistry, type SerializableClass } from '../core/serialization/registry.js';
import { HAYSTACK_3X_ALIASES } from './haystack-3x-aliases.js';

/** Every built-in class, registered under its static `typeName`. */
export const BUILTIN_CLASSES: readonly SerializableClass[] = Object.freeze([
  // routers, joiners, converters, answers (issue 6)
  ConditionalRouter,
  BranchJoiner,
  ListJoiner,
  StringJoiner,
  AnswerJoiner,
  AnswerBuilder,
  OutputAdapter,
  // document stores, retrievers, joiners (issue 3)
  InMemoryDocumentStore,
  InMemoryBM25Retriever,
  InMemoryEmbeddingRetriever,
  DocumentJoiner,
  // builders, generators (issue 4)
  PromptBuilder,
  ChatPromptBuilder,
  OpenAIChatGenerator,
  // embedders (issue 5)
  SentenceTransformersTextEmbedder,
  SentenceTransformersDocumentEmbedder,
  // pgvector store and retrievers (issue 10)
  PgvectorDocumentStore,
  PgvectorKeywordRetriever,
  PgvectorEmbeddingRetriever,
  // resilience (issue 13)
  FallbackChatGenerator,
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
  // Haystack 3.x's paths load too (haystack-3x-aliases.ts).
  for (const cls of BUILTIN_CLASSES) registry.register(cls, { aliases: HAYSTACK_3X_ALIASES.get(cls) ?? [] });
  return registry;
}
