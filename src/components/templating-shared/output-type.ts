import type { z } from 'zod';
import { ComponentError } from '../../errors.js';
import { describeValue } from '../../describe.js';
import { typeNameToSchema, type TypeNameTable } from '../../core/serialization/type-names.js';

/**
 * The schema an `outputType` option names: a zod schema as given, or a Haystack type name
 * (`'list[str]'`) resolved through `types`.
 *
 * @param where the message prefix (`'OutputAdapter'`, `'ConditionalRouter: route 0'`)
 * @param field how the message names the option
 * @throws ComponentError for an unknown type name or a value that is neither
 */
export function outputTypeToSchema(type: unknown, types: TypeNameTable | undefined, where: string, field: string): z.ZodType {
  if (typeof type === 'string') {
    try {
      return typeNameToSchema(type, types);
    } catch (error) {
      throw new ComponentError(`${where}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (typeof type !== 'object' || type === null || typeof (type as { _zod?: unknown })._zod !== 'object') {
    throw new ComponentError(`${where}: expected ${field} to be a zod schema or a type name, got ${describeValue(type)}.`);
  }
  return type as z.ZodType;
}
