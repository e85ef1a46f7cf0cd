/** The sandboxed template engine shared by prompt builders, ConditionalRouter and OutputAdapter. */
export {
  SandboxedEnvironment,
  createSandboxedEnvironment,
  defaultEnvironment,
  renderTemplate,
  templateVariables,
  MAX_RANGE,
} from './environment.js';
export type { CompiledTemplate, SandboxedEnvironmentOptions, TemplateExtension, TemplateFilter } from './environment.js';
export { TemplateError, TemplateLimitError, TemplateSecurityError } from './errors.js';
export type { TemplateLimitName } from './errors.js';
export { DEFAULT_TEMPLATE_LIMITS, configureTemplateLimits, templateLimits } from './limits-options.js';
export type { ResolvedTemplateLimits, TemplateLimits } from './limits-options.js';
export { analyzeTemplate } from './variables.js';
export type { TemplateAnalysis } from './variables.js';
export { pythonJson, pythonJsonDumps, pythonRepr, pythonStr } from './python-format.js';
export { isBlockedName } from './sandbox.js';
