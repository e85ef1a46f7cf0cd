import type { z } from 'zod';
import type { TemplateFilter } from '../../utils/templating/index.js';
import type { TypeNameTable } from '../../core/serialization/type-names.js';

/** Options of {@link OutputAdapter}. */
export interface OutputAdapterOptions<T extends z.ZodType | string = z.ZodType | string> {
  /**
   * The template that builds the output from the inputs; its variables are the component's inputs.
   * @example '{{ documents[0].content }}'
   */
  readonly template: string;
  /**
   * The type of the `output` socket: a zod schema, or a Haystack type name (`'str'`,
   * `'list[str]'`; see `typeNameToSchema`).
   */
  readonly outputType: T;
  /**
   * Extra template filters. To save an adapter that has some, register each function with
   * `registry.registerCallable(name, fn)` and pass the registry to `dumps`.
   * @default {}
   */
  readonly customFilters?: Readonly<Record<string, TemplateFilter>> | undefined;
  /**
   * Native values instead of text: a template that is a single `{{ expression }}` yields the value
   * itself (Jinja's NativeEnvironment). Templates stay sandboxed either way.
   * @default false
   */
  readonly unsafe?: boolean | undefined;
  /**
   * Your own type names for string output types (`'my.Money'` → a schema), beside Haystack's
   * built-in ones; `fromDict` passes the registry's table (`registry.registerType`).
   * @default none: the built-in names only
   * @example new Map([['my.Money', z.object({ cents: z.int() })]])
   */
  readonly types?: TypeNameTable | undefined;
}
