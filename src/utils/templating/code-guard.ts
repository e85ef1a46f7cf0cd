/**
 * Second, independent line of defence against template injection: before the generated code is
 * handed to `new Function`, it is tokenized and every token must be one nunjucks' compiler (with
 * the overrides of `safe-emit.ts` and `python-semantics.ts`) writes itself. Template text may
 * only appear inside double-quoted string literals, which are data. So even if the AST guard
 * missed a path, injected code fails here: it would need a free name outside the allowlist
 * (`Function`, `process`, `globalThis`, `require`, `eval`...), a member name outside the allowlist
 * (`constructor`, `__proto__`, `call`/`apply` on anything but the emitted shapes), a computed
 * member with a string key, a template literal, a comment, or a regular expression literal.
 *
 * The tokenizer is deliberately stricter than JavaScript: anything it cannot classify with
 * certainty (a `/` where a regex could start, `--`, `<!`, non-ASCII outside strings, escapes
 * outside strings, single quotes) is rejected, so it can never read a token differently from V8.
 */
import nunjucks from 'nunjucks';
import { TemplateSecurityError } from './errors.js';

/** Free names the compiler emits (keywords, its locals and parameters, `Math`, `Object`). */
const FREE_NAMES: ReadonlySet<string> = new Set([
  // keywords and literals
  'var', 'function', 'return', 'if', 'else', 'for', 'in', 'new', 'try', 'catch', 'throw', 'switch', 'case', 'default', 'break',
  'null', 'true', 'false', 'undefined', 'Infinity',
  // parameters and locals of the generated functions
  'env', 'context', 'frame', 'runtime', 'cb', 'lineno', 'colno', 'output', 'parentTemplate', 'root', 'e', 'kwargs',
  'callerFrame', 'err', 'Math', 'Object',
  // the inline block stub `function(e, c, f, r, cb) { cb(""); }`
  'c', 'f', 'r',
]);
/** Generated temporaries and the prefixed names of validated identifiers (`l_arg`, `b_block`). */
const GENERATED_NAME = /^(?:t_\d+|macro_t_\d+|[lb]_[A-Za-z_][A-Za-z0-9_]*)$/;

/** Member names after `.` (runtime helpers are checked separately). */
const MEMBER_NAMES: ReadonlySet<string> = new Set([
  // env
  'getFilter', 'getTest', 'getExtension', 'opts', 'autoescape',
  // context
  'setVariable', 'addExport', 'getBlock', 'getVariables',
  // frame
  'set', 'push', 'pop', 'topLevel',
  // arrays, calls, kwargs, parent template, Math
  'length', 'call', 'caller', 'rootRenderFunc', 'floor', 'pow',
]);

const BLOCKED_RUNTIME = /^(?:constructor|prototype|__\w*|call|apply|bind)$/;
let runtimeNames: ReadonlySet<string> | undefined;
/** nunjucks' runtime exports, plus the sandbox's helpers (`py*`, `guard*`). */
function isRuntimeName(name: string): boolean {
  runtimeNames ??= new Set(Object.keys((nunjucks as unknown as { runtime: object }).runtime));
  if (BLOCKED_RUNTIME.test(name)) return false;
  return runtimeNames.has(name) || /^(?:py|guard)[A-Z][A-Za-z]*$/.test(name);
}

const KEYWORDS_BEFORE_EXPRESSION: ReadonlySet<string> = new Set(['return', 'case', 'in', 'new', 'else', 'typeof']);

// One token at a time, sticky. Strings: double quotes only, no raw line terminators, escapes of one
// ASCII character (JSON.stringify's \uXXXX included, since `u` is one character).
const TOKEN =
  /[ \t\n\r]+|"(?:[^"\\\n\r\u2028\u2029]|\\[^\n\r\u2028\u2029])*"|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:e[+-]\d+)?|===|!==|==|!=|<=|>=|&&|\|\||\+\+|\+=|[-+*/%(){}[\].,;:?!<>=]/y;

/** Two characters that JavaScript reads as one token the guard does not know (`--`, `<!--`, `=>`, `?.`, `/*`...). */
const GLUED: ReadonlySet<string> = new Set([
  '--', '-=', '<!', '<<', '=>', '**', '*=', '*/', '?.', '??', '..', '>>', '/=', '//', '/*', '%=',
  ...'0123456789'.split('').map((d) => `.${d}`),
]);

type Kind = 'name' | 'string' | 'number' | 'punct';
interface Token {
  readonly kind: Kind;
  readonly text: string;
}

function reject(reason: string): TemplateSecurityError {
  return new TemplateSecurityError(
    `Template sandbox: the compiled template failed verification (${reason}); it was not run. ` +
      'This is either an injection attempt or a compiler change that code-guard.ts does not know.',
  );
}

function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < code.length) {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(code);
    if (match === null) throw reject(`unexpected character ${JSON.stringify(code.charAt(at))}`);
    const text = match[0];
    at += text.length;
    const first = text.charCodeAt(0);
    if (first === 0x20 || first === 0x09 || first === 0x0a || first === 0x0d) continue;
    const kind: Kind = first === 0x22 ? 'string' : first >= 0x30 && first <= 0x39 ? 'number' : isNameStart(first) ? 'name' : 'punct';
    // A token glued to the next character that JavaScript would read as one longer token
    // (`0x1`, `1n`, `a$`, `a\u0041`, `--`, `<!--`, `=>`, `?.`, `**`, `..`, `/*`, `//`).
    const next = code.charCodeAt(at);
    const glued =
      kind === 'punct'
        ? text.length === 1 && GLUED.has(text + code.charAt(at))
        : kind !== 'string' && (isNameStart(next) || (next >= 0x30 && next <= 0x39) || next === 0x24 || next === 0x5c);
    if (glued) throw reject(`malformed token ${JSON.stringify(text + code.charAt(at))}`);
    tokens.push({ kind, text });
  }
  return tokens;
}

/** True when a `/` after `token` is division in JavaScript (not the start of a regex literal). */
function endsOperand(token: Token | undefined, closesHeader: boolean): boolean {
  if (token === undefined) return false;
  if (token.kind === 'number' || token.kind === 'string') return true;
  if (token.kind === 'name') return !KEYWORDS_BEFORE_EXPRESSION.has(token.text) && token.text !== 'var';
  return (token.text === ')' && !closesHeader) || token.text === ']';
}

/** Throws TemplateSecurityError unless `code` consists only of tokens the compiler emits. */
export function assertGeneratedCode(code: string): void {
  const tokens = tokenize(code);
  // For each open `(`: whether it opened an `if (...)`/`for (...)`/`switch (...)` header, after
  // which a `/` would start a regular expression.
  const parens: boolean[] = [];
  let prevClosedHeader = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const prev = tokens[i - 1];
    let closedHeader = false;
    if (token.kind === 'name') checkName(tokens, i);
    else if (token.kind === 'punct') {
      switch (token.text) {
        case '(':
          parens.push(prev !== undefined && (prev.text === 'if' || prev.text === 'for' || prev.text === 'switch'));
          break;
        case ')':
          closedHeader = parens.pop() === true;
          break;
        case '/':
          if (!endsOperand(prev, prevClosedHeader)) throw reject("'/' where a regular expression could start");
          break;
        case '[':
          checkComputedMember(tokens, i);
          break;
        default:
      }
    }
    prevClosedHeader = closedHeader;
  }
}

const OBJECT_SHAPE = 'Object.prototype.hasOwnProperty.call(';

function joined(tokens: readonly Token[], from: number, to: number): string {
  let out = '';
  for (let k = Math.max(0, from); k < to && k < tokens.length; k++) out += (tokens[k] as Token).text;
  return out;
}

function checkName(tokens: readonly Token[], i: number): void {
  const token = tokens[i] as Token;
  if (tokens[i - 1]?.text !== '.') {
    if (FREE_NAMES.has(token.text)) {
      // `Object` only in the one shape the compiler emits (macro keyword arguments).
      if (token.text === 'Object' && joined(tokens, i, i + 8) !== OBJECT_SHAPE) throw reject("use of 'Object'");
    } else if (!GENERATED_NAME.test(token.text)) {
      throw reject(`name '${token.text}'`);
    }
    return;
  }
  const owner = tokens[i - 2];
  if (owner?.text === 'runtime' && tokens[i - 3]?.text !== '.') {
    if (!isRuntimeName(token.text)) throw reject(`runtime member '${token.text}'`);
  } else if (token.text === 'prototype' || token.text === 'hasOwnProperty') {
    const start = token.text === 'prototype' ? i - 2 : i - 4;
    if (joined(tokens, start, start + 8) !== OBJECT_SHAPE) throw reject(`member '${token.text}'`);
  } else if (!MEMBER_NAMES.has(token.text)) {
    throw reject(`member '${token.text}'`);
  }
}

/**
 * Computed members only with a generated index (`t_1[t_2]`, `t_1[t_2][0]`) or in the extension call
 * shape `env.getExtension("Name")["method"]`; a `[` after an operator is an array literal.
 */
function checkComputedMember(tokens: readonly Token[], i: number): void {
  const prev = tokens[i - 1];
  const isMember = prev !== undefined && (prev.kind === 'name' ? !KEYWORDS_BEFORE_EXPRESSION.has(prev.text) : prev.text === ')' || prev.text === ']');
  if (!isMember) return;
  const key = tokens[i + 1];
  const close = tokens[i + 2];
  if (close?.text !== ']' || key === undefined) throw reject('a computed member');
  if (key.kind === 'string') {
    const callee = tokens.slice(Math.max(0, i - 4), i);
    // Macro keyword arguments read `kwargs["name"]`, with the validated argument name.
    if (prev.text === 'kwargs' && /^"[A-Za-z_][A-Za-z0-9_]*"$/.test(key.text)) return;
    const shape = callee.length === 4 && callee[0]?.text === 'getExtension' && callee[1]?.text === '(' && callee[2]?.kind === 'string' && callee[3]?.text === ')';
    if (!shape) throw reject('a computed member with a string key');
  } else if (!(key.kind === 'number' || (key.kind === 'name' && GENERATED_NAME.test(key.text)))) {
    throw reject('a computed member');
  }
}
