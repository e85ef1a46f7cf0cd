import { HaystackError, named } from '../../errors.js';

/** No route of a `ConditionalRouter` fired: every condition was false. */
export class NoRouteSelectedException extends HaystackError {
  static {
    named(this, 'NoRouteSelectedException');
  }
}

/** A route's condition or output template failed to render or its condition is not a literal. */
export class RouteConditionException extends HaystackError {
  static {
    named(this, 'RouteConditionException');
  }
}
