/**
 * No catastrophic regular expression is reachable: regex literals are refused at compile time
 * (ast-guard.test.ts), and the filters that used backtracking-prone regexes run in one pass.
 * nunjucks' striptags needs minutes on the adversarial input below; these tests would time out.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../../src/utils/templating/index.js';

const require = createRequire(import.meta.url);
const stockStriptags = (require('nunjucks/src/filters.js') as { striptags(s: string, keep?: boolean): string }).striptags;

describe('catastrophic regular expressions', () => {
  it('strips tags in one pass on input built to backtrack', () => {
    const hostile = '<a'.repeat(200_000);
    expect(renderTemplate('{{ s | striptags | length }}', { s: hostile })).toBe(String(hostile.length));
    const spaces = `${' '.repeat(200_000)}x\n`;
    expect(renderTemplate('{{ s | striptags(true) }}', { s: spaces })).toBe('x');
  });

  it.each([
    '<p>Hello <b>world</b></p>',
    'a <!-- hidden --> b <br/> c',
    '<a href="x">link</a> < not a tag > <_x> <1>',
    '  line one  \n\n\n\n <i>line</i>   two  ',
    'unclosed <tag and <!-- comment',
  ])('strips %j like nunjucks does', (input) => {
    expect(renderTemplate('{{ s | striptags }}', { s: input })).toBe(stockStriptags(input));
    expect(renderTemplate('{{ s | striptags(true) }}', { s: input })).toBe(stockStriptags(input, true));
  });
});
