/**
 * Hostile templates shared by the security tests. Each one, rendered by stock nunjucks, sets
 * `globalThis[SENTINEL]` (proven in injection-probes-are-live.test.ts), so "the sentinel is still
 * unset" means "nothing the template wrote was executed".
 */
export const SENTINEL = '__haystackTsTemplateSentinel';

// The lexer ends a symbol only at whitespace or `()[]{}%*-+~/#,:|.<>=!`: the payload uses neither.
const body = `globalThis\\x2e${SENTINEL}\\x3d1`;

/** Template-injection probes, by the compiler path they target. */
export const PROBES: Readonly<Record<string, string>> = {
  // `runtime.contextOrFrameLookup(context, frame, "<symbol>")`
  symbol: `{{ a"&&Function\`${body}\`\`\`&&" }}`,
  // `frame.set("<target>", t_1, true)`
  setTarget: `{% set "x\\");globalThis.${SENTINEL}=1;//" = 1 %}`,
  // the callee name of `runtime.callWrap(fn, "<name>", ...)`, whose escaping misses backslashes
  callName: String.raw`{{ a["X\\\"+(globalThis.` + SENTINEL + String.raw`=1))),1);//"]() }}`,
  // `env.getFilter("<name>")`
  filterName: `{{ 1 | a"&&Function\`${body}\`\`\`&&" }}`,
  // `frame.set("<loop variable>", ...)`
  loopTarget: `{% for a"&&Function\`${body}\`\`\`&&" in [1] %}{% endfor %}`,
};

export function sentinelSet(): boolean {
  return (globalThis as Record<string, unknown>)[SENTINEL] !== undefined;
}

export function clearSentinel(): void {
  delete (globalThis as Record<string, unknown>)[SENTINEL];
}
