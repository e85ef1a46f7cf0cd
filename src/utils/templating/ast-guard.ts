/**
 * First line of defence against template injection: a whitelist check of the syntax tree nunjucks
 * is about to compile to JavaScript.
 *
 * nunjucks' compiler pastes some node text into the generated source without escaping it (symbol
 * names, `set`/`for` targets, filter and test names, macro argument names, block names, extension
 * names), and its lexer lets a symbol contain `"`, a backtick or `&`. So before compiling, every
 * node must be of a type listed in {@link NODE_RULES}, and every piece of text the compiler reads
 * from it must be a well-formed identifier (or a literal that the hardened emitter in
 * `safe-emit.ts` writes through `JSON.stringify`). Node types that are not listed fail closed.
 * docs/llm.md ("Security") has the table and the argument why no other path reaches the source.
 */
import { TemplateError, TemplateSecurityError } from './errors.js';

/** A Jinja2 identifier (ASCII, as Jinja2's lexer without unicode names). */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Filter names may be dotted in Jinja2 (`x | ns.filter`). */
const DOTTED_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const COMPARE_OPS: ReadonlySet<string> = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=']);

/** The shape of a nunjucks AST node, as far as the guard reads it. */
export interface GuardNode {
  readonly typename: string;
  readonly lineno?: unknown;
  readonly colno?: unknown;
  readonly [field: string]: unknown;
}

type Visit = (child: unknown) => void;
/** Checks the node's text fields and visits the fields the compiler compiles as code. */
type Rule = (node: GuardNode, visit: Visit) => void;

function isNode(value: unknown): value is GuardNode {
  return typeof value === 'object' && value !== null && typeof (value as GuardNode).typename === 'string';
}

function where(node: GuardNode): { line: number | undefined; text: string } {
  const line = typeof node.lineno === 'number' ? node.lineno + 1 : undefined;
  return { line, text: line === undefined ? '' : ` (line ${line})` };
}

function insecure(node: GuardNode, what: string): TemplateSecurityError {
  const { line, text } = where(node);
  return new TemplateSecurityError(`Template sandbox: ${what}${text}. Names in templates must be identifiers ([A-Za-z_][A-Za-z0-9_]*).`, {
    line,
  });
}

function unsupported(node: GuardNode, what: string): TemplateError {
  const { line, text } = where(node);
  return new TemplateError(`Template: syntax error${text}: ${what}`, { line });
}

function requireName(node: unknown, owner: GuardNode, role: string, pattern: RegExp = IDENTIFIER): string {
  if (!isNode(node) || node.typename !== 'Symbol') throw insecure(owner, `${role} must be a name, got ${isNode(node) ? node.typename : typeof node}`);
  const value = node['value'];
  if (typeof value !== 'string' || !pattern.test(value)) throw insecure(owner, `${role} ${JSON.stringify(String(value))} is not a valid name`);
  return value;
}

/** A loop's variables (`for x in …`, `for k, v in …`, and the same in a loop filter): names only. */
function requireLoopTargets(loop: GuardNode): void {
  const name = loop['name'];
  if (isNode(name) && name.typename === 'Array') {
    for (const part of children(name)) requireName(part, loop, 'a loop variable');
  } else {
    requireName(name, loop, 'a loop variable');
  }
}

function children(node: GuardNode): unknown[] {
  const list = node['children'];
  return Array.isArray(list) ? list : [];
}

const nodeList: Rule = (node, visit) => visit(children(node));
const binary: Rule = (node, visit) => {
  visit(node['left']);
  visit(node['right']);
};
const unary: Rule = (node, visit) => visit(node['target']);
const conditional: Rule = (node, visit) => {
  visit(node['cond']);
  visit(node['body']);
  visit(node['else_']);
};

/** Macro/call arguments: names, then optionally one keyword-argument dict whose keys are names. */
function checkSignature(node: GuardNode, visit: Visit): void {
  const args = node['args'];
  if (!isNode(args)) throw insecure(node, 'macro arguments are malformed');
  for (const arg of children(args)) {
    if (isNode(arg) && (arg.typename === 'KeywordArgs' || arg.typename === 'Dict')) {
      for (const pair of children(arg)) {
        if (!isNode(pair) || pair.typename !== 'Pair') throw insecure(node, 'macro keyword arguments are malformed');
        requireName(pair['key'], node, 'a macro argument');
        visit(pair['value']);
      }
    } else {
      requireName(arg, node, 'a macro argument');
    }
  }
}

/**
 * Every node type the compiler may receive, with what its compile method reads. Anything else
 * (and async variants, template loading) is rejected before compiling.
 */
export const NODE_RULES: Readonly<Record<string, Rule>> = {
  Root: nodeList,
  NodeList: nodeList,
  Output: nodeList,
  Group: nodeList,
  Array: nodeList,
  Dict: nodeList,
  KeywordArgs(node, visit) {
    for (const pair of children(node)) {
      if (!isNode(pair) || pair.typename !== 'Pair') throw insecure(node, 'keyword arguments are malformed');
      const key = pair['key'];
      // Tags built by extensions (`{% message role=... %}`) give the names as string literals.
      if (isNode(key) && key.typename === 'Literal') {
        if (typeof key['value'] !== 'string' || !IDENTIFIER.test(key['value'])) throw insecure(node, 'a keyword argument is not a valid name');
      } else {
        requireName(key, node, 'a keyword argument');
      }
      visit(pair['value']);
    }
  },
  Pair(node, visit) {
    // compilePair turns a Symbol key into a string Literal; other keys are compiled as expressions.
    const key = node['key'];
    if (isNode(key) && key.typename === 'Symbol') requireName(key, node, 'a dict key');
    else visit(key);
    visit(node['value']);
  },
  Literal(node) {
    const value = node['value'];
    if (value instanceof RegExp) {
      throw insecure(node, 'regular expression literals (r/.../) are not part of Jinja2 and are not allowed');
    }
    if (!(value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value)))) {
      throw insecure(node, `a literal of type ${typeof value} is not allowed`);
    }
  },
  TemplateData(node) {
    if (typeof node['value'] !== 'string') throw insecure(node, 'template text is malformed');
  },
  Symbol(node) {
    requireName(node, node, 'a variable');
  },
  LookupVal(node, visit) {
    visit(node['target']);
    visit(node['val']);
  },
  If: conditional,
  InlineIf: conditional,
  For(node, visit) {
    requireLoopTargets(node);
    visit(node['arr']);
    visit(node['body']);
    visit(node['else_']);
  },
  Macro(node, visit) {
    requireName(node['name'], node, 'a macro name');
    checkSignature(node, visit);
    visit(node['body']);
  },
  Caller(node, visit) {
    checkSignature(node, visit);
    visit(node['body']);
  },
  FunCall(node, visit) {
    visit(node['name']);
    visit(node['args']);
  },
  Filter(node, visit) {
    requireName(node['name'], node, 'a filter name', DOTTED_IDENTIFIER);
    visit(node['args']);
  },
  Is(node, visit) {
    visit(node['left']);
    const right = node['right'];
    if (isNode(right) && right.typename === 'FunCall') {
      requireName(right['name'], node, 'a test name');
      visit(right['args']);
    } else if (isNode(right) && right.typename === 'Literal' && (right['value'] === null || typeof right['value'] === 'boolean')) {
      // `x is none`, `x is true`: the lexer turns these names into literals.
    } else {
      requireName(right, node, 'a test name');
    }
  },
  In: binary,
  Or: binary,
  And: binary,
  Add: binary,
  Concat: binary,
  Sub: binary,
  Mul: binary,
  Div: binary,
  FloorDiv: binary,
  Mod: binary,
  Pow: binary,
  Not: unary,
  Neg: unary,
  Pos: unary,
  Compare(node, visit) {
    visit(node['expr']);
    const ops = node['ops'];
    if (!Array.isArray(ops)) throw insecure(node, 'a comparison is malformed');
    for (const op of ops) {
      if (!isNode(op) || op.typename !== 'CompareOperand' || typeof op['type'] !== 'string' || !COMPARE_OPS.has(op['type'])) {
        throw insecure(node, 'a comparison operator is malformed');
      }
      visit(op['expr']);
    }
  },
  Set(node, visit) {
    const targets = node['targets'];
    if (!Array.isArray(targets) || targets.length === 0) throw insecure(node, 'a set statement is malformed');
    for (const target of targets) requireName(target, node, 'a set target');
    visit(node['value']);
    visit(node['body']);
  },
  Capture(node, visit) {
    visit(node['body']);
  },
  Switch(node, visit) {
    visit(node['expr']);
    visit(node['cases']);
    visit(node['default']);
  },
  Case(node, visit) {
    visit(node['cond']);
    visit(node['body']);
  },
  Block(node, visit) {
    requireName(node['name'], node, 'a block name');
    visit(node['body']);
  },
  // The node types of py-parser.ts (compiled by py-compiler.ts).
  PyTuple: nodeList,
  PyTruthy: unary,
  PySlice(node, visit) {
    visit(node['target']);
    visit(node['start']);
    visit(node['stop']);
    visit(node['step']);
  },
  PyNamespaceSet(node, visit) {
    requireName(node['target'], node, 'a namespace');
    const attr = node['attr'];
    if (!isNode(attr) || attr.typename !== 'Literal' || typeof attr['value'] !== 'string' || !IDENTIFIER.test(attr['value'])) {
      throw insecure(node, 'a namespace attribute is not a valid name');
    }
    visit(node['value']);
  },
  PyLoopFilter(node, visit) {
    requireLoopTargets(node);
    visit(node['arr']);
    visit(node['cond']);
  },
  CallExtension(node, visit) {
    for (const [field, role] of [
      ['extName', 'an extension name'],
      ['prop', 'an extension method'],
    ] as const) {
      const value = node[field];
      if (typeof value !== 'string' || !IDENTIFIER.test(value)) throw insecure(node, `${role} ${JSON.stringify(String(value))} is not a valid name`);
    }
    if (node['autoescape'] !== undefined && typeof node['autoescape'] !== 'boolean') throw insecure(node, 'an extension is malformed');
    visit(node['args']);
    const contentArgs = node['contentArgs'];
    if (contentArgs !== undefined && !Array.isArray(contentArgs)) throw insecure(node, 'an extension is malformed');
    visit(contentArgs);
  },
};

/** Tags nunjucks parses but the sandbox refuses: they load other templates or need an async render. */
const REFUSED: Readonly<Record<string, string>> = {
  Extends: "'extends' is not supported: sandboxed templates cannot load other templates",
  Include: "'include' is not supported: sandboxed templates cannot load other templates",
  Import: "'import' is not supported: sandboxed templates cannot load other templates",
  FromImport: "'from ... import' is not supported: sandboxed templates cannot load other templates",
  TemplateRef: 'sandboxed templates cannot load other templates',
  Super: "'super()' is not supported: sandboxed templates have no parent template",
  IfAsync: "'ifAsync' is not Jinja2 and is not supported",
  AsyncEach: "'asyncEach' is not Jinja2 and is not supported",
  AsyncAll: "'asyncAll' is not Jinja2 and is not supported",
  FilterAsync: 'asynchronous filters are not supported',
  CallExtensionAsync: 'asynchronous extensions are not supported',
};

/**
 * Throws TemplateSecurityError unless every node of `root` is of a known type whose text fields
 * are identifiers or literals; TemplateError for tags the sandbox does not support.
 */
export function assertSafeAst(root: unknown): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    if (!isNode(value)) throw new TemplateSecurityError('Template sandbox: the syntax tree holds a value that is not a node.');
    const refused = REFUSED[value.typename];
    if (refused !== undefined) throw unsupported(value, refused);
    const rule = Object.hasOwn(NODE_RULES, value.typename) ? NODE_RULES[value.typename] : undefined;
    if (rule === undefined) throw insecure(value, `the node type '${value.typename}' is not allowed`);
    // Positions are pasted into the generated code as numbers.
    for (const pos of [value.lineno, value.colno]) {
      if (pos !== undefined && !Number.isInteger(pos)) throw insecure(value, 'a source position is malformed');
    }
    const pending: unknown[] = [];
    rule(value, (child) => pending.push(child));
    for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]);
  }
}
