/**
 * haystack-ts: Haystack's pipeline engine for Node.js. This root entry holds the engine, the
 * components, the dataclasses, the errors and what a pipeline is written against; explicit named
 * exports only, `export type` for types, grouped by layer. The lower-level pieces are deliberate
 * subpaths: `haystack-ts/serialization` (component dicts, YAML, type names, casing, the safety
 * guard), `haystack-ts/templating` (the sandboxed template engine and its Python semantics) and
 * `haystack-ts/serve` (HTTP).
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { AsyncPipeline, defineComponent } from 'haystack-ts';
 *
 * const Double = defineComponent({
 *   name: 'Double',
 *   inputs: { value: z.number() },
 *   outputs: { value: z.number() },
 *   run: ({ value }) => ({ value: value * 2 }),
 * });
 * const pipeline = new AsyncPipeline().addComponent('a', new Double()).addComponent('b', new Double()).connect('a', 'b');
 * await pipeline.runAsync({ a: { value: 1 } }); // { b: { value: 4 } }
 * ```
 *
 * @module
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
} from './errors.js';
export type { HaystackErrorDetails, PipelineDrawingFailure } from './errors.js';

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
export type { MermaidTheme, ShowOptions } from './core/pipeline/draw.js';
export type { DrawFormat, DrawOptions } from './core/pipeline/draw-image.js';
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
export { ChatMessage } from './dataclasses/chat-message.js';
export {
  CHAT_ROLES,
  isChatRole,
  textContent,
  toolCall,
  toolCallResult,
  imageContent,
  fileContent,
  reasoningContent,
} from './dataclasses/chat-message-content.js';
export type {
  ChatMessageDict,
  ChatMessageOptions,
  AssistantMessageOptions,
  ToolMessageOptions,
} from './dataclasses/chat-message.js';
export type {
  ChatRole,
  ChatMessageContent,
  TextContent,
  ToolCall,
  ToolCallResult,
  ImageContent,
  FileContent,
  ReasoningContent,
} from './dataclasses/chat-message-content.js';
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
export { documentMatchesFilter } from './utils/filters.js';
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
export { Secret, isSecret } from './dataclasses/secret.js';
export type { SecretType, EnvVarSecretDict, EnvVarSecretOptions } from './dataclasses/secret.js';
export { TemplateError, TemplateSecurityError } from './utils/templating/index.js';
export type { CompiledTemplate, SandboxedEnvironmentOptions, TemplateExtension, TemplateFilter } from './utils/templating/index.js';
// --- templates: bounded rendering (issue 19) ---
export { TemplateLimitError, DEFAULT_TEMPLATE_LIMITS, configureTemplateLimits, templateLimits } from './utils/templating/index.js';
export type { TemplateLimitName, TemplateLimits, ResolvedTemplateLimits } from './utils/templating/index.js';
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
  ChatGeneratorResponseError,
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
export { ConditionalRouter } from './components/routers/conditional-router.js';
export type { RouterInputs, RouterOutputs } from './components/routers/conditional-router.js';
export type { ConditionalRouterOptions, Route, RouteOutputType } from './components/routers/conditional-router-options.js';
export { NoRouteSelectedException, RouteConditionException } from './components/routers/no-route-selected-exception.js';
export { PythonLiteralError } from './python/literal.js';
export { BranchJoiner } from './components/joiners/branch-joiner.js';
export type { BranchJoinerOptions } from './components/joiners/branch-joiner-options.js';
export { ListJoiner } from './components/joiners/list-joiner.js';
export type { ListJoinerOptions } from './components/joiners/list-joiner-options.js';
export { StringJoiner } from './components/joiners/string-joiner.js';
export { AnswerJoiner } from './components/joiners/answer-joiner.js';
export { ANSWER_JOIN_MODES } from './components/joiners/answer-joiner-options.js';
export type { AnswerJoinerOptions, AnswerJoinMode } from './components/joiners/answer-joiner-options.js';
export { AnswerBuilder } from './components/builders/answer-builder.js';
export { DEFAULT_REFERENCE_PATTERN, EXPANDED_REFERENCE_PATTERN } from './components/builders/answer-builder-options.js';
export type { AnswerBuilderOptions } from './components/builders/answer-builder-options.js';
export { OutputAdapter } from './components/converters/output-adapter.js';
export type { OutputAdapterOptions } from './components/converters/output-adapter-options.js';
export { OutputAdaptationException } from './components/converters/output-adaptation-exception.js';
export { GeneratedAnswer, ExtractedAnswer } from './dataclasses/answer.js';
export type { Answer, AnswerDict, ExtractedAnswerInit, GeneratedAnswerInit, Span as AnswerSpan } from './dataclasses/answer.js';
export { ComponentRegistry } from './core/serialization/registry.js';
export type { RegisterOptions, SerializableClass } from './core/serialization/registry.js';
export { createDefaultRegistry } from './serialization/builtins.js';
export { defaultToDict, defaultFromDict } from './core/serialization/component-dict.js';
export type { ComponentFromDictOptions, FromDictContext, ToDictContext } from './core/serialization/component-dict.js';
export { pipelineToDict, pipelineFromDict } from './serialization/pipeline-dict.js';
export type {
  BuildablePipeline,
  PipelineClass,
  PipelineDict,
  PipelineFromDictOptions,
  PipelineToDictOptions,
  SerializablePipeline,
  SerializedPipelineOptions,
} from './serialization/pipeline-dict.js';
export { dumps, loads } from './serialization/yaml.js';
export type { TypeNameTable } from './core/serialization/type-names.js';

// --- faults (issue 9): warm-up failures, component timeouts, conversion failures, bad documents ---
export { PipelineWarmUpError, PipelineComponentTimeoutError, ConversionError, DocumentValidationError } from './errors.js';
export { MAX_FILTER_DEPTH } from './utils/filters.js';

// Worker-thread execution of components (issue 16)
export { WorkerReconstructionError } from './errors.js';
export { DEFAULT_ABORT_GRACE_MS } from './core/workers/executor-options.js';
export type { AddComponentOptions, Executor, WorkerPoolOptions } from './core/workers/executor-options.js';

// PostgreSQL + pgvector store and its retrievers (issue 10); pg, pgvector and PGlite load lazily.
export { PgvectorDocumentStore } from './document-stores/pgvector/pgvector-document-store.js';
export type {
  PgvectorDocumentStoreDict,
  PgvectorEmbeddingRetrievalOptions,
  PgvectorKeywordRetrievalOptions,
  PgvectorStoreCallOptions,
} from './document-stores/pgvector/pgvector-document-store.js';
export type {
  PgvectorDocumentStoreOptions,
  PgvectorHnswIndexCreationKwargs,
  PgvectorSearchStrategy,
  PgvectorVectorFunction,
  PgvectorVectorType,
} from './document-stores/pgvector/pgvector-document-store-options.js';
export type { PGliteLike } from './document-stores/pgvector/pg-modules.js';
export { PgvectorEmbeddingRetriever } from './components/retrievers/pgvector/pgvector-embedding-retriever.js';
export type { PgvectorEmbeddingRetrieverOptions } from './components/retrievers/pgvector/pgvector-embedding-retriever-options.js';
export { PgvectorKeywordRetriever } from './components/retrievers/pgvector/pgvector-keyword-retriever.js';
export type { PgvectorKeywordRetrieverOptions } from './components/retrievers/pgvector/pgvector-keyword-retriever-options.js';
export type { PgvectorRetrieverOptions } from './components/retrievers/pgvector/pgvector-retriever-options.js';

// Types used by public signatures, so the declarations are self-contained (issue 17.1).
export type { TemplateVariables, BuilderVariables } from './components/builders/template-variables-type.js';
export type { ChatPromptBuilderInputs } from './components/builders/chat-prompt-builder.js';
export type { PromptBuilderInputs } from './components/builders/prompt-builder.js';
export type { PipelineSocketValue } from './core/pipeline/pipeline-base.js';
export type { VariadicOptions } from './core/component/sockets.js';
export type { ChatGeneratorErrorDetails } from './components/generators/errors.js';
export type { CompiledGraph, ComponentInputs } from './core/pipeline/compiled-graph.js';

// --- core: streaming through a pipeline (issue 11) ---
export { PipelineStreamHandle } from './core/pipeline/stream.js';
export type { StreamResponseFormat } from './core/pipeline/stream.js';
export { DEFAULT_MAX_BUFFERED_CHUNKS } from './core/pipeline/stream-options.js';
export type { StreamOptions } from './core/pipeline/stream-options.js';

// --- core: tracing (issue 11) ---
export {
  enableTracing,
  disableTracing,
  isTracingEnabled,
  isContentTracingEnabled,
  setContentTracingEnabled,
  currentSpan,
  trace,
  HAYSTACK_CONTENT_TRACING_ENABLED_ENV_VAR,
} from './core/tracing/tracer.js';
export type { Span, SpanOptions, Tracer } from './core/tracing/tracer.js';
export { coerceTagValue } from './core/tracing/coerce.js';
export type { TagValue } from './core/tracing/coerce.js';
export { LoggingTracer, LoggingSpan } from './core/tracing/logging-tracer.js';
export type { LoggingTracerOptions } from './core/tracing/logging-tracer.js';
export { OpenTelemetryTracer, OpenTelemetrySpan } from './core/tracing/opentelemetry-tracer.js';
export type { OpenTelemetryTracerLike, OpenTelemetryTracerOptions } from './core/tracing/opentelemetry-tracer.js';

// Component resilience (issue 13 part 4): addComponent's timeout / retry / concurrencyLimit.
export { ComponentAttemptTimeoutError, ComponentRetryError } from './errors.js';
export { isRetryableError, retryDelayMs } from './core/pipeline/resilience.js';
export type { ComponentResilienceOptions, RetryOptions, ResolvedRetryOptions } from './core/pipeline/resilience-options.js';
export { FallbackChatGenerator } from './components/generators/chat/fallback-chat-generator.js';
export type { FallbackChatGeneratorInput, FallbackChatGeneratorOutput } from './components/generators/chat/fallback-chat-generator.js';
export type { FallbackChatGeneratorOptions } from './components/generators/chat/fallback-chat-generator-options.js';
export type { inputs as fallbackChatGeneratorInputSockets, outputs as fallbackChatGeneratorOutputSockets } from './components/generators/chat/fallback-chat-generator.js';
export { ChatGeneratorFallbackError } from './components/generators/errors.js';

// Every type a public signature names, so that a consumer can name it too and API Extractor finds no
// forgotten export (issue 17.1; checked by test/package/api-extractor.test.ts).
export type { AnswerBuilderInputs, AnswerBuilderOutputs } from './components/builders/answer-builder.js';
export type { ResolvedAnswerBuilderOptions } from './components/builders/answer-builder-options.js';
export type { ChatPromptBuilderFixedInputs, ChatPromptBuilderOutputs } from './components/builders/chat-prompt-builder.js';
export type { PromptBuilderFixedInputs, PromptBuilderOutputs } from './components/builders/prompt-builder.js';
export type { TemplateOf as BuilderTemplateVariables } from './components/builders/template-variables-type.js';
export type {
  AdapterInputs as OutputAdapterInputs,
  AdapterOutputs as OutputAdapterOutputs,
  SchemaOf as OutputAdapterSchemaOf,
} from './components/converters/output-adapter.js';
export type { SentenceTransformersTextEmbedderInputs, SentenceTransformersTextEmbedderOutputs } from './components/embedders/sentence-transformers-text-embedder.js';
export type {
  SentenceTransformersDocumentEmbedderInputs,
  SentenceTransformersDocumentEmbedderOutputs,
} from './components/embedders/sentence-transformers-document-embedder.js';
export type { EncodingLike, ModelLike, PretrainedOptionsLike, TensorLike, TokenizerLike } from './components/embedders/transformers-module.js';
export type { Inputs as OpenAIChatGeneratorInputs, Outputs as OpenAIChatGeneratorOutputs } from './components/generators/chat/openai-chat-generator.js';
export type { AnswerJoinerInputs, AnswerJoinerOutputs } from './components/joiners/answer-joiner.js';
export type { BranchJoinerInputs, BranchJoinerOutputs } from './components/joiners/branch-joiner.js';
export type { Inputs as DocumentJoinerInputs, Outputs as DocumentJoinerOutputs } from './components/joiners/document-joiner.js';
export type { ListJoinerAnyList, ListJoinerInputs, ListJoinerOutputs } from './components/joiners/list-joiner.js';
export type { StringJoinerInputs, StringJoinerOutputs } from './components/joiners/string-joiner.js';
export type { Inputs as InMemoryBM25RetrieverInputs, Outputs as InMemoryBM25RetrieverOutputs } from './components/retrievers/in-memory/in-memory-bm25-retriever.js';
export type {
  Inputs as InMemoryEmbeddingRetrieverInputs,
  Outputs as InMemoryEmbeddingRetrieverOutputs,
} from './components/retrievers/in-memory/in-memory-embedding-retriever.js';
export type { Inputs as PgvectorKeywordRetrieverInputs, Outputs as PgvectorKeywordRetrieverOutputs } from './components/retrievers/pgvector/pgvector-keyword-retriever.js';
export type {
  Inputs as PgvectorEmbeddingRetrieverInputs,
  Outputs as PgvectorEmbeddingRetrieverOutputs,
} from './components/retrievers/pgvector/pgvector-embedding-retriever.js';
export type {
  AnySockets as RouterAnySockets,
  Merged as RouterMergedSockets,
  NamedSockets as RouterNamedSockets,
  RouteSockets as RouterRouteSockets,
  SchemaOf as RouterSchemaOf,
  UnionToIntersection,
} from './components/routers/conditional-router.js';
export type { MandatoryKeys as MandatorySocketKeys, OptionalKeys as OptionalSocketKeys, Simplify } from './core/component/sockets.js';
export type { IsLoose as IsLooseComponentMap, KnownKeys, Simplify as SimplifyPipelineType } from './core/pipeline/pipeline-base.js';
export type { CompiledEdge, CompiledInput, CompiledNode, Entry as CompiledInputEntry, Shared as SharedInputEntry } from './core/pipeline/compiled-graph.js';
export type { AnyFunction } from './core/serialization/registry.js';
// The socket declarations those types are `typeof` of, type-only (no runtime export): `typeof inMemoryBM25RetrieverInputSockets`.
export type { inputs as answerBuilderInputSockets, outputs as answerBuilderOutputSockets } from './components/builders/answer-builder.js';
export type { fixedInputs as chatPromptBuilderFixedInputSockets, outputs as chatPromptBuilderOutputSockets } from './components/builders/chat-prompt-builder.js';
export type { fixedInputs as promptBuilderFixedInputSockets, outputs as promptBuilderOutputSockets } from './components/builders/prompt-builder.js';
export type { inputs as sentenceTransformersTextEmbedderInputSockets, outputs as sentenceTransformersTextEmbedderOutputSockets } from './components/embedders/sentence-transformers-text-embedder.js';
export type { inputs as sentenceTransformersDocumentEmbedderInputSockets, outputs as sentenceTransformersDocumentEmbedderOutputSockets } from './components/embedders/sentence-transformers-document-embedder.js';
export type { inputs as openAIChatGeneratorInputSockets, outputs as openAIChatGeneratorOutputSockets } from './components/generators/chat/openai-chat-generator.js';
export type { inputs as answerJoinerInputSockets, outputs as answerJoinerOutputSockets } from './components/joiners/answer-joiner.js';
export type { inputs as stringJoinerInputSockets, outputs as stringJoinerOutputSockets } from './components/joiners/string-joiner.js';
export type { inputs as documentJoinerInputSockets, outputs as documentJoinerOutputSockets } from './components/joiners/document-joiner.js';
export type { ANY_LIST as listJoinerAnyList } from './components/joiners/list-joiner.js';
export type { inputs as inMemoryBM25RetrieverInputSockets, outputs as inMemoryBM25RetrieverOutputSockets } from './components/retrievers/in-memory/in-memory-bm25-retriever.js';
export type { inputs as inMemoryEmbeddingRetrieverInputSockets, outputs as inMemoryEmbeddingRetrieverOutputSockets } from './components/retrievers/in-memory/in-memory-embedding-retriever.js';
export type { inputs as pgvectorKeywordRetrieverInputSockets, outputs as pgvectorKeywordRetrieverOutputSockets } from './components/retrievers/pgvector/pgvector-keyword-retriever.js';
export type { inputs as pgvectorEmbeddingRetrieverInputSockets, outputs as pgvectorEmbeddingRetrieverOutputSockets } from './components/retrievers/pgvector/pgvector-embedding-retriever.js';
// Result types: a component's own run result requires the sockets it always produces; a pipeline
// entry requires its sole socket when the component always produces it (issue 17.2).
export type { RunResult } from './core/component/sockets.js';
export type { IsUnion, PipelineResultEntry, ProducedBy, RequiredKeysOf, SoleOutput } from './core/pipeline/pipeline-result.js';
// Names checked at compile time on a chained pipeline: connect addresses, includeOutputsFrom (issue 14.3).
export type { ComponentName, ReceiverAddress, RunOptionsFor, SenderAddress, SocketNames } from './core/pipeline/typed-names.js';
// Structured indexing progress beside the TTY bar (issue 17.4).
export type { EmbeddingProgress } from './components/embedders/sentence-transformers-document-embedder-options.js';
