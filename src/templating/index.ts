/**
 * `haystack-ts/templating`: the sandboxed Jinja2-compatible template engine the builders and routers
 * use, for rendering or analysing a template outside a component, and the Python semantics those
 * templates follow (`==`, literals, truthiness). The components themselves, the template errors
 * and the template limits are in the root entry.
 *
 * @example
 * ```ts
 * import { renderTemplate, analyzeTemplate } from 'haystack-ts/templating';
 * renderTemplate('Hello {{ name }}', { name: 'Ada' }); // 'Hello Ada'
 * ```
 *
 * @module
 */
export { SandboxedEnvironment, createSandboxedEnvironment, renderTemplate, templateVariables } from '../utils/templating/index.js';
export type { CompiledTemplate, SandboxedEnvironmentOptions, TemplateExtension, TemplateFilter } from '../utils/templating/index.js';
export { analyzeTemplate } from '../utils/templating/variables.js';
export type { TemplateAnalysis } from '../utils/templating/variables.js';
export { renderedToValue } from '../components/templating-shared/rendered-value.js';
export { pythonEquals } from '../python/equals.js';
export { parsePythonLiteral, tryParsePythonLiteral, pythonTruthy } from '../python/literal.js';

