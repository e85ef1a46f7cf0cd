import { HaystackError, named } from '../../errors.js';

/** `OutputAdapter` could not render its template with the given inputs. */
export class OutputAdaptationException extends HaystackError {
  static {
    named(this, 'OutputAdaptationException');
  }
}
