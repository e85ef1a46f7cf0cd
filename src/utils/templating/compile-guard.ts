/**
 * The three checks every sandboxed compile goes through (docs/llm.md, "Security"): the compiler's
 * text emission hardened, the syntax tree validated before compiling, the generated code
 * verified before `new Function` sees it.
 */
import { assertSafeAst } from './ast-guard.js';
import { assertGeneratedCode } from './code-guard.js';
import type { CompileGuard, NunjucksCompiler } from './python-semantics.js';
import { hardenCompiler, type HardenableCompiler } from './safe-emit.js';

export const COMPILE_GUARD: CompileGuard = Object.freeze({
  harden: (compiler: NunjucksCompiler) => hardenCompiler(compiler as unknown as HardenableCompiler),
  checkAst: assertSafeAst,
  checkCode: assertGeneratedCode,
});
