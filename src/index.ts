/**
 * haystack-ts: the one public entry point. Explicit named exports only; `export type` for types.
 * Each section is owned by one layer; keep additions inside their section.
 */

// --- core: errors ---
export {
  HaystackError,
  PipelineError,
  PipelineConnectError,
  PipelineValidationError,
  PipelineMaxComponentRuns,
  PipelineDrawingError,
  PipelineRuntimeError,
  PipelineComponentsBlockedError,
  ComponentError,
  SerializationError,
  DeserializationError,
  FilterError,
  isHaystackError,
  isErrorNamed,
  isAbortError,
} from './core/errors.js';
export type { HaystackErrorDetails } from './core/errors.js';

// --- core: components ---
export { Component, isComponent } from './core/component/component.js';
export type {
  AnyComponent,
  ComponentDict,
  ComponentSpec,
  InputsOf,
  OutputsOf,
  RunContext,
  RunInputOf,
  RunOutputOf,
} from './core/component/component.js';
export { defineComponent } from './core/component/define.js';
export type { ComponentDefinition, DefinedComponentClass } from './core/component/define.js';
export { Variadic, GreedyVariadic, isVariadicSchema, describeInputs, describeOutputs } from './core/component/sockets.js';
export type {
  InputSchema,
  InputSchemas,
  InputSocketInfo,
  OutputSchemas,
  OutputSocketInfo,
  RunInput,
  RunOutput,
  SocketValue,
  VariadicKind,
  VariadicSchema,
} from './core/component/sockets.js';

// --- core: types (issue 2) ---
export { typesAreCompatible, isListSchema } from './core/types/compatibility.js';
export type { Compatibility } from './core/types/compatibility.js';
export { typeName } from './core/types/type-name.js';
export { convertValue } from './core/types/conversion.js';
export type { ConversionStrategy } from './core/types/conversion.js';

// --- core: pipelines (issue 2) ---
export { Pipeline } from './core/pipeline/pipeline.js';
export { AsyncPipeline } from './core/pipeline/async-pipeline.js';
export { PipelineBase } from './core/pipeline/pipeline-base.js';
export type {
  ComponentMap,
  FlatPipelineData,
  NestedPipelineData,
  PipelineConnection,
  PipelineData,
  PipelineInputDescription,
  PipelineOutputDescription,
  PipelineResult,
  WithComponent,
} from './core/pipeline/pipeline-base.js';
export { DEFAULT_CONCURRENCY_LIMIT, DEFAULT_MAX_RUNS_PER_COMPONENT } from './core/pipeline/pipeline-options.js';
export type { AsyncRunOptions, PipelineOptions, RunOptions } from './core/pipeline/pipeline-options.js';
export type { ShowOptions } from './core/pipeline/draw.js';
export { cloneValue, CLONE } from './core/pipeline/clone.js';
export type { Cloneable } from './core/pipeline/clone.js';
export { consoleLogger, getLogger, setLogger } from './core/logger.js';
export type { LogFields, Logger } from './core/logger.js';

// --- dataclasses (issues 3, 4) ---
export { Document } from './dataclasses/document.js';
export type { DocumentInit, DocumentDict } from './dataclasses/document.js';
export { createDocumentId, documentIdPreImage } from './dataclasses/document-id.js';
export type { DocumentIdFields } from './dataclasses/document-id.js';
export { SparseEmbedding } from './dataclasses/sparse-embedding.js';
export { ByteStream } from './dataclasses/byte-stream.js';
export type { ByteStreamInit, ByteStreamDict } from './dataclasses/byte-stream.js';
export {
  ChatMessage,
  CHAT_ROLES,
  isChatRole,
  textContent,
  toolCall,
  toolCallResult,
  imageContent,
  fileContent,
  reasoningContent,
} from './dataclasses/chat-message.js';
export type {
  ChatRole,
  ChatMessageContent,
  ChatMessageDict,
  ChatMessageOptions,
  AssistantMessageOptions,
  ToolMessageOptions,
  TextContent,
  ToolCall,
  ToolCallResult,
  ImageContent,
  FileContent,
  ReasoningContent,
} from './dataclasses/chat-message.js';
export { StreamingChunk, ComponentInfo, toolCallDelta, selectStreamingCallback } from './dataclasses/streaming-chunk.js';
export type { FinishReason, ToolCallDelta, StreamingChunkInit, StreamingCallback } from './dataclasses/streaming-chunk.js';

// --- document stores (issue 3) ---
export { InMemoryDocumentStore } from './document-stores/in-memory/in-memory-document-store.js';
export type {
  Bm25RetrievalOptions,
  EmbeddingRetrievalOptions,
  InMemoryDocumentStoreDict,
  StoreCallOptions,
} from './document-stores/in-memory/in-memory-document-store.js';
export type {
  EmbeddingSimilarityFunction,
  InMemoryDocumentStoreOptions,
} from './document-stores/in-memory/in-memory-document-store-options.js';
export type { Bm25Algorithm, Bm25Parameters } from './document-stores/in-memory/bm25.js';
export { DocumentStoreError, DuplicateDocumentError } from './document-stores/errors.js';
export { DuplicatePolicy, FilterPolicy, filterPolicyFromString } from './document-stores/types.js';
export { applyFilterPolicy } from './document-stores/filter-policy.js';
export { documentMatchesFilter, pythonEquals } from './utils/filters.js';
export type { ComparisonFilter, ComparisonOperator, FilterNode, Filters, LogicalFilter, LogicalOperator } from './utils/filters.js';

// --- components: retrievers, joiners (issue 3) ---
export { InMemoryBM25Retriever } from './components/retrievers/in-memory/in-memory-bm25-retriever.js';
export type { InMemoryBM25RetrieverOptions } from './components/retrievers/in-memory/in-memory-bm25-retriever-options.js';
export { InMemoryEmbeddingRetriever } from './components/retrievers/in-memory/in-memory-embedding-retriever.js';
export type { InMemoryEmbeddingRetrieverOptions } from './components/retrievers/in-memory/in-memory-embedding-retriever-options.js';
export type { InMemoryRetrieverOptions } from './components/retrievers/in-memory/retriever-options.js';
export { DocumentJoiner } from './components/joiners/document-joiner.js';
export type { DocumentJoinerOptions, JoinMode } from './components/joiners/document-joiner-options.js';

// --- components: builders, generators (issue 4) ---
export { Secret, isSecret } from './utils/secret.js';
export type { SecretType, EnvVarSecretDict, EnvVarSecretOptions } from './utils/secret.js';
export {
  SandboxedEnvironment,
  createSandboxedEnvironment,
  renderTemplate,
  templateVariables,
  TemplateError,
  TemplateSecurityError,
} from './utils/templating/index.js';
export type { CompiledTemplate, SandboxedEnvironmentOptions, TemplateFilter } from './utils/templating/index.js';
export { PromptBuilder } from './components/builders/prompt-builder.js';
export type { PromptBuilderOptions } from './components/builders/prompt-builder-options.js';
export { ChatPromptBuilder } from './components/builders/chat-prompt-builder.js';
export type { ChatPromptBuilderOptions } from './components/builders/chat-prompt-builder-options.js';
export { OpenAIChatGenerator } from './components/generators/chat/openai-chat-generator.js';
export type { OpenAIChatGeneratorInput } from './components/generators/chat/openai-chat-generator.js';
export type {
  OpenAIChatGeneratorOptions,
  ToolDefinition,
  HttpClientKwargs,
} from './components/generators/chat/openai-chat-generator-options.js';
export {
  ChatGeneratorError,
  ChatGeneratorAuthenticationError,
  ChatGeneratorRateLimitError,
  ChatGeneratorServerError,
  ChatGeneratorBadRequestError,
  ChatGeneratorTimeoutError,
  ChatGeneratorConnectionError,
} from './components/generators/errors.js';

// --- components: embedders (issue 5) ---
export { SentenceTransformersTextEmbedder } from './components/embedders/sentence-transformers-text-embedder.js';
export type { SentenceTransformersTextEmbedderOptions } from './components/embedders/sentence-transformers-text-embedder.js';
export { SentenceTransformersDocumentEmbedder } from './components/embedders/sentence-transformers-document-embedder.js';
export type { SentenceTransformersDocumentEmbedderOptions } from './components/embedders/sentence-transformers-document-embedder-options.js';
export { DEFAULT_EMBEDDING_MODEL } from './components/embedders/sentence-transformers-options.js';
export type {
  EmbedderDtype,
  PoolingMode,
  ProgressStream,
  ResolvedEmbedderOptions,
  SentenceTransformersEmbedderOptions,
} from './components/embedders/sentence-transformers-options.js';
export { onnxModelId } from './components/embedders/model-resolution.js';
export { clearEmbeddingBackends } from './components/embedders/sentence-transformers-backend.js';
export type { TransformersLike, TransformersLoader } from './components/embedders/transformers-module.js';

// --- components: routers, joiners, converters; serialization (issue 6) ---
