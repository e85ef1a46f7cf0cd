import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Pipeline, defineComponent } from '../../../src/index.js';
import { escapeMermaidLabel } from '../../../src/core/pipeline/draw.js';

const Shaper = defineComponent({
  name: 'Shaper',
  inputs: { meta: z.record(z.string(), z.unknown()), tags: z.array(z.string()).optional() },
  outputs: { shaped: z.record(z.string(), z.unknown()), note: z.literal('a"b') },
  run: ({ meta }) => ({ shaped: meta, note: 'a"b' as const }),
});

describe('Mermaid labels', () => {
  it('escapes angle brackets and quotes of type names, so Mermaid shows Record<string, unknown>', () => {
    const text = new Pipeline().addComponent('shaper', new Shaper()).toMermaid();
    expect(text).toContain('meta<br><small><i>Record#lt;string, unknown#gt;</i></small>');
    expect(text).toContain('shaped<br><small><i>Record#lt;string, unknown#gt;</i></small>');
    expect(text).not.toMatch(/Record<string/);
  });

  it('escapes with Mermaid entity codes', () => {
    expect(escapeMermaidLabel('Map<string, "x" & #y>')).toBe('Map#lt;string, #quot;x#quot; #amp; #35;y#gt;');
  });
});
