/**
 * Loading is safe by construction: every case here is YAML an attacker could hand to `loads`.
 * Each must fail with a DeserializationError before anything is built, naming the component
 * when one is involved, and must leave Object.prototype untouched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loads } from '../../src/serialization/yaml.js';
import { pipelineFromDict } from '../../src/serialization/pipeline-dict.js';
import { DeserializationError, isErrorNamed } from '../../src/index.js';

function rejects(yaml: string, pattern: RegExp, component?: string): void {
  let caught: unknown;
  try {
    loads(yaml);
  } catch (error) {
    caught = error;
  }
  expect(isErrorNamed(caught, DeserializationError), `expected a DeserializationError, got ${String(caught)}`).toBe(true);
  expect((caught as Error).message).toMatch(pattern);
  if (component !== undefined) {
    expect((caught as DeserializationError).component).toBe(component);
    expect((caught as Error).message).toContain(`'${component}'`);
  }
}

const joiner = (params: string) => `components:
  joiner:
    type: haystack.components.joiners.branch.BranchJoiner
    init_parameters:
${params}
`;

afterEach(() => {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
});

describe('hostile YAML: types', () => {
  it('refuses component types that are not registered', () => {
    rejects('components:\n  evil:\n    type: os.system\n    init_parameters: {}\n', /component 'evil' has type 'os.system', which is not registered/, 'evil');
    rejects('components:\n  evil:\n    type: __proto__\n', /refusing the key '__proto__'|not registered/, 'evil');
    rejects('components:\n  evil:\n    type: constructor\n', /'constructor', which is not registered/, 'evil');
    rejects('components:\n  evil:\n    type: toString\n', /not registered/, 'evil');
  });

  it('refuses unregistered nested types inside init parameters', () => {
    rejects(
      'components:\n  builder:\n    type: haystack.components.builders.answer_builder.AnswerBuilder\n    init_parameters:\n      pattern:\n        type: subprocess.Popen\n        init_parameters: {}\n',
      /'pattern' of component 'builder': type 'subprocess.Popen' is not registered/,
      'builder',
    );
  });

  it('refuses unknown socket type names', () => {
    rejects(joiner('      type_: builtins.eval'), /unknown type 'builtins.eval'/, 'joiner');
  });
});

describe('hostile YAML: prototype pollution', () => {
  it('refuses __proto__, constructor and prototype keys anywhere', () => {
    rejects('__proto__:\n  polluted: true\ncomponents: {}\n', /refusing the key '__proto__' at '__proto__'/);
    rejects('metadata:\n  __proto__:\n    polluted: true\n', /'__proto__' at 'metadata.__proto__'/);
    rejects('metadata:\n  a: [{constructor: {prototype: {polluted: true}}}]\n', /'constructor' at 'metadata.a\[0\].constructor'/);
    rejects('components:\n  __proto__:\n    type: x\n', /component name '__proto__'/);
    rejects(joiner('      type_: str\n      __proto__:\n        polluted: true'), /'__proto__' in component 'joiner' at 'components.joiner.init_parameters.__proto__'/, 'joiner');
    rejects(joiner('      type_: str\n      nested: {prototype: {polluted: 1}}'), /'prototype' in component 'joiner'/, 'joiner');
  });

  it('refuses the same keys in a dict given directly (JSON.parse makes __proto__ an own key)', () => {
    const data = JSON.parse('{"components": {"j": {"type": "x", "init_parameters": {"__proto__": {"polluted": true}}}}}') as unknown;
    expect(() => pipelineFromDict(data)).toThrow(/refusing the key '__proto__' in component 'j'/);
  });
});

describe('hostile YAML: secrets', () => {
  it('refuses token secrets', () => {
    rejects(joiner('      type_: str\n      api_key:\n        type: token\n        token: sk-123'), /token secret in component 'joiner'/, 'joiner');
    rejects(joiner('      type_: str\n      auth: {type: token, token: abc, strict: true}'), /token secret/, 'joiner');
  });

  it('refuses secrets given as plain strings', () => {
    rejects(joiner('      type_: str\n      api_key: sk-live-123'), /plain-text secret in component 'joiner' at 'components.joiner.init_parameters.api_key'/, 'joiner');
    rejects(joiner('      type_: str\n      hf_token: hf_abc'), /plain-text secret/, 'joiner');
    rejects(joiner('      type_: str\n      options: {password: hunter2}'), /plain-text secret/, 'joiner');
    rejects(joiner('      type_: str\n      azure_ad_token: eyJ'), /plain-text secret/, 'joiner');
  });

  it('leaves ordinary *_token settings alone', () => {
    const text = 'components: {}\nmetadata:\n  tokenizer_kwargs: {pad_token: "[PAD]", eos_token: "</s>"}\n  max_tokens: 10\n';
    expect(loads(text).metadata).toEqual({ tokenizer_kwargs: { pad_token: '[PAD]', eos_token: '</s>' }, max_tokens: 10 });
  });

  it('never puts the secret value into the message', () => {
    try {
      loads(joiner('      type_: str\n      api_key: sk-live-123'));
    } catch (error) {
      expect((error as Error).message).not.toContain('sk-live-123');
    }
  });
});

describe('hostile YAML: parser attacks', () => {
  it('refuses tags other than plain data', () => {
    rejects('metadata: !!python/object/apply:os.system ["id"]\n', /error while unmarshalling/);
    rejects('metadata: !!binary aGVsbG8=\n', /the tag 'tag:yaml.org,2002:binary' is not allowed/);
    rejects('metadata: !custom {a: 1}\n', /error while unmarshalling.*!custom/);
    rejects('metadata: !!set {a: null}\n', /is not allowed/);
    rejects('metadata: !!timestamp 2001-12-14\n', /is not allowed/);
  });

  it('refuses alias bombs (billion laughs)', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'metadata: {e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]}',
    ].join('\n');
    rejects(bomb, /resource exhaustion/);
  });

  it('refuses merge keys, duplicate keys, several documents, non-mapping roots and malformed text', () => {
    rejects('base: &b {type: x}\ncomponents:\n  c:\n    <<: *b\n', /missing 'type' in component 'c'/);
    rejects('metadata: {}\nmetadata: {}\n', /Map keys must be unique/);
    rejects('components: {}\n---\ncomponents: {}\n', /multiple documents/);
    rejects('- a\n- b\n', /must be a mapping/);
    rejects('components: [unclosed\n', /error while unmarshalling/);
  });

  it('refuses pathologically deep nesting', () => {
    rejects(`metadata: ${'['.repeat(100)}${']'.repeat(100)}\n`, /nested deeper than 64 levels|unmarshalling/);
  });
});
