/**
 * Compile-time reading of a literal template's variables, so that a builder constructed with a
 * literal template has typed sockets.
 *
 * Only a small, safe subset is read: `{{ name }}`, `{{ name.attr }}`, `{{ name | filter }}`,
 * `{% for x in name %}`/`{% endfor %}` (with `x` and `loop` local inside), `{% if name %}`,
 * `{% elif %}`/`{% else %}`/`{% endif %}`, `{% message role="..." %}`/`{% endmessage %}` and
 * comments. Anything else (filter arguments, operators, `set`, macros, a template longer than
 * `MAX_TAGS` tags) makes the result `string`: the builder's sockets are then unknown to the type
 * system and its entry in run data is a loose record. Guessing wrong in either direction would
 * reject valid run data or accept sockets that do not exist, so the parser gives up instead.
 */

/** The tag count beyond which parsing gives up, well under TypeScript's recursion limit. */
type MAX_TAGS = 150;

type Lower = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j' | 'k' | 'l' | 'm' | 'n' | 'o' | 'p' | 'q' | 'r' | 's' | 't' | 'u' | 'v' | 'w' | 'x' | 'y' | 'z';
type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type IdentStart = Lower | Uppercase<Lower> | '_';
type IdentChar = IdentStart | Digit;
type Keyword = 'true' | 'false' | 'none' | 'True' | 'False' | 'None' | 'not' | 'and' | 'or' | 'in' | 'is' | 'if' | 'else';

/** Marks "cannot read this template". */
declare const GIVE_UP: unique symbol;
type GiveUp = typeof GIVE_UP;

type TrimStart<S extends string> = S extends ` ${infer R}` | `\n${infer R}` | `\t${infer R}` | `\r${infer R}` ? TrimStart<R> : S;
type TrimEnd<S extends string> = S extends `${infer R} ` ? TrimEnd<R> : S extends `${infer R}\n` ? TrimEnd<R> : S extends `${infer R}\t` ? TrimEnd<R> : S extends `${infer R}\r` ? TrimEnd<R> : S;
/** Trims whitespace and Jinja's `-`/`+` whitespace-control markers. */
type Inner<S extends string> = TrimEnd<StripEndMarker<TrimStart<StripStartMarker<S>>>>;
type StripStartMarker<S extends string> = S extends `-${infer R}` | `+${infer R}` ? R : S;
type StripEndMarker<S extends string> = TrimEnd<S> extends `${infer R}-` | `${infer R}+` ? R : S;

type AllIdentChars<S extends string> = S extends `${IdentChar}${infer R}` ? AllIdentChars<R> : S extends '' ? true : false;
type IsIdent<S extends string> = S extends `${IdentStart}${infer R}` ? (S extends Keyword ? false : AllIdentChars<R>) : false;
/** `a.b.c`: the head `a` when every part is an identifier, else GiveUp. */
type PathHead<S extends string> = S extends `${infer H}.${infer R}` ? (IsIdent<H> extends true ? (PathOk<R> extends true ? H : GiveUp) : GiveUp) : IsIdent<S> extends true ? S : GiveUp;
type PathOk<S extends string> = S extends `${infer H}.${infer R}` ? (AllIdentChars<H> extends true ? (H extends '' ? false : PathOk<R>) : false) : AllIdentChars<S> extends true ? (S extends '' ? false : true) : false;
/** `| upper | trim`: every filter a bare identifier (arguments could name variables). */
type FiltersOk<S extends string> = S extends `${infer H}|${infer R}` ? (IsFilter<H> extends true ? FiltersOk<R> : false) : IsFilter<S>;
type IsFilter<S extends string> = AllIdentChars<TrimEnd<TrimStart<S>>> extends true ? (TrimEnd<TrimStart<S>> extends '' ? false : true) : false;
/** The variable an output expression reads, or GiveUp. */
type ExpressionHead<S extends string> = S extends `${infer P}|${infer F}`
  ? FiltersOk<F> extends true
    ? PathHead<TrimEnd<TrimStart<P>>>
    : GiveUp
  : PathHead<TrimEnd<TrimStart<S>>>;

type Scope = readonly string[];
type Push<L extends Scope, X extends string> = readonly [...L, X | 'loop'];
type Pop<L extends Scope> = L extends readonly [...infer R extends Scope, string] ? R : GiveUp;
type Add<Acc extends string, H, L extends Scope> = H extends L[number] ? Acc : Acc | (H & string);

type StatementResult<S extends string, Acc extends string, L extends Scope> = S extends `for ${infer X} in ${infer Y}`
  ? IsIdent<TrimEnd<X>> extends true
    ? ExpressionHead<Y> extends infer H extends string
      ? [Add<Acc, H, L>, Push<L, TrimEnd<X>>]
      : GiveUp
    : GiveUp
  : S extends 'endfor'
    ? Pop<L> extends infer P extends Scope
      ? [Acc, P]
      : GiveUp
    : S extends `if ${infer E}` | `elif ${infer E}`
      ? ExpressionHead<TrimStart<E> extends `not ${infer N}` ? N : E> extends infer H extends string
        ? [Add<Acc, H, L>, L]
        : GiveUp
      : S extends 'else' | 'endif' | 'endmessage'
        ? [Acc, L]
        : S extends `message role=${'"' | "'"}${'user' | 'system' | 'assistant'}${'"' | "'"}`
          ? [Acc, L]
          : GiveUp;

type Scan<S extends string, Acc extends string, L extends Scope, N extends unknown[]> = N['length'] extends MAX_TAGS
  ? GiveUp
  : S extends `${string}{${infer After}`
    ? After extends `{${infer Expr}}}${infer Rest}`
      ? ExpressionHead<Inner<Expr>> extends infer H extends string
        ? Scan<Rest, Add<Acc, H, L>, L, [...N, 0]>
        : GiveUp
      : After extends `%${infer Statement}%}${infer Rest}`
        ? StatementResult<Inner<Statement>, Acc, L> extends [infer A extends string, infer L2 extends Scope]
          ? Scan<Rest, A, L2, [...N, 0]>
          : GiveUp
        : After extends `#${string}#}${infer Rest}`
          ? Scan<Rest, Acc, L, [...N, 0]>
          : After extends `${'{' | '%' | '#'}${string}`
            ? GiveUp
            : Scan<After, Acc, L, N>
    : L extends readonly []
      ? Acc
      : GiveUp;

/**
 * The variables of a literal Jinja template, as a union of names (`never` for none), or `string`
 * when the template is not a literal or uses more than the subset this type reads.
 *
 * @example
 * type V = TemplateVariables<'{% for d in documents %}{{ d.content }}{% endfor %} {{ question }}'>; // 'documents' | 'question'
 */
export type TemplateVariables<T> = T extends string
  ? string extends T
    ? string
    : Scan<T, never, readonly [], []> extends infer R
      ? [R] extends [never]
        ? never
        : [R] extends [GiveUp]
          ? string
          : R & string
      : string
  : string;

/**
 * The socket names of a builder constructed with options `O`: the `variables` option when it is a
 * non-empty literal list (it replaces the template's, as at run time), else the variables of a literal string template, else `string` (unknown).
 */
export type BuilderVariables<O> = O extends { readonly variables: readonly (infer X extends string)[] }
  ? string extends X
    ? string
    : [X] extends [never]
      ? TemplateOf<O>
      : X
  : TemplateOf<O>;
export type TemplateOf<O> = O extends { readonly template: infer T }
    ? TemplateVariables<T>
    : string;
