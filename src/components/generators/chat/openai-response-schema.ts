/**
 * The parts of OpenAI Chat Completions responses the generator reads, as zod schemas: a response
 * is validated before conversion, so a server answering 200 with the wrong shape gets a typed
 * error naming the field instead of a `TypeError` deep in the converter. Other fields pass
 * unread; fields OpenAI-compatible servers often leave out (`index`, `finish_reason`, `model`)
 * are optional.
 */
import { z } from 'zod';

const toolCall = z.object({
  id: z.string(),
  type: z.string(),
  function: z.object({ name: z.string(), arguments: z.string() }).optional(),
});

const completionChoice = z.object({
  index: z.number().int().nonnegative().optional(),
  finish_reason: z.string().nullable().optional(),
  logprobs: z.unknown().optional(),
  message: z.object({
    content: z.string().nullable().optional(),
    tool_calls: z.array(toolCall).nullable().optional(),
  }),
});

/** A non-streamed completion. */
export const completionSchema = z.object({
  model: z.string().optional(),
  choices: z.array(completionChoice),
  usage: z.unknown().optional(),
});
export type Completion = z.infer<typeof completionSchema>;

const toolCallDelta = z.object({
  index: z.number().int().nonnegative(),
  id: z.string().nullable().optional(),
  function: z
    .object({ name: z.string().nullable().optional(), arguments: z.string().nullable().optional() })
    .nullable()
    .optional(),
});

const chunkChoice = z.object({
  index: z.number().int().nonnegative().optional(),
  finish_reason: z.string().nullable().optional(),
  logprobs: z.unknown().optional(),
  delta: z
    .object({
      role: z.string().nullable().optional(),
      content: z.string().nullable().optional(),
      tool_calls: z.array(toolCallDelta).nullable().optional(),
    })
    .optional(),
});

/** One streamed chunk (`data:` of an SSE event). */
export const completionChunkSchema = z.object({
  model: z.string().optional(),
  choices: z.array(chunkChoice),
  usage: z.unknown().optional(),
});
export type CompletionChunk = z.infer<typeof completionChunkSchema>;

/** An error object in place of a completion (`{ "error": { "message", "code" } }`), as some servers send with 200 or mid-stream. */
export const errorBodySchema = z.object({
  error: z.union([
    z.string(),
    z.object({ message: z.string().optional(), code: z.union([z.string(), z.number()]).nullable().optional() }),
  ]),
});

/** "choices.0.message: expected object, received number" (the first three problems). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
