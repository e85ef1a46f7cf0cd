/**
 * The compiler methods that write template text into generated code, replaced on one compiler
 * instance so that every piece of text goes through `JSON.stringify` (plus the two line
 * separators it leaves raw), whatever the AST guard let through. nunjucks' own versions escape
 * string literals by hand and paste call names with only `"` escaped, so a string key ending in a
 * backslash (`a["x\\\"..."]()`) closes the string early.
 *
 * The same overrides route template text and `~` through the render budget (`runtime.guardText`,
 * `runtime.guardConcat`) so that loops of literal text are bounded like printed values.
 */

/** A JavaScript string literal of `text` that is safe anywhere in generated code. */
export function jsString(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

interface EmitNode {
  readonly typename: string;
  readonly value?: unknown;
  readonly lineno?: number;
  readonly colno?: number;
  readonly name?: EmitNode;
  readonly args?: EmitNode;
  readonly left?: EmitNode;
  readonly right?: EmitNode;
  readonly target?: EmitNode;
  readonly val?: EmitNode;
}

/** The part of nunjucks' Compiler the overrides use. */
export interface HardenableCompiler {
  compile(node: unknown, frame?: unknown): void;
  _emit(code: string): void;
  _compileExpression(node: unknown, frame: unknown): void;
  _compileAggregate(node: unknown, frame: unknown, start: string, end: string): void;
  compileLiteral?: (node: EmitNode, frame: unknown) => void;
  compileSymbol?: (node: EmitNode, frame: { lookup(name: string): unknown }) => void;
  compileFunCall?: (node: EmitNode, frame: unknown) => void;
  compileConcat?: (node: EmitNode, frame: unknown) => void;
  _emitLine(code: string): void;
  _emitLoopBindings?: (...args: unknown[]) => void;
}

/** `a.b["c"]`-style description of a callee for error messages (data, never code). */
function describeCallee(node: EmitNode | undefined): string {
  if (node === undefined) return '--expression--';
  switch (node.typename) {
    case 'Symbol':
      return String(node.value);
    case 'FunCall':
      return `the return value of (${describeCallee(node.name)})`;
    case 'LookupVal':
      return `${describeCallee(node.target)}["${describeCallee(node.val)}"]`;
    case 'Literal':
      return String(node.value);
    default:
      return '--expression--';
  }
}

const TMP_ID = /^(?:t_\d+|macro_t_\d+|l_[A-Za-z_][A-Za-z0-9_]*)$/;

/** Replaces the text-emitting methods of `compiler` (one instance; the prototype is untouched). */
export function hardenCompiler(compiler: HardenableCompiler): void {
  compiler.compileLiteral = function compileLiteral(node) {
    const value = node.value;
    if (typeof value === 'string') {
      // Template text counts against the output budget; string literals are plain data.
      this._emit(node.typename === 'TemplateData' ? `runtime.guardText(${jsString(value)})` : jsString(value));
    } else if (value === null) {
      this._emit('null');
    } else if (typeof value === 'number') {
      this._emit(Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : '-Infinity');
    } else if (typeof value === 'boolean') {
      this._emit(value ? 'true' : 'false');
    } else {
      throw new Error('Template: a literal of an unsupported type reached the compiler.');
    }
  };
  compiler.compileSymbol = function compileSymbol(node, frame) {
    const name = String(node.value);
    const id = frame.lookup(name);
    if (id === undefined || id === null) {
      this._emit(`runtime.contextOrFrameLookup(context, frame, ${jsString(name)})`);
    } else if (typeof id === 'string' && TMP_ID.test(id)) {
      this._emit(id);
    } else {
      throw new Error(`Template: the compiler bound '${name}' to an unexpected name.`);
    }
  };
  compiler.compileFunCall = function compileFunCall(node, frame) {
    this._emit(`(lineno = ${Number(node.lineno) | 0}, colno = ${Number(node.colno) | 0}, runtime.callWrap(`);
    this._compileExpression(node.name, frame);
    this._emit(`, ${jsString(describeCallee(node.name))}, context, `);
    this._compileAggregate(node.args, frame, '[', '])');
    this._emit(')');
  };
  const emitLoopBindings = compiler._emitLoopBindings;
  if (typeof emitLoopBindings !== 'function') throw new Error('Template: this nunjucks version has no _emitLoopBindings; pin the version in package.json.');
  // Emitted once per loop iteration: counts it against maxLoopIterations and checks the deadline.
  compiler._emitLoopBindings = function (...args: unknown[]) {
    emitLoopBindings.apply(this, args);
    this._emitLine('runtime.guardStep();');
  };
  compiler.compileConcat = function compileConcat(node, frame) {
    this._emit('runtime.guardConcat(');
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  };
}
