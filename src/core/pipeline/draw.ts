import { writeFile } from 'node:fs/promises';
import { PipelineDrawingError } from '../../errors.js';
import { typeName } from '../types/type-name.js';
import type { EdgeData, NodeData } from './graph-model.js';

/**
 * The Mermaid text of a pipeline (Haystack's `_to_mermaid_text`): one line per connection with both
 * node definitions inline, dotted arrows into optional sockets, an `i{*}` node feeding every
 * unconnected mandatory input and an `o{*}` node fed by every unconnected output.
 */

/** A Mermaid theme, as in Haystack's `params.theme`. */
export type MermaidTheme = 'default' | 'neutral' | 'dark' | 'forest';

/** Options of `show()`. */
export interface ShowOptions {
  /**
   * Where to write the Mermaid text. Without it the text goes to stdout.
   * @default undefined (stdout)
   * @example await pipeline.show({ path: 'pipeline.mmd' })
   */
  readonly path?: string;
  /**
   * Mermaid theme, as in Haystack's `params.theme`.
   * @default 'neutral'
   */
  readonly theme?: MermaidTheme;
}

/**
 * Escapes text for a quoted Mermaid label with Mermaid's entity codes (`#lt;`): labels are HTML, so
 * a raw `Record<string, unknown>` would be read as a tag and shown as "Record". A backtick is coded
 * too (a label opening with one is read as Markdown), and a line break becomes `<br>`, which HTML
 * shows as one.
 */
export function escapeMermaidLabel(text: string): string {
  return text
    .replace(/[#&<>"`]/g, (c) => `#${LABEL_ENTITIES[c]!};`)
    .replace(/\r\n?|\n/g, '<br>');
}

const LABEL_ENTITIES: Readonly<Record<string, string>> = { '#': '35', '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', '`': '96' };

const t = (schema: Parameters<typeof typeName>[0]): string => escapeMermaidLabel(typeName(schema));

/**
 * Words a flowchart node id cannot be (Mermaid reads them as keywords), and `i`/`o`, the ids of the
 * star nodes that stand for the pipeline's inputs and outputs.
 */
const RESERVED_IDS = new Set(['end', 'graph', 'flowchart', 'subgraph', 'style', 'class', 'classdef', 'linkstyle', 'click', 'call', 'href', 'callback', 'interpolate', 'default', 'direction', 'acctitle', 'accdescr', 'i', 'o']);
const PLAIN_ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The node id of each component: its name when Mermaid reads that as a plain id (as Haystack
 * writes them), else `component.N`. A component name never holds a dot, so these never collide.
 */
function nodeIds(names: Iterable<string>): Map<string, string> {
  const ids = new Map<string, string>();
  let n = 0;
  for (const name of names) {
    ids.set(name, PLAIN_ID.test(name) && !RESERVED_IDS.has(name.toLowerCase()) ? name : `component.${n}`);
    n++;
  }
  return ids;
}

export function renderMermaid(nodes: ReadonlyMap<string, NodeData>, edges: readonly EdgeData[], theme: string): string {
  const ids = nodeIds(nodes.keys());
  const states = new Map<string, string>();
  for (const [name, data] of nodes) {
    const optional = [...data.inputs.values()]
      .filter((s) => (!s.isMandatory && s.senders.length === 0) || s.variadic !== undefined)
      .map((s) => `<li>${escapeMermaidLabel(s.name)} (${t(s.schema)})</li>`)
      .join('');
    const optionalBlock = optional ? `<br><br>Optional inputs:<ul style='text-align:left;'>${optional}</ul>` : '';
    states.set(name, `${ids.get(name)!}["<b>${escapeMermaidLabel(name)}</b><br><small><i>${escapeMermaidLabel(data.instance.className)}${optionalBlock}</i></small>"]:::component`);
  }
  const lines: string[] = [];
  for (const e of edges) {
    const tail = e.mandatory ? '--' : '-.';
    const head = e.mandatory ? '-->' : '.->';
    const label = `"${escapeMermaidLabel(e.fromSocket)} -> ${escapeMermaidLabel(e.toSocket)}${e.mandatory ? '' : ' (opt.)'}<br><small><i>${escapeMermaidLabel(e.connType)}</i></small>"`;
    lines.push(`${states.get(e.sender)!} ${tail} ${label} ${head} ${states.get(e.receiver)!}`);
  }
  for (const [name, data] of nodes) {
    for (const s of data.inputs.values()) {
      if (s.senders.length === 0 && s.isMandatory) {
        lines.push(`i{&ast;}--"${escapeMermaidLabel(s.name)}<br><small><i>${t(s.schema)}</i></small>"--> ${states.get(name)!}`);
      }
    }
  }
  for (const [name, data] of nodes) {
    for (const s of data.outputs.values()) {
      if (s.receivers.length === 0) lines.push(`${states.get(name)!}--"${escapeMermaidLabel(s.name)}<br><small><i>${t(s.schema)}</i></small>"--> o{&ast;}`);
    }
  }
  return `\n%%{ init: ${JSON.stringify({ theme })} }%%\n\ngraph TD;\n\n${lines.join('\n')}\n\nclassDef component text-align:center;\n\n`;
}

export async function showMermaid(text: string, options: ShowOptions): Promise<void> {
  if (options.path === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    await writeFile(options.path, text, 'utf8');
  } catch (error) {
    throw new PipelineDrawingError(`Pipeline.show: could not write the Mermaid text to '${options.path}': ${(error as Error).message}`, {
      reason: 'write-failed',
      cause: error,
    });
  }
}
