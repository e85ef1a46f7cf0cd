// @vitest-environment jsdom
/**
 * `draw()` renders offline with `@mermaid-js/mermaid-cli` and a local Chromium. The render tests
 * need a Chromium binary: `.ci/run` installs Debian's, and they are skipped (saying why) only on a
 * machine that has none. jsdom gives this file a DOMParser, to read the SVG back as XML.
 */
import { chmod, mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Pipeline, PipelineDrawingError, PipelineValidationError, defineComponent, isErrorNamed } from '../../../src/index.js';
import { BROWSER_NAMES, findBrowser, loadRendererPackage, resolveDrawOptions } from '../../../src/core/pipeline/draw-image.js';

const Retriever = defineComponent({
  name: 'Retriever',
  inputs: { query: z.string(), filters: z.record(z.string(), z.unknown()).optional() },
  outputs: { documents: z.array(z.string()) },
  run: () => ({ documents: [] }),
});
const Joiner = defineComponent({
  name: 'Joiner',
  inputs: { documents: z.array(z.string()) },
  outputs: { documents: z.array(z.string()) },
  run: ({ documents }) => ({ documents }),
});

function pipeline(): Pipeline {
  const p = new Pipeline();
  p.addComponent('bm25_retriever', new Retriever());
  p.addComponent('doc_joiner', new Joiner());
  p.connect('bm25_retriever.documents', 'doc_joiner.documents');
  return p;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'haystack-ts-draw-image-'));
});

async function drawingError(promise: Promise<unknown>): Promise<PipelineDrawingError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isErrorNamed(error, PipelineDrawingError)).toBe(true);
  return error as PipelineDrawingError;
}

describe('draw() options', () => {
  it('takes the format from the extension, or from format, and fills the defaults', () => {
    expect(resolveDrawOptions({ path: 'a/p.SVG' }, 'w')).toEqual({ path: 'a/p.SVG', format: 'svg', theme: 'neutral', browserPath: undefined, backgroundColor: 'white', scale: 1 });
    expect(resolveDrawOptions({ path: 'p.out', format: 'pdf', theme: 'dark', scale: 2, backgroundColor: 'transparent' }, 'w')).toMatchObject({ format: 'pdf', theme: 'dark', scale: 2, backgroundColor: 'transparent' });
  });

  it.each([
    [undefined, /expected an options object with a path, got undefined/],
    [{}, /expected path to be a non-empty string, got undefined/],
    [{ path: '' }, /expected path to be a non-empty string, got ''/],
    [{ path: 'p.jpg' }, /expected a path ending in .svg, .png or .pdf, or a format option, got 'p.jpg'/],
    [{ path: 'p.png', format: 'gif' }, /expected format to be one of svg, png, pdf, got 'gif'/],
    [{ path: 'p.png', theme: 'pink' }, /expected theme to be one of default, neutral, dark, forest, got 'pink'/],
    [{ path: 'p.png', scale: 0 }, /expected scale to be a number in \(0, 10\], got 0/],
    [{ path: 'p.png', scale: Number.NaN }, /expected scale to be a number in \(0, 10\], got NaN/],
    [{ path: 'p.png', browserPath: 3 }, /expected browserPath to be a non-empty string, got 3/],
    [{ path: 'p.png', backgroundColor: '' }, /expected backgroundColor to be a CSS color string, got ''/],
    [{ path: 'p.png', server_url: 'https://mermaid.ink' }, /expected options among path, format, theme, browserPath, backgroundColor, scale, got 'server_url'/],
  ])('rejects %j before loading anything', async (options, message) => {
    const error = await pipeline()
      .draw(options as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineValidationError);
    expect((error as Error).message).toMatch(/^Pipeline\.draw: /);
    expect((error as Error).message).toMatch(message);
  });
});

describe('draw() without its renderer or browser', () => {
  it("names the npm install to run when a renderer package is missing", async () => {
    const missing = 'haystack-ts-no-such-renderer';
    const error = await drawingError(loadRendererPackage(missing, 'Pipeline.draw', () => import(missing)));
    expect(error.reason).toBe('renderer-missing');
    expect(error.message).toMatch(/^Pipeline\.draw: rendering an image needs the optional package 'haystack-ts-no-such-renderer', which is not installed/);
    expect(error.message).toContain('npm install --save-dev @mermaid-js/mermaid-cli puppeteer');
    expect((error.cause as { code?: string }).code).toBe('ERR_MODULE_NOT_FOUND');
  });

  it('lets other import failures through unchanged', async () => {
    const boom = new TypeError('boom');
    await expect(loadRendererPackage('puppeteer', 'Pipeline.draw', () => Promise.reject(boom))).rejects.toBe(boom);
  });

  it('reports a browserPath that is not an executable as browser-missing, saying how to get one', async () => {
    const error = await drawingError(pipeline().draw({ path: join(dir, 'x.svg'), browserPath: join(dir, 'no-chromium') }));
    expect(error.reason).toBe('browser-missing');
    expect(error.message).toContain(`the browserPath option names '${join(dir, 'no-chromium')}', which is not an executable file`);
    expect(error.message).toContain('apt-get install chromium');
    expect(error.message).toContain('PUPPETEER_EXECUTABLE_PATH');
  });

  it('reports PUPPETEER_EXECUTABLE_PATH naming nothing, and never falls back past it', async () => {
    const fake = await executable('chromium');
    const env = { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome', PATH: fake.dir };
    const error = await drawingError(findBrowser({ browserPath: undefined, env, puppeteerDefault: () => undefined }, 'Pipeline.draw'));
    expect(error.reason).toBe('browser-missing');
    expect(error.message).toContain("PUPPETEER_EXECUTABLE_PATH names '/nonexistent/chrome'");
  });

  it('reports no browser at all when none is on the PATH and puppeteer downloaded none', async () => {
    const empty = await mkdtemp(join(dir, 'empty-'));
    // A directory named like a browser is not one.
    await mkdir(join(empty, 'chromium'));
    const error = await drawingError(findBrowser({ browserPath: undefined, env: { PATH: empty }, puppeteerDefault: () => join(empty, 'chrome') }, 'Pipeline.draw'));
    expect(error.reason).toBe('browser-missing');
    expect(error.message).toMatch(/no Chrome or Chromium was found .*apt-get install chromium.*browserPath.*PUPPETEER_EXECUTABLE_PATH/);
  });

  it('looks for the option, then the environment, then the PATH in order, then puppeteer’s download', async () => {
    const first = await executable('google-chrome');
    const second = await executable('chromium');
    const download = await executable('chrome');
    const find = (browserPath: string | undefined, env: Record<string, string>) => findBrowser({ browserPath, env, puppeteerDefault: () => download.path }, 'w');
    const PATH = [first.dir, second.dir].join(':');
    expect(await find(download.path, { PUPPETEER_EXECUTABLE_PATH: second.path, PATH })).toBe(download.path);
    expect(await find(undefined, { PUPPETEER_EXECUTABLE_PATH: first.path, PATH })).toBe(first.path);
    expect(await find(undefined, { PATH })).toBe(first.path);
    // Within one directory, chromium comes before google-chrome.
    expect(BROWSER_NAMES.indexOf('chromium')).toBeLessThan(BROWSER_NAMES.indexOf('google-chrome'));
    expect(await find(undefined, { PATH: second.dir })).toBe(second.path);
    expect(await find(undefined, {})).toBe(download.path);
  });
});

/** A real executable file named `name` in a directory of its own (it is never run). */
async function executable(name: string): Promise<{ dir: string; path: string }> {
  const own = await mkdtemp(join(dir, 'bin-'));
  const path = join(own, name);
  await writeFile(path, '#!/bin/sh\nexit 1\n');
  await chmod(path, 0o755);
  return { dir: own, path };
}

// The same lookup as draw(): the environment, the PATH, then puppeteer's own download.
const { default: puppeteer } = await import('puppeteer');
const downloaded = (): string | undefined => {
  try {
    return puppeteer.executablePath();
  } catch {
    return undefined;
  }
};
const chromium = await findBrowser({ browserPath: undefined, env: process.env, puppeteerDefault: downloaded }, 'test').catch(() => undefined);
const NO_CHROMIUM = 'no Chrome or Chromium on this machine (PUPPETEER_EXECUTABLE_PATH, chromium or google-chrome on the PATH, puppeteer download); .ci/run installs one';
if (chromium === undefined) console.warn(`draw-image.test: the render tests are skipped: ${NO_CHROMIUM}`);

interface XmlElement {
  readonly tagName: string;
  readonly textContent: string | null;
  getElementsByTagName(name: string): { readonly length: number };
}
const parseXml = (text: string): XmlElement => {
  const Parser = (globalThis as unknown as { DOMParser: new () => { parseFromString(s: string, type: string): { documentElement: XmlElement } } }).DOMParser;
  return new Parser().parseFromString(text, 'image/svg+xml').documentElement;
};

describe.skipIf(chromium === undefined)(`draw() with a real Chromium${chromium === undefined ? ` (skipped: ${NO_CHROMIUM})` : ''}`, () => {
  it('writes an SVG that parses as XML and names the components and sockets', { timeout: 120_000 }, async () => {
    const path = join(dir, 'pipeline.svg');
    await pipeline().draw({ path, theme: 'dark' });
    const svg = await readFile(path, 'utf8');
    const root = parseXml(svg);
    expect(root.getElementsByTagName('parsererror').length).toBe(0);
    expect(root.tagName).toBe('svg');
    for (const text of ['bm25_retriever', 'doc_joiner', 'Retriever', 'Joiner', 'documents -> documents', 'string[]', 'Record<string, unknown>']) {
      expect(root.textContent).toContain(text);
    }
  });

  it('writes a PNG with the PNG signature and a sane size, twice as large at scale 2', { timeout: 120_000 }, async () => {
    const size = async (scale: number) => {
      const path = join(dir, `pipeline-${scale}.png`);
      await pipeline().draw({ path, scale });
      const png = await readFile(path);
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
      return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bytes: (await stat(path)).size };
    };
    const one = await size(1);
    expect(one.width).toBeGreaterThan(100);
    expect(one.height).toBeGreaterThan(100);
    expect(one.width).toBeLessThan(4000);
    expect(one.height).toBeLessThan(4000);
    expect(one.bytes).toBeGreaterThan(1000);
    const two = await size(2);
    expect(Math.abs(two.width - 2 * one.width)).toBeLessThanOrEqual(2);
  });

  it('writes a PDF', { timeout: 120_000 }, async () => {
    const path = join(dir, 'pipeline.out');
    await pipeline().draw({ path, format: 'pdf' });
    expect((await readFile(path)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('reports a path it cannot write as write-failed, after rendering', { timeout: 120_000 }, async () => {
    const error = await drawingError(pipeline().draw({ path: join(dir, 'no-such-dir', 'p.svg') }));
    expect(error.reason).toBe('write-failed');
    expect(error.message).toMatch(/^Pipeline\.draw: could not write the svg to /);
  });

  it('reports a binary that is not a browser as render-failed', { timeout: 120_000 }, async () => {
    const fake = await executable('chromium');
    const error = await drawingError(pipeline().draw({ path: join(dir, 'p.png'), browserPath: fake.path }));
    expect(error.reason).toBe('render-failed');
    expect(error.message).toContain(`could not start the browser '${fake.path}'`);
  });
});
