import { writeFile } from 'node:fs/promises';
import { PipelineDrawingError } from '../../errors.js';
import { typeName } from '../types/type-name.js';
import type { EdgeData, NodeData } from './graph-model.js';

/**
 * The Mermaid text of a pipeline (Haystack's `_to_mermaid_text`): one line per connection with both
 * node definitions inline, dotted arrows into optional sockets, an `i{*}` node feeding every
 * unconnected mandatory input and an `o{*}` node fed by every unconnected output.
 */

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
  readonly theme?: 'default' | 'neutral' | 'dark' | 'forest';
}

/**
 * Escapes text for a quoted Mermaid label with Mermaid's entity codes (`#lt;`): labels are HTML, so
 * a raw `Record<string, unknown>` would be read as a tag and shown as "Record".
 */
export function escapeMermaidLabel(text: string): string {
  return text.replace(/[#&<>"]/g, (c) => `#${{ '#': '35', '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]!};`);
}

const t = (schema: Parameters<typeof typeName>[0]): string => escapeMermaidLabel(typeName(schema));

export function renderMermaid(nodes: ReadonlyMap<string, NodeData>, edges: readonly EdgeData[], theme: string): string {
  const states = new Map<string, string>();
  for (const [name, data] of nodes) {
    const optional = [...data.inputs.values()]
      .filter((s) => (!s.isMandatory && s.senders.length === 0) || s.variadic !== undefined)
      .map((s) => `<li>${escapeMermaidLabel(s.name)} (${t(s.schema)})</li>`)
      .join('');
    const optionalBlock = optional ? `<br><br>Optional inputs:<ul style='text-align:left;'>${optional}</ul>` : '';
    states.set(name, `${name}["<b>${escapeMermaidLabel(name)}</b><br><small><i>${escapeMermaidLabel(data.instance.className)}${optionalBlock}</i></small>"]:::component`);
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
    throw new PipelineDrawingError(`Pipeline.show: could not write the Mermaid text to '${options.path}': ${(error as Error).message}`, { cause: error });
  }
}
