/**
 * Static analysis of a template's syntax tree: the undeclared variables (what Haystack turns into
 * input sockets) and, as an early sandbox check, literal lookups of blocked member names.
 */
import { TemplateError, TemplateSecurityError } from './errors.js';
import { pyParse } from './py-parser.js';
import { isBlockedName } from './sandbox.js';

/** What {@link analyzeTemplate} finds. */
export interface TemplateAnalysis {
  /** Names read but never bound by `for`/`macro`, minus every `{% set %}` target; first-appearance order. */
  readonly variables: string[];
  /** Every name assigned with `{% set %}`, in order. */
  readonly assigned: string[];
  /** True when the template is exactly one `{{ expression }}` and nothing else. */
  readonly singleExpression: boolean;
}

interface AstNode {
  typename: string;
  fields: string[];
  value?: unknown;
  children?: AstNode[];
  lineno?: number;
  colno?: number;
  [field: string]: unknown;
}


/** Parses `source` (throws TemplateError on syntax errors, TemplateSecurityError on literal blocked lookups). */
export function analyzeTemplate(source: string, extensions: unknown[] = []): TemplateAnalysis {
  let root: AstNode;
  try {
    root = pyParse(source, extensions, {}) as unknown as AstNode;
  } catch (error) {
    const e = error as { lineno?: number; colno?: number; message?: string };
    const where = typeof e.lineno === 'number' ? ` (line ${e.lineno}, column ${e.colno ?? 0})` : '';
    throw new TemplateError(`Template: syntax error${where}: ${String(e.message ?? error).replace(/^Template render error:\s*/, '')}`, {
      line: e.lineno,
      column: e.colno,
      cause: error,
    });
  }
  const used: string[] = [];
  const assigned: string[] = [];
  walk(root, [new Set()], used, assigned);
  const assignedSet = new Set(assigned);
  const variables = [...new Set(used)].filter((v) => !assignedSet.has(v));
  return { variables, assigned: [...new Set(assigned)], singleExpression: isSingleExpression(root) };
}

function isSingleExpression(root: AstNode): boolean {
  const top = root.children ?? [];
  if (top.length !== 1 || top[0]?.typename !== 'Output') return false;
  const parts = top[0].children ?? [];
  return parts.length === 1 && parts[0]?.typename !== 'TemplateData';
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).typename === 'string';
}

function symbolNames(node: unknown): string[] {
  if (!isNode(node)) return [];
  if (node.typename === 'Symbol') return [String(node.value)];
  return (node.children ?? []).flatMap(symbolNames);
}

function bound(scopes: Set<string>[], name: string): boolean {
  return scopes.some((s) => s.has(name));
}

function walk(node: unknown, scopes: Set<string>[], used: string[], assigned: string[]): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, scopes, used, assigned);
    return;
  }
  if (!isNode(node)) return;
  const current = scopes[scopes.length - 1] as Set<string>;
  const recurse = (child: unknown, inner = scopes): void => walk(child, inner, used, assigned);
  switch (node.typename) {
    case 'Symbol': {
      const name = String(node.value);
      if (bound(scopes, name)) return;
      if (isBlockedName(name)) throw blocked(name, node);
      used.push(name);
      return;
    }
    case 'Set': {
      recurse(node['value']);
      recurse(node['body']);
      for (const name of symbolNames({ typename: 'NodeList', fields: [], children: node['targets'] as AstNode[] })) {
        if (isBlockedName(name)) throw blocked(name, node);
        assigned.push(name);
        current.add(name);
      }
      return;
    }
    case 'For':
    case 'AsyncEach':
    case 'AsyncAll': {
      recurse(node['arr']);
      const inner = new Set(['loop', ...symbolNames(node['name'])]);
      recurse(node['body'], [...scopes, inner]);
      recurse(node['else_']);
      return;
    }
    case 'PyLoopFilter': {
      // `for x in items if cond`: the condition sees the loop variables.
      recurse(node['arr']);
      recurse(node['cond'], [...scopes, new Set(symbolNames(node['name']))]);
      return;
    }
    case 'Macro':
    case 'Caller': {
      for (const name of symbolNames(node['name'])) current.add(name);
      const inner = new Set<string>(['caller', 'varargs', 'kwargs']);
      const args = node['args'] as AstNode | undefined;
      for (const arg of args?.children ?? []) {
        if (arg.typename === 'Symbol') inner.add(String(arg.value));
        else if (arg.typename === 'KeywordArgs') {
          for (const pair of arg.children ?? []) {
            inner.add(String((pair['key'] as AstNode).value));
            recurse(pair['value']);
          }
        }
      }
      recurse(node['body'], [...scopes, inner]);
      return;
    }
    case 'Filter':
    case 'FilterAsync':
      // The filter's name is not a variable.
      recurse(node['args']);
      return;
    case 'Is':
      recurse(node['left']);
      // The test's name is not a variable; its arguments are.
      if (isNode(node['right']) && (node['right'] as AstNode).typename === 'FunCall') recurse((node['right'] as AstNode)['args']);
      return;
    case 'Pair':
      // Dict literal keys and keyword-argument names written as bare words are literals.
      if (!(isNode(node['key']) && (node['key'] as AstNode).typename === 'Symbol')) recurse(node['key']);
      recurse(node['value']);
      return;
    case 'LookupVal': {
      const val = node['val'];
      if (isNode(val) && val.typename === 'Literal' && typeof val.value === 'string' && isBlockedName(val.value)) {
        throw blocked(val.value, val);
      }
      recurse(node['target']);
      recurse(val);
      return;
    }
    case 'Block':
      recurse(node['body']);
      return;
    case 'Import':
    case 'FromImport':
    case 'Include':
    case 'Extends':
      recurse(node['template']);
      return;
    default:
      for (const field of node.fields) recurse(node[field]);
  }
}

function blocked(name: string, node: AstNode): TemplateSecurityError {
  const line = typeof node.lineno === 'number' ? node.lineno + 1 : undefined;
  return new TemplateSecurityError(
    `Template sandbox: reading '${name}' is not allowed${line === undefined ? '' : ` (line ${line})`}. ` +
      'Templates may read data and call safe methods only; pass the values you need as template variables.',
    { line },
  );
}
