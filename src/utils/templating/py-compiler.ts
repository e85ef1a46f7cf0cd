/**
 * Compiler overrides (on one nunjucks compiler instance) that give Jinja2's semantics to the
 * operators, conditions and loops, and compile the node types of `py-parser.ts`. Each emits only
 * fixed code, generated temporaries and `runtime.py*` calls (see `py-runtime.ts`), which the code
 * guard admits; template text reaches the code only as `jsString` literals of validated names.
 */
import { PY_NODE_TYPES, type PNode } from './py-parser.js';
import { jsString } from './safe-emit.js';

interface CompileFrame {
  lookup(name: string): unknown;
  push(isolateWrites?: boolean): CompileFrame;
  set(name: string, value: unknown): void;
}

/** The part of nunjucks' Compiler the overrides use. */
export interface PyCompiler {
  compile(node: unknown, frame?: unknown): void;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
  _compileExpression(node: unknown, frame: unknown): void;
  _compileAggregate(node: unknown, frame: unknown, start: string, end: string): void;
  _emitLoopBindings?: (node: PNode, arr: string, i: string, len: string) => void;
  compileFor?: (node: PNode, frame: CompileFrame) => void;
  compileSet?: (node: PNode, frame: CompileFrame) => void;
  [method: string]: unknown;
}

type Method = (this: PyCompiler, node: PNode, frame: CompileFrame) => void;

function names(node: unknown): string[] {
  const n = node as PNode;
  if (n.typename === 'Array') return (n['children'] as PNode[]).map((c) => String(c['value']));
  return [String(n['value'])];
}

function binary(helper: string): Method {
  return function (node, frame) {
    this._emit(`runtime.${helper}(`);
    this.compile(node['left'], frame);
    this._emit(', ');
    this.compile(node['right'], frame);
    this._emit(')');
  };
}

function method(compiler: PyCompiler, name: string): Method {
  const fn = compiler[name];
  if (typeof fn !== 'function') throw new Error(`Template: this nunjucks version has no ${name}; pin the version in package.json.`);
  return fn as Method;
}

/** Installs the overrides on `compiler` (after `hardenCompiler`, whose loop hook it extends). */
export function installPythonCompiler(compiler: PyCompiler): void {
  const compileExpression = compiler._compileExpression;
  compiler._compileExpression = function (node, frame) {
    // nunjucks' expression type check does not know our node types.
    if (PY_NODE_TYPES.has((node as PNode).typename)) this.compile(node, frame);
    else compileExpression.call(this, node, frame);
  };

  const overrides: Record<string, Method> = {
    compilePyTruthy(node, frame) {
      this._emit('runtime.pyTruthy(');
      this.compile(node['target'], frame);
      this._emit(')');
    },
    compileNot(node, frame) {
      this._emit('!runtime.pyTruthy(');
      this.compile(node['target'], frame);
      this._emit(')');
    },
    // `||` short-circuits on the box, so the right operand is evaluated only when Python would.
    compileOr(node, frame) {
      this._emit('runtime.pyUnbox(runtime.pyBoxTruthy(');
      this.compile(node['left'], frame);
      this._emit(') || ');
      this.compile(node['right'], frame);
      this._emit(')');
    },
    compileAnd(node, frame) {
      this._emit('runtime.pyUnbox(runtime.pyBoxFalsy(');
      this.compile(node['left'], frame);
      this._emit(') || ');
      this.compile(node['right'], frame);
      this._emit(')');
    },
    compileAdd: binary('pyAdd'),
    compileSub: binary('pySub'),
    compileMul: binary('pyMul'),
    compileDiv: binary('pyDiv'),
    compileFloorDiv: binary('pyFloorDiv'),
    compileMod: binary('pyMod'),
    compilePyTuple(node, frame) {
      this._emit('runtime.pyTuple(');
      this._compileAggregate(node, frame, '[', ']');
      this._emit(')');
    },
    compilePySlice(node, frame) {
      this._emit('runtime.pySlice(');
      this.compile(node['target'], frame);
      for (const part of ['start', 'stop', 'step']) {
        this._emit(', ');
        if (node[part] === null || node[part] === undefined) this._emit('null');
        else this.compile(node[part], frame);
      }
      this._emit(')');
    },
    compilePyNamespaceSet(node, frame) {
      const attr = node['attr'] as PNode;
      this._emit('runtime.pySetAttr(');
      this.compile(node['target'], frame);
      this._emit(`, ${jsString(String(attr['value']))}, `);
      this._compileExpression(node['value'], frame);
      this._emitLine(');');
    },
    compilePyLoopFilter(node, frame) {
      const loopNames = names(node['name']);
      this._emit('runtime.pyLoopIter(');
      this._compileExpression(node['arr'], frame);
      this._emit(`, ${loopNames.length}, `);
      if (node['cond'] === null || node['cond'] === undefined) {
        this._emit('null)');
        return;
      }
      // The condition sees the loop variables, bound to the function's parameter.
      const item = this._tmpid();
      const inner = frame.push();
      this._emit(`function(${item}) {`);
      if (loopNames.length === 1) {
        inner.set(loopNames[0] as string, item);
      } else {
        loopNames.forEach((name, index) => {
          const id = this._tmpid();
          this._emit(`var ${id} = ${item}[${index}];`);
          inner.set(name, id);
        });
      }
      this._emit('return ');
      this.compile(node['cond'], inner);
      this._emit(';})');
    },
  };
  for (const [name, fn] of Object.entries(overrides)) compiler[name] = fn;

  // `set a, b = value`: Python unpacking (nunjucks assigns the whole value to each target).
  const compileSet = method(compiler, 'compileSet');
  compiler.compileSet = function (node, frame) {
    const targets = node['targets'] as PNode[];
    if (targets.length < 2 || node['value'] === null || node['value'] === undefined) {
      compileSet.call(this, node, frame);
      return;
    }
    const ids = targets.map((target) => {
      const id = frame.lookup(String(target['value']));
      if (typeof id === 'string') return id;
      const fresh = this._tmpid();
      this._emitLine(`var ${fresh};`);
      return fresh;
    });
    const unpacked = this._tmpid();
    this._emit(`var ${unpacked} = runtime.pyUnpack(`);
    this._compileExpression(node['value'], frame);
    this._emitLine(`, ${targets.length});`);
    targets.forEach((target, index) => {
      const id = ids[index] as string;
      const name = jsString(String(target['value']));
      this._emitLine(`${id} = ${unpacked}[${index}];`);
      this._emitLine(`frame.set(${name}, ${id}, true);`);
      this._emitLine('if(frame.topLevel) {');
      this._emitLine(`context.setVariable(${name}, ${id});`);
      this._emitLine('}');
    });
  };

  // A loop's frame isolates writes, so a `set` inside the loop does not change the variable outside
  // (Jinja2's scoping); only the loop's own `frame.push()` is changed.
  const compileFor = method(compiler, 'compileFor');
  compiler.compileFor = function (node, frame) {
    const emitLine = this._emitLine;
    let pending = true;
    this._emitLine = function (code: string) {
      if (pending && code === 'frame = frame.push();') {
        pending = false;
        emitLine.call(this, 'frame = frame.push(true);');
        return;
      }
      emitLine.call(this, code);
    };
    try {
      compileFor.call(this, node, frame);
    } finally {
      this._emitLine = emitLine;
    }
  };

  const emitLoopBindings = compiler._emitLoopBindings;
  if (typeof emitLoopBindings !== 'function') throw new Error('Template: this nunjucks version has no _emitLoopBindings; pin the version in package.json.');
  compiler._emitLoopBindings = function (node, arr, i, len) {
    emitLoopBindings.call(this, node, arr, i, len);
    this._emitLine(`runtime.pyLoopScope(frame, ${arr}, ${i}, ${jsString(names(node['name']).join(','))});`);
  };
}
