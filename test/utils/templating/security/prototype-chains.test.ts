/**
 * Constructor and prototype chains through every kind of object a template can reach: literals,
 * variables, globals, loop/caller objects, filter and method results, library classes. The
 * escape names are refused; built-in JavaScript methods are simply not there (only the Python
 * method tables and data are), while library getters such as ChatMessage.text stay readable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ChatMessage } from '../../../../src/dataclasses/chat-message.js';
import { Document } from '../../../../src/dataclasses/document.js';
import { TemplateSecurityError, renderTemplate } from '../../../../src/utils/templating/index.js';
import { clearSentinel, sentinelSet } from './probes.js';

afterEach(clearSentinel);

class Custom {
  data = 1;
  get computed(): string {
    return 'getter';
  }
  method(): string {
    return 'method';
  }
}

const vars = {
  s: 'text',
  n: 1,
  list: [1, 2],
  dict: { a: 1 },
  fn: () => 1,
  doc: new Document({ content: 'doc body' }),
  msg: ChatMessage.fromUser('hello'),
  map: new Map([['k', 'v']]),
  date: new Date(0),
  custom: new Custom(),
};

/** Expressions for every kind of reachable object. */
const reachable = [
  '"lit"', '1', '[1]', '{"a": 1}', 'True', 'None',
  's', 'n', 'list', 'dict', 'fn', 'doc', 'msg', 'map', 'date', 'custom', 'doc.meta', 'msg.content',
  'range', 'cycler', 'joiner', 'cycler(1, 2)', 'joiner(",")', 'range(3)',
  '(list | list)', '(dict | dictsort)', '("x" | safe)', '(list | first)', '("a b".split())', '(dict.items())',
];

describe('prototype chains', () => {
  const escapes = ['.constructor', '["constructor"]', '["constr" ~ "uctor"]', '.__proto__', '["__proto__"]', '.prototype', '.__defineGetter__', '.__lookupGetter__'];
  it.each(reachable)('refuses every escape from %s', (expr) => {
    for (const escape of escapes) {
      expect(() => renderTemplate(`{{ (${expr})${escape} }}`, vars), `${expr}${escape}`).toThrow(TemplateSecurityError);
    }
    expect(sentinelSet()).toBe(false);
  });

  it.each(reachable)('refuses escapes from the loop variable and caller over %s', (expr) => {
    expect(() => renderTemplate(`{% for x in [${expr}] %}{{ x.constructor }}{% endfor %}`, vars)).toThrow(TemplateSecurityError);
    expect(() => renderTemplate(`{% for x in [1] %}{{ loop.constructor }}{% endfor %}`, vars)).toThrow(TemplateSecurityError);
  });

  const builtinMembers: Array<[string, string]> = [
    ['s', 'repeat'], ['s', 'padStart'], ['s', 'concat'], ['s', 'normalize'], ['s', 'replaceAll'], ['s', 'at'], ['s', 'toString'],
    ['list', 'join'], ['list', 'fill'], ['list', 'map'], ['list', 'push'], ['list', 'concat'], ['list', 'toString'],
    ['dict', 'toString'], ['dict', 'hasOwnProperty'], ['dict', 'valueOf'], ['dict', 'isPrototypeOf'],
    ['fn', 'call'], ['fn', 'apply'], ['fn', 'bind'], ['fn', 'toString'], ['range', 'call'],
    ['map', 'set'], ['map', 'forEach'], ['date', 'setTime'], ['date', 'toISOString'], ['n', 'toFixed'],
  ];
  it.each(builtinMembers)('%s.%s, a built-in JavaScript method, is not reachable', (object, member) => {
    expect(renderTemplate(`{{ ${object}.${member} is defined }}`, vars)).toBe('False');
  });

  it('calling a built-in method is a TemplateError, not a call', () => {
    expect(() => renderTemplate('{{ "x".repeat(400000000) }}')).toThrow(/cannot call/);
    expect(() => renderTemplate('{{ fn.call(None) }}', vars)).toThrow(/cannot call/);
  });

  it('keeps data, Python methods and library getters readable', () => {
    expect(renderTemplate('{{ s.upper() }} {{ s.length }} {{ list[-1] }} {{ dict.get("a") }} {{ map.k }}', vars)).toBe('TEXT 4 2 1 v');
    expect(renderTemplate('{{ doc.content }} {{ msg.text }} {{ custom.data }} {{ custom.computed }} {{ custom.method() }}', vars)).toBe(
      'doc body hello 1 getter method',
    );
  });
});
