/**
 * `haystack-ts/serve`: pipelines over HTTP (issue 12), built on Hono. `hono` (and, for
 * `listen()` on Node, `@hono/node-server`) are optional peer dependencies; the core entry
 * `haystack-ts` never loads this module.
 *
 * @example
 * ```ts
 * import { createPipelineApp, listen } from 'haystack-ts/serve';
 * const server = await listen(createPipelineApp({ rag: pipeline }), { port: 3000 });
 * ```
 *
 * @module
 */
export { createPipelineApp } from './create-app.js';
export type { PipelineApp, PipelineLoad, ShutdownOptions } from './create-app.js';
export { listen } from './listen.js';
export type { ListenOptions, PipelineServer } from './listen.js';
export type { ChatMapping, PipelineEntry, ServeOptions } from './serve-options.js';
export type { ServablePipeline } from './servable-pipeline.js';
export { ChatToolsNotSupportedError } from './chat-tools.js';
export { errorResponse } from './error-response.js';
export type { ErrorBody, ErrorResponse } from './error-response.js';
export { pipelineSchemas } from './json-schema.js';
export type { JsonSchema, PipelineSchemas } from './json-schema.js';
export { toJsonValue } from './json-value.js';
