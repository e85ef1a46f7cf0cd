import { PipelineConnectError } from '../../errors.js';
import { typesAreCompatible } from '../types/compatibility.js';
import type { ConversionStrategy } from '../types/conversion.js';
import { typeName } from '../types/type-name.js';
import type { InputSocketState, NodeData, OutputSocketState } from './graph-model.js';

/**
 * Which socket pair a `connect(sender, receiver)` means (Haystack's `connect` resolution): the
 * named sockets, or every type-compatible pair when a side names only its component, strict pairs
 * before those needing a conversion, then equal socket names. Every failure names the components
 * and sockets and lists the candidates with their types.
 */

/** One end of a connection as written: the component's name and record, and the socket's name if given. */
export interface ConnectEnd {
  readonly name: string;
  readonly node: NodeData;
  readonly socket: string | undefined;
}

/** The pair `connect` resolved to, and the conversion the value needs on the way (none when strict). */
export interface ResolvedConnection {
  readonly out: OutputSocketState;
  readonly input: InputSocketState;
  readonly conversion: ConversionStrategy | undefined;
}

/** `'a.b.c'` → `['a', 'b.c']`; `'a'` → `['a', undefined]`. */
export function splitAddress(address: string): [string, string | undefined] {
  const dot = address.indexOf('.');
  return dot < 0 ? [address, undefined] : [address.slice(0, dot), address.slice(dot + 1)];
}

/**
 * The one socket pair `sender → receiver` means.
 *
 * @param typeValidation the pipeline's `connectionTypeValidation`: without it every pair is a candidate
 * @throws PipelineConnectError for an unknown socket, no candidate pair or more than one
 */
export function resolveConnection(sender: ConnectEnd, receiver: ConnectEnd, typeValidation: boolean, where: string): ResolvedConnection {
  const senderName = sender.name;
  const receiverName = receiver.name;
  if (sender.node.outputs.size === 0) {
    throw new PipelineConnectError(
      `${where}: '${senderName}' does not have any output connections. Please check that the output sockets of '${senderName}' are declared (the 'outputs' of its component).`,
      { component: senderName },
    );
  }
  let senderSocket: OutputSocketState | undefined;
  if (sender.socket !== undefined) {
    senderSocket = sender.node.outputs.get(sender.socket);
    if (!senderSocket) {
      throw new PipelineConnectError(
        `${where}: '${senderName}.${sender.socket}' does not exist. Output connections of ${senderName} are: ` +
          [...sender.node.outputs.values()].map((s) => `${s.name} (type ${typeName(s.schema)})`).join(', '),
        { component: senderName, socket: sender.socket },
      );
    }
  }
  let receiverSocket: InputSocketState | undefined;
  if (receiver.socket !== undefined) {
    receiverSocket = receiver.node.inputs.get(receiver.socket);
    if (!receiverSocket) {
      throw new PipelineConnectError(
        `${where}: '${receiverName}.${receiver.socket}' does not exist. Input connections of ${receiverName} are: ` +
          [...receiver.node.inputs.values()].map((s) => `${s.name} (type ${typeName(s.schema)})`).join(', '),
        { component: receiverName, socket: receiver.socket },
      );
    }
  }
  const senderCandidates = senderSocket ? [senderSocket] : [...sender.node.outputs.values()];
  const receiverCandidates = receiverSocket ? [receiverSocket] : [...receiver.node.inputs.values()];
  let pairs: ResolvedConnection[] = [];
  for (const out of senderCandidates) {
    for (const input of receiverCandidates) {
      if (!typeValidation) {
        pairs.push({ out, input, conversion: undefined });
        continue;
      }
      const compatibility = typesAreCompatible(out.schema, input.schema);
      if (compatibility.compatible) pairs.push({ out, input, conversion: compatibility.conversion });
    }
  }
  if (pairs.length > 1 && typeValidation) {
    const strict = pairs.filter((p) => p.conversion === undefined);
    if (strict.length > 0) pairs = strict;
  }
  const status = () => connectionStatus(senderName, senderCandidates, receiverName, receiverCandidates);
  if (pairs.length === 0) {
    const message =
      senderCandidates.length === 1 && receiverCandidates.length === 1
        ? `${where}: Cannot connect '${senderName}.${senderCandidates[0]!.name}' with '${receiverName}.${receiverCandidates[0]!.name}': their declared input and output types do not match.\n${status()}`
        : `${where}: Cannot connect '${senderName}' with '${receiverName}': no matching connections available.\n${status()}`;
    throw new PipelineConnectError(message, { component: receiverName, socket: receiver.socket });
  }
  if (pairs.length === 1) return pairs[0]!;
  const byName = pairs.filter(({ out, input }) => out.name === input.name);
  if (byName.length !== 1) {
    throw new PipelineConnectError(
      `${where}: Cannot connect '${senderName}' with '${receiverName}': more than one connection is possible between these components. ` +
        `Please specify the connection name, like: pipeline.connect('${senderName}.${pairs[0]!.out.name}', '${receiverName}.${pairs[0]!.input.name}').\n${status()}`,
      { component: receiverName },
    );
  }
  return byName[0]!;
}

function connectionStatus(
  senderName: string,
  senderSockets: readonly OutputSocketState[],
  receiverName: string,
  receiverSockets: readonly InputSocketState[],
): string {
  const senders = senderSockets.map((s) => ` - ${s.name}: ${typeName(s.schema)}`).join('\n');
  const receivers = receiverSockets
    .map((s) => ` - ${s.name}: ${typeName(s.schema)} (${s.senders.length > 0 ? `sent by ${s.senders.join(',')}` : 'available'})`)
    .join('\n');
  return `'${senderName}':\n${senders}\n'${receiverName}':\n${receivers}`;
}
