/**
 * nunjucks' parser with the Jinja2 syntax Haystack templates use and nunjucks lacks or reads
 * differently: slices (`text[:5]`, `docs[1:]`, `s[::-1]`), loop filters (`for d in docs if d.score
 * > 0.5`), namespace attribute assignment (`set ns.n = ns.n + 1`), tuple values (`set a, b = 1, 2`,
 * `('a',)`), and Python truthiness of conditions (`if docs` is false for an empty list).
 *
 * The syntax is parsed into a few node types of our own (`Py*`, {@link PY_NODE_TYPES}); each has an
 * entry in the AST guard's NODE_RULES and a compile method in `py-compiler.ts`. A subclass rather
 * than a patch, so other nunjucks users in the process parse as before.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The shape of nunjucks' nodes as the parser builds them. */
export interface PNode {
  typename: string;
  lineno: number;
  colno: number;
  [field: string]: unknown;
}
type NodeClass = new (lineno: number, colno: number, ...fields: unknown[]) => PNode;
interface NodeClassFactory extends NodeClass {
  extend(name: string, props?: { fields: string[] }): NodeClass;
}
interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}
interface ParserInstance {
  extensions: unknown[];
  peekToken(): Token;
  nextToken(): Token;
  pushToken(tok: Token): void;
  skip(type: string): boolean;
  skipSymbol(name: string): boolean;
  skipValue(type: string, value: string): boolean;
  fail(message: string, lineno?: number, colno?: number): never;
  parsePrimary(noPostfix?: boolean): PNode;
  parseExpression(): PNode;
  parseOr(): PNode;
  parseSignature(tolerant?: boolean, noParens?: boolean): PNode;
  parseUntilBlocks(...names: string[]): PNode;
  advanceAfterBlockEnd(name?: string): void;
  parseAsRoot(): PNode;
  parseAggregate(): PNode | null;
  parseIf(): PNode;
  parseInlineIf(): PNode;
  parseFor(): PNode;
  parseCompare(): PNode;
}
type ParserClass = new (tokens: unknown) => ParserInstance;

const nodes = require('nunjucks/src/nodes.js') as Record<string, NodeClassFactory>;
const lexer = require('nunjucks/src/lexer.js') as { lex(src: string, opts: unknown): unknown } & Record<string, string>;
const { Parser } = require('nunjucks/src/parser.js') as { Parser: ParserClass };

function nodeClass(name: string): NodeClassFactory {
  const cls = nodes[name];
  if (cls === undefined) throw new Error(`Template: this nunjucks version has no '${name}' node; pin the version in package.json.`);
  return cls;
}
const Node = nodeClass('Node');
const NodeList = nodeClass('NodeList');
const LiteralNode = nodeClass('Literal');
const LookupVal = nodeClass('LookupVal');
const FunCall = nodeClass('FunCall');
const ForNode = nodeClass('For');
const SetNode = nodeClass('Set');
const ArrayNode = nodeClass('Array');
const Capture = nodeClass('Capture');
const Group = nodeClass('Group');
const InlineIf = nodeClass('InlineIf');
const IsNode = nodeClass('Is');
const NotNode = nodeClass('Not');

/** `target[start:stop:step]`; absent parts are null. */
const PySlice = Node.extend('PySlice', { fields: ['target', 'start', 'stop', 'step'] });
/** A condition read with Python truthiness. */
const PyTruthy = Node.extend('PyTruthy', { fields: ['target'] });
/** A tuple literal (`(1, 2)`, `('a',)`, the value of `set a, b = 1, 2`). */
const PyTuple = NodeList.extend('PyTuple');
/** `set target.attr = value` (Jinja2 allows it on namespace objects only). */
const PyNamespaceSet = Node.extend('PyNamespaceSet', { fields: ['target', 'attr', 'value'] });
/** The iterable of a `for`: dicts iterate their keys, `if cond` filters the items first. */
const PyLoopFilter = Node.extend('PyLoopFilter', { fields: ['arr', 'name', 'cond'] });

/** The node types this parser adds. */
export const PY_NODE_TYPES: ReadonlySet<string> = new Set(['PySlice', 'PyTruthy', 'PyTuple', 'PyNamespaceSet', 'PyLoopFilter']);

const NOT_AN_ARGUMENT: ReadonlySet<string> = new Set(['and', 'or', 'else', 'if', 'not', 'in', 'is']);

function startsTestArgument(tok: Token): boolean {
  if (tok.type === lexer['TOKEN_SYMBOL']) return !NOT_AN_ARGUMENT.has(tok.value);
  return [lexer['TOKEN_STRING'], lexer['TOKEN_INT'], lexer['TOKEN_FLOAT'], lexer['TOKEN_BOOLEAN'], lexer['TOKEN_NONE'], lexer['TOKEN_LEFT_BRACKET'], lexer['TOKEN_LEFT_CURLY']].includes(tok.type);
}

function truthy(cond: PNode): PNode {
  return cond.typename === 'PyTruthy' ? cond : new PyTruthy(cond.lineno, cond.colno, cond);
}

class PyParser extends (Parser as unknown as ParserClass) {
  parsePostfix(start: PNode): PNode {
    let node = start;
    let tok = this.peekToken();
    while (tok) {
      if (tok.type === lexer['TOKEN_LEFT_PAREN']) {
        node = new FunCall(tok.lineno, tok.colno, node, this.parseSignature());
      } else if (tok.type === lexer['TOKEN_LEFT_BRACKET']) {
        this.nextToken();
        node = this.parseSubscript(node, tok);
      } else if (tok.type === lexer['TOKEN_OPERATOR'] && tok.value === '.') {
        this.nextToken();
        const val = this.nextToken();
        if (val.type !== lexer['TOKEN_SYMBOL']) this.fail(`expected name as lookup value, got ${val.value}`, val.lineno, val.colno);
        node = new LookupVal(tok.lineno, tok.colno, node, new LiteralNode(val.lineno, val.colno, val.value));
      } else {
        break;
      }
      tok = this.peekToken();
    }
    return node;
  }

  /** After `[`: an index (`[0]`, `['k']`) or a slice (`[a:b]`, `[:b]`, `[a:]`, `[::c]`). */
  parseSubscript(target: PNode, open: Token): PNode {
    const parts: (PNode | null)[] = [null, null, null];
    let part = 0;
    for (;;) {
      const tok = this.peekToken();
      if (tok === null || tok === undefined) this.fail('unexpected end of template in a subscript', open.lineno, open.colno);
      if (tok.type === lexer['TOKEN_RIGHT_BRACKET']) {
        this.nextToken();
        break;
      }
      if (tok.type === lexer['TOKEN_COLON']) {
        this.nextToken();
        part++;
        if (part > 2) this.fail('a slice has at most three parts', tok.lineno, tok.colno);
        continue;
      }
      if (parts[part] !== null) this.fail('invalid index', tok.lineno, tok.colno);
      parts[part] = this.parseExpression();
    }
    if (part === 0) {
      if (parts[0] === null) this.fail('expected an index', open.lineno, open.colno);
      return new LookupVal(open.lineno, open.colno, target, parts[0]);
    }
    return new PySlice(open.lineno, open.colno, target, parts[0], parts[1], parts[2]);
  }

  /** `(a)` is a group, `(a, b)` and `(a,)` are tuples, `()` is the empty tuple. */
  override parseAggregate(): PNode | null {
    const tok = this.peekToken();
    if (tok?.type !== lexer['TOKEN_LEFT_PAREN']) return super.parseAggregate();
    this.nextToken();
    const items: PNode[] = [];
    let comma = false;
    for (;;) {
      const next = this.peekToken();
      if (next?.type === lexer['TOKEN_RIGHT_PAREN']) {
        this.nextToken();
        break;
      }
      if (items.length > 0 && !this.skip(lexer['TOKEN_COMMA'] as string)) this.fail('parseAggregate: expected comma after expression', tok.lineno, tok.colno);
      if (items.length > 0) {
        comma = true;
        if (this.peekToken()?.type === lexer['TOKEN_RIGHT_PAREN']) continue;
      }
      items.push(this.parseExpression());
    }
    if (items.length === 1 && !comma) {
      const group = new Group(tok.lineno, tok.colno);
      (group['children'] as PNode[]).push(items[0] as PNode);
      return group;
    }
    return new PyTuple(tok.lineno, tok.colno, items);
  }

  override parseIf(): PNode {
    const node = super.parseIf();
    node['cond'] = truthy(node['cond'] as PNode);
    return node;
  }

  override parseInlineIf(): PNode {
    const node = super.parseInlineIf();
    if (node instanceof InlineIf) node['cond'] = truthy(node['cond'] as PNode);
    return node;
  }

  /** `x is divisibleby 3`, `x is sameas none`: Jinja2's test argument without parentheses. */
  parseIs(): PNode {
    let node = this.parseCompare();
    if (!this.skipSymbol('is')) return node;
    const negated = this.skipSymbol('not');
    let test = this.parseCompare();
    const tok = this.peekToken();
    if (test.typename === 'Symbol' && tok !== null && tok !== undefined && startsTestArgument(tok)) {
      const argument = this.parsePrimary();
      test = new FunCall(test.lineno, test.colno, test, new NodeList(tok.lineno, tok.colno, [argument]));
    }
    node = new IsNode(node.lineno, node.colno, node, test);
    return negated ? new NotNode(node.lineno, node.colno, node) : node;
  }

  override parseFor(): PNode {
    const forTok = this.peekToken();
    if (!this.skipSymbol('for')) return super.parseFor();
    const node = new ForNode(forTok.lineno, forTok.colno);
    let name = this.parsePrimary(true);
    if (name.typename !== 'Symbol') this.fail('parseFor: variable name expected for loop');
    if (this.peekToken().type === lexer['TOKEN_COMMA']) {
      const tuple = new ArrayNode(name.lineno, name.colno);
      (tuple['children'] as PNode[]).push(name);
      while (this.skip(lexer['TOKEN_COMMA'] as string)) (tuple['children'] as PNode[]).push(this.parsePrimary(true));
      name = tuple;
    }
    node['name'] = name;
    if (!this.skipSymbol('in')) this.fail('parseFor: expected "in" keyword for loop', forTok.lineno, forTok.colno);
    // parseOr, not parseExpression: `for d in docs if cond` is a loop filter, not an inline if.
    const arr = this.parseOr();
    const cond = this.skipSymbol('if') ? this.parseExpression() : null;
    node['arr'] = new PyLoopFilter(arr.lineno, arr.colno, arr, name, cond);
    this.advanceAfterBlockEnd(forTok.value);
    node['body'] = this.parseUntilBlocks('endfor', 'else');
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      node['else_'] = this.parseUntilBlocks('endfor');
    }
    this.advanceAfterBlockEnd();
    return node;
  }

  parseSet(): PNode {
    const tag = this.peekToken();
    if (!this.skipSymbol('set')) this.fail('parseSet: expected set', tag.lineno, tag.colno);
    const targets: PNode[] = [];
    for (;;) {
      targets.push(this.parsePrimary());
      if (!this.skip(lexer['TOKEN_COMMA'] as string)) break;
    }
    const [first] = targets;
    const attrTarget = targets.length === 1 && first?.typename === 'LookupVal' ? first : undefined;
    if (!this.skipValue(lexer['TOKEN_OPERATOR'] as string, '=')) {
      if (!this.skip(lexer['TOKEN_BLOCK_END'] as string)) this.fail('parseSet: expected = or block end in set tag', tag.lineno, tag.colno);
      if (attrTarget !== undefined) this.fail("parseSet: '{% set ns.attr %}...{% endset %}' is not supported; use '{% set ns.attr = value %}'", tag.lineno, tag.colno);
      const node = new SetNode(tag.lineno, tag.colno, targets);
      node['body'] = new Capture(tag.lineno, tag.colno, this.parseUntilBlocks('endset'));
      node['value'] = null;
      this.advanceAfterBlockEnd();
      return node;
    }
    let value = this.parseExpression();
    if (this.peekToken()?.type === lexer['TOKEN_COMMA']) {
      const items = [value];
      while (this.skip(lexer['TOKEN_COMMA'] as string)) items.push(this.parseExpression());
      value = new PyTuple(value.lineno, value.colno, items);
    }
    this.advanceAfterBlockEnd(tag.value);
    if (attrTarget !== undefined) {
      return new PyNamespaceSet(tag.lineno, tag.colno, attrTarget['target'], attrTarget['val'], value);
    }
    const node = new SetNode(tag.lineno, tag.colno, targets);
    node['value'] = value;
    return node;
  }
}

/** Parses `source` like `nunjucks/src/parser.js`'s `parse`, with the Jinja2 syntax above. */
export function pyParse(source: string, extensions: readonly unknown[] | undefined, options: unknown): PNode {
  const parser = new PyParser(lexer.lex(source, options));
  if (extensions !== undefined) parser.extensions = [...extensions];
  return parser.parseAsRoot();
}
