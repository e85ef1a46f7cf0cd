import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { delimiter, extname, join } from 'node:path';
import { PipelineDrawingError, PipelineValidationError } from '../../errors.js';
import type { MermaidTheme } from './draw.js';
import { describeValue as describe } from '../../describe.js';
import { importOptional } from '../optional-package.js';

/**
 * Offline image export of a pipeline drawing (the counterpart of Haystack's `draw()`, which sends
 * the text to mermaid.ink): `@mermaid-js/mermaid-cli` renders it in a local headless Chromium,
 * driven by puppeteer. Both are optional peer dependencies, imported on the first call.
 */

/** An image format `draw()` writes. */
export type DrawFormat = 'svg' | 'png' | 'pdf';

/** Options of `draw()`. */
export interface DrawOptions {
  /**
   * Where to write the image. Its extension (`.svg`, `.png`, `.pdf`) gives the format unless
   * `format` is set.
   * @example await pipeline.draw({ path: 'pipeline.svg' })
   */
  readonly path: string;
  /**
   * The image format.
   * @default the extension of `path`
   * @example await pipeline.draw({ path: 'out/pipeline', format: 'png' })
   */
  readonly format?: DrawFormat;
  /**
   * Mermaid theme, as in Haystack's `params.theme`.
   * @default 'neutral'
   */
  readonly theme?: MermaidTheme;
  /**
   * The Chromium or Chrome binary to render with.
   * @default the `PUPPETEER_EXECUTABLE_PATH` environment variable, else the first of `chromium`,
   * `chromium-browser`, `google-chrome-stable`, `google-chrome` on the `PATH`, else the browser
   * puppeteer downloaded when it was installed
   * @example await pipeline.draw({ path: 'p.png', browserPath: '/usr/bin/chromium' })
   */
  readonly browserPath?: string;
  /**
   * The background: a CSS color, or `'transparent'`.
   * @default 'white'
   */
  readonly backgroundColor?: string;
  /**
   * Device pixels per CSS pixel of a PNG (puppeteer's `deviceScaleFactor`), in (0, 10].
   * @default 1
   * @example await pipeline.draw({ path: 'p.png', scale: 2 }) // for a high-density screen
   */
  readonly scale?: number;
}

/** `DrawOptions` checked, with defaults filled in. */
export interface ResolvedDrawOptions {
  readonly path: string;
  readonly format: DrawFormat;
  readonly theme: MermaidTheme;
  readonly browserPath: string | undefined;
  readonly backgroundColor: string;
  readonly scale: number;
}

const FORMATS: readonly DrawFormat[] = ['svg', 'png', 'pdf'];
const THEMES: readonly MermaidTheme[] = ['default', 'neutral', 'dark', 'forest'];
const KEYS = ['path', 'format', 'theme', 'browserPath', 'backgroundColor', 'scale'];
const MAX_SCALE = 10;

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Checks `draw()`'s options once, before anything is loaded or launched. */
export function resolveDrawOptions(options: unknown, where: string): ResolvedDrawOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new PipelineValidationError(`${where}: expected an options object with a path, got ${describe(options)}.`);
  }
  const o = options as Record<string, unknown>;
  const unknownKey = Object.keys(o).find((key) => !KEYS.includes(key));
  if (unknownKey !== undefined) throw new PipelineValidationError(`${where}: expected options among ${KEYS.join(', ')}, got '${unknownKey}'.`);
  if (!nonEmpty(o['path'])) throw new PipelineValidationError(`${where}: expected path to be a non-empty string, got ${describe(o['path'])}.`);
  const path = o['path'];
  let format: DrawFormat;
  if (o['format'] === undefined) {
    const extension = extname(path).slice(1).toLowerCase();
    if (!(FORMATS as readonly string[]).includes(extension)) {
      throw new PipelineValidationError(`${where}: expected a path ending in .svg, .png or .pdf, or a format option, got '${path}'.`);
    }
    format = extension as DrawFormat;
  } else if ((FORMATS as readonly unknown[]).includes(o['format'])) {
    format = o['format'] as DrawFormat;
  } else {
    throw new PipelineValidationError(`${where}: expected format to be one of ${FORMATS.join(', ')}, got ${describe(o['format'])}.`);
  }
  const theme = o['theme'] ?? 'neutral';
  if (!(THEMES as readonly unknown[]).includes(theme)) {
    throw new PipelineValidationError(`${where}: expected theme to be one of ${THEMES.join(', ')}, got ${describe(theme)}.`);
  }
  const browserPath = o['browserPath'];
  if (browserPath !== undefined && !nonEmpty(browserPath)) {
    throw new PipelineValidationError(`${where}: expected browserPath to be a non-empty string, got ${describe(browserPath)}.`);
  }
  const backgroundColor = o['backgroundColor'] ?? 'white';
  if (!nonEmpty(backgroundColor)) {
    throw new PipelineValidationError(`${where}: expected backgroundColor to be a CSS color string, got ${describe(backgroundColor)}.`);
  }
  const scale = o['scale'] ?? 1;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) {
    throw new PipelineValidationError(`${where}: expected scale to be a number in (0, ${MAX_SCALE}], got ${describe(scale)}.`);
  }
  return { path, format, theme: theme as MermaidTheme, browserPath, backgroundColor, scale };
}

/** The part of `@mermaid-js/mermaid-cli` used here. */
interface MermaidCli {
  renderMermaid(
    browser: unknown,
    definition: string,
    format: DrawFormat,
    options: { backgroundColor: string; viewport: { width: number; height: number; deviceScaleFactor: number } },
  ): Promise<{ data: Uint8Array }>;
}

/** The part of puppeteer used here. */
interface Puppeteer {
  launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<{ close(): Promise<void> }>;
  executablePath(): string;
}

const INSTALL = 'npm install --save-dev @mermaid-js/mermaid-cli puppeteer';


/** Imports one of the renderer's packages; a missing one is a `renderer-missing` drawing error. */
export function loadRendererPackage<T>(name: string, where: string, importer: () => Promise<unknown>): Promise<T> {
  return importOptional<T>(
    {
      name,
      where,
      notInstalled:
        `${where}: rendering an image needs the optional package '${name}', which is not installed. Install it with: ${INSTALL} ` +
        '(set PUPPETEER_SKIP_DOWNLOAD=1 first to use a Chromium you have instead of the one puppeteer downloads).',
      reinstall: INSTALL,
    },
    importer,
    (message, cause) => new PipelineDrawingError(message, { reason: 'renderer-missing', cause }),
  );
}

/** Browsers looked for on the `PATH`, in this order, when neither an option nor the environment names one. */
export const BROWSER_NAMES: readonly string[] = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

const HOW_TO_GET_ONE =
  'Install Chromium (Debian/Ubuntu: apt-get install chromium) or let puppeteer fetch one (npx puppeteer browsers install chrome-headless-shell), ' +
  'or name a Chrome/Chromium binary with the browserPath option or the PUPPETEER_EXECUTABLE_PATH environment variable.';

/** A file this process may execute (a directory passes `X_OK` too, and is no browser). */
async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Where the browser comes from, so a missing one is reported against what named it. */
export interface BrowserSources {
  readonly browserPath: string | undefined;
  /** The environment: `PUPPETEER_EXECUTABLE_PATH` and `PATH` are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The browser puppeteer installs by default (its `executablePath()`); it may not exist. */
  readonly puppeteerDefault: () => string | undefined;
}

/** Finds the browser binary, or throws a `browser-missing` drawing error saying how to get one. */
export async function findBrowser(sources: BrowserSources, where: string): Promise<string> {
  const named: [string, string | undefined][] = [
    ['the browserPath option', sources.browserPath],
    ['PUPPETEER_EXECUTABLE_PATH', nonEmpty(sources.env['PUPPETEER_EXECUTABLE_PATH']) ? sources.env['PUPPETEER_EXECUTABLE_PATH'] : undefined],
  ];
  for (const [source, path] of named) {
    if (path === undefined) continue;
    if (await isExecutable(path)) return path;
    throw new PipelineDrawingError(`${where}: ${source} names '${path}', which is not an executable file. ${HOW_TO_GET_ONE}`, { reason: 'browser-missing' });
  }
  for (const dir of (sources.env['PATH'] ?? '').split(delimiter).filter((d) => d !== '')) {
    for (const name of BROWSER_NAMES) {
      const candidate = join(dir, name);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  const downloaded = sources.puppeteerDefault();
  if (downloaded !== undefined && (await isExecutable(downloaded))) return downloaded;
  throw new PipelineDrawingError(`${where}: no Chrome or Chromium was found (looked for ${BROWSER_NAMES.join(', ')} on the PATH and for puppeteer's download). ${HOW_TO_GET_ONE}`, {
    reason: 'browser-missing',
  });
}

function puppeteerDefault(puppeteer: Puppeteer): () => string | undefined {
  return () => {
    try {
      return puppeteer.executablePath();
    } catch {
      // Puppeteer throws when it has no configured browser: the same as none downloaded.
      return undefined;
    }
  };
}

/** Chromium refuses to run as root with its sandbox on: containers and CI machines run as root. */
function launchArgs(): string[] {
  const args = ['--disable-gpu'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/**
 * Renders the Mermaid text of `toText(theme)` to an image file. Options are checked before any
 * package is imported or browser started.
 */
export async function drawImage(toText: (theme: MermaidTheme) => string, options: DrawOptions, where = 'Pipeline.draw'): Promise<void> {
  const resolved = resolveDrawOptions(options, where);
  const text = toText(resolved.theme);
  const cli = await loadRendererPackage<MermaidCli>('@mermaid-js/mermaid-cli', where, () => import('@mermaid-js/mermaid-cli'));
  const puppeteerModule = await loadRendererPackage<{ default: Puppeteer }>('puppeteer', where, () => import('puppeteer'));
  const puppeteer = puppeteerModule.default;
  const executablePath = await findBrowser({ browserPath: resolved.browserPath, env: process.env, puppeteerDefault: puppeteerDefault(puppeteer) }, where);
  let data: Uint8Array;
  let browser: { close(): Promise<void> } | undefined;
  try {
    browser = await puppeteer.launch({ executablePath, headless: true, args: launchArgs() });
    ({ data } = await cli.renderMermaid(browser, text, resolved.format, {
      backgroundColor: resolved.backgroundColor,
      viewport: { width: 800, height: 600, deviceScaleFactor: resolved.scale },
    }));
  } catch (error) {
    const stage = browser === undefined ? `could not start the browser '${executablePath}'` : `Mermaid could not render the ${resolved.format}`;
    throw new PipelineDrawingError(`${where}: ${stage}: ${(error as Error).message}`, { reason: 'render-failed', cause: error });
  } finally {
    // A browser that will not close must not hide the render's own result or error.
    await browser?.close().catch(() => undefined);
  }
  try {
    await writeFile(resolved.path, data);
  } catch (error) {
    throw new PipelineDrawingError(`${where}: could not write the ${resolved.format} to '${resolved.path}': ${(error as Error).message}`, { reason: 'write-failed', cause: error });
  }
}
