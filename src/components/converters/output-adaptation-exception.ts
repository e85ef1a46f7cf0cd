import { HaystackError } from '../../errors.js';

/** `OutputAdapter` could not render its template with the given inputs. */
export class OutputAdaptationException extends HaystackError {
  override name = 'OutputAdaptationException';
}
