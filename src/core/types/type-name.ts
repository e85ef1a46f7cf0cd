import type { z } from 'zod';
import { assertSchema, classOf, defOf, explicitTypeName, isIntegerNumber, isOptionalOut, lazyInner, literalValues, unionMembers } from './schema-view.js';

/**
 * A readable, TypeScript-flavoured name of a socket schema, for error messages, `Pipeline.toString()`
 * and Mermaid drawings (Haystack's `_type_name`).
 *
 * `string`, `number`, `int` (an integer number: Python's `int`), `boolean`, `Document[]`,
 * `string | undefined`, `Record<string, unknown>`, `'a' | 'b'`, `{ a: number; b?: string }`,
 * the class name for `z.instanceof(Cls)`, `any`, `unknown`.
 *
 * A schema can carry its own name with zod's metadata: `.meta({ typeName: 'Name' })`. It wins over
 * the structural name, wherever the schema appears (`z.array(named)` prints `Name[]`). `.describe()`
 * is left for prose (it feeds JSON Schema's `description`) and is not used as a name.
 *
 * @example
 * typeName(z.array(z.instanceof(Document)).optional()); // 'Document[] | undefined'
 * typeName(z.object({ q: z.string() }).meta({ typeName: 'Query' })); // 'Query'
 */
export function typeName(schema: z.ZodType): string {
  assertSchema(schema, 'typeName', 'socket type');
  return render(schema, new Set()).text;
}

/** Binding strength of a rendered type, to know when it needs parentheses. */
const enum Prec {
  Function = 0,
  Union = 1,
  Intersection = 2,
  Atom = 3,
}

interface Rendered {
  readonly text: string;
  readonly prec: Prec;
  /** For a union: its members' texts, so a union inside a union is flattened and deduplicated. */
  readonly members?: readonly string[];
}

const atom = (text: string): Rendered => ({ text, prec: Prec.Atom });

function wrap(r: Rendered, min: Prec): string {
  return r.prec < min ? `(${r.text})` : r.text;
}

function union(parts: readonly Rendered[]): Rendered {
  const texts = [...new Set(parts.flatMap((p) => p.members ?? [wrap(p, Prec.Intersection)]))];
  if (texts.length === 0) return atom('never');
  return texts.length === 1 ? atom(texts[0] as string) : { text: texts.join(' | '), prec: Prec.Union, members: texts };
}

function literalText(value: unknown): string {
  if (typeof value === 'string') {
    // Escaped so a name stays on one line and never carries a double quote (Mermaid labels are double-quoted).
    const escaped = value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n').replaceAll('"', '\\x22');
    return `'${escaped}'`;
  }
  if (typeof value === 'bigint') return `${value}n`;
  return String(value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function render(schema: z.ZodType, lazies: Set<z.ZodType>): Rendered {
  const explicit = explicitTypeName(schema);
  if (explicit !== undefined) return atom(explicit);
  const def = defOf(schema);
  const inner = (s: z.ZodType | undefined | null): Rendered => (s ? render(s, lazies) : atom('unknown'));

  switch (def.type) {
    case 'string':
    case 'template_literal':
      return atom('string');
    case 'number':
      return atom(isIntegerNumber(schema) ? 'int' : 'number');
    case 'nan':
      return atom('NaN');
    case 'success':
      return atom('boolean');
    case 'boolean':
    case 'bigint':
    case 'symbol':
    case 'null':
    case 'undefined':
    case 'void':
    case 'never':
    case 'any':
    case 'unknown':
      return atom(def.type);
    case 'transform':
      // The output of a transform is whatever its function returns: not known at run time.
      return atom('unknown');
    case 'literal':
    case 'enum':
      return union((literalValues(schema) ?? []).map((v) => atom(literalText(v))));
    case 'date':
    case 'file':
    case 'custom': {
      const cls = classOf(schema);
      if (cls !== undefined) return atom(cls.name || 'anonymous class');
      return atom(def.type === 'custom' ? 'custom' : def.type);
    }
    case 'array':
      return atom(`${wrap(inner(def.element), Prec.Atom)}[]`);
    case 'readonly': {
      const r = inner(def.innerType);
      const innerDef = defOf(def.innerType as z.ZodType).type;
      return innerDef === 'array' || innerDef === 'tuple' ? { text: `readonly ${r.text}`, prec: Prec.Union } : r;
    }
    case 'tuple': {
      const items = (def.items ?? []).map((i) => inner(i).text);
      if (def.rest) items.push(`...${wrap(inner(def.rest), Prec.Atom)}[]`);
      return atom(`[${items.join(', ')}]`);
    }
    case 'set':
      return atom(`Set<${inner(def.valueType).text}>`);
    case 'map':
      return atom(`Map<${inner(def.keyType).text}, ${inner(def.valueType).text}>`);
    case 'record': {
      const text = `Record<${inner(def.keyType).text}, ${inner(def.valueType).text}>`;
      return atom((def as { partial?: boolean }).partial === true ? `Partial<${text}>` : text);
    }
    case 'object': {
      const fields = Object.entries(def.shape ?? {}).map(([key, value]) => {
        const name = IDENTIFIER.test(key) ? key : literalText(key);
        const optional = isOptionalOut(value);
        const shown = optional && defOf(value).type === 'optional' ? inner(defOf(value).innerType) : inner(value);
        return `${name}${optional ? '?' : ''}: ${shown.text}`;
      });
      const catchall = def.catchall;
      if (catchall !== undefined && defOf(catchall).type !== 'never') {
        fields.push(`[key: string]: ${inner(catchall).text}`);
      }
      return atom(fields.length === 0 ? '{}' : `{ ${fields.join('; ')} }`);
    }
    case 'union':
      return union((def.options ?? []).map((o) => inner(o)));
    case 'optional':
      return union([inner(def.innerType), atom('undefined')]);
    case 'nullable':
      return union([inner(def.innerType), atom('null')]);
    case 'nonoptional':
      return union(
        unionMembers(def.innerType as z.ZodType)
          .filter((m) => defOf(m).type !== 'undefined' && defOf(m).type !== 'void')
          .map((m) => inner(m)),
      );
    case 'default':
    case 'prefault':
    case 'catch':
      return inner(def.innerType);
    case 'pipe':
      return inner(def.out);
    case 'lazy': {
      if (lazies.has(schema)) return atom('...');
      lazies.add(schema);
      try {
        return inner(lazyInner(schema));
      } finally {
        lazies.delete(schema);
      }
    }
    case 'promise':
      return atom(`Promise<${inner(def.innerType).text}>`);
    case 'intersection': {
      const parts = [inner(def.left), inner(def.right)].map((p) => wrap(p, Prec.Intersection));
      return { text: parts.join(' & '), prec: Prec.Intersection };
    }
    case 'function':
      return renderFunction(def, inner);
    default:
      return atom(def.type);
  }
}

function renderFunction(def: ReturnType<typeof defOf>, inner: (s: z.ZodType | undefined) => Rendered): Rendered {
  const input = def.input;
  const output = def.output;
  const inputDef = input === undefined ? undefined : defOf(input);
  const outputText = output === undefined ? 'unknown' : inner(output).text;
  let params: string[];
  if (inputDef?.type === 'tuple') {
    params = (inputDef.items ?? []).map((p) => inner(p).text);
    if (inputDef.rest) params.push(`...${wrap(inner(inputDef.rest), Prec.Atom)}[]`);
  } else if (inputDef?.type === 'array') {
    const element = defOf(inputDef.element as z.ZodType).type;
    // `z.function()` with no declared signature: Haystack's bare `Callable`.
    if ((element === 'unknown' || element === 'any') && outputText === 'unknown') return atom('Function');
    params = [`...${wrap(inner(inputDef.element), Prec.Atom)}[]`];
  } else {
    params = [];
  }
  return { text: `(${params.join(', ')}) => ${outputText}`, prec: Prec.Function };
}
