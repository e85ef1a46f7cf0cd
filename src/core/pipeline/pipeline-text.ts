import type { AnyComponent } from '../component/component.js';
import type { EdgeData } from './graph-model.js';

/**
 * Haystack's text summary of a pipeline (`__repr__`): metadata, components with their classes,
 * connections with their types.
 */
export function pipelineText(
  className: string,
  metadata: Readonly<Record<string, unknown>>,
  components: Iterable<[string, AnyComponent]>,
  edges: readonly EdgeData[],
): string {
  let text = `<${className}>\n`;
  const entries = Object.entries(metadata);
  if (entries.length > 0) {
    text += '🧱 Metadata\n';
    for (const [k, v] of entries) text += `  - ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}\n`;
  }
  text += '🚅 Components\n';
  for (const [name, instance] of components) text += `  - ${name}: ${instance.className}\n`;
  text += '🛤️ Connections\n';
  for (const e of edges) text += `  - ${e.sender}.${e.fromSocket} -> ${e.receiver}.${e.toSocket} (${e.connType})\n`;
  return text;
}
