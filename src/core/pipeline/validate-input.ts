import { PipelineValidationError } from '../../errors.js';
import { makeAutoVariadic, type PipelineGraph } from './graph-building.js';

/**
 * Haystack's `validate_input` over the building-time graph: run data names known components and
 * sockets, and gives every unconnected mandatory socket. A value given to a connected list socket
 * makes it auto-variadic, permanently, as in Haystack; `onPromoted` is told at once, so a promotion
 * counts even when a later check throws.
 *
 * @throws PipelineValidationError naming the component and socket
 */
export function validateRunData(
  graph: PipelineGraph,
  data: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  where: string,
  onPromoted: () => void,
): void {
  for (const [componentName, values] of Object.entries(data)) {
    if (!graph.hasNode(componentName)) {
      throw new PipelineValidationError(`${where}: Component named '${componentName}' not found in the pipeline.`, { component: componentName });
    }
    const node = graph.getNodeAttributes(componentName);
    for (const inputName of Object.keys(values)) {
      if (!node.inputs.has(inputName)) {
        throw new PipelineValidationError(
          `${where}: Input '${inputName}' not found in component '${componentName}'. Its inputs are: ${[...node.inputs.keys()].join(', ') || '(none)'}.`,
          { component: componentName, socket: inputName },
        );
      }
    }
  }
  for (const { node: componentName, attributes: node } of graph.nodeEntries()) {
    const values = data[componentName];
    for (const socket of node.inputs.values()) {
      const given = values !== undefined && values[socket.name] !== undefined;
      if (socket.senders.length === 0 && socket.isMandatory && !given) {
        throw new PipelineValidationError(`${where}: Missing mandatory input '${socket.name}' for component '${componentName}'.`, {
          component: componentName,
          socket: socket.name,
        });
      }
      if (socket.senders.length > 0 && given && makeAutoVariadic(componentName, socket, PipelineValidationError, where)) onPromoted();
    }
  }
}
