import { describe, expect, it } from 'vitest';
import { GeneratedAnswer } from '../../../src/dataclasses/answer.js';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';
import { Document } from '../../../src/dataclasses/document.js';
import { SparseEmbedding } from '../../../src/dataclasses/sparse-embedding.js';
import { decodeValue, encodeRecord, encodeValue } from '../../../src/core/workers/value-codec.js';

/** What the far side of a worker boundary receives. */
const cross = (value: unknown): unknown => decodeValue(structuredClone(encodeValue(value)));

describe('worker value codec', () => {
  it('revives dataclasses nested in arrays and plain objects, ids and fields intact', () => {
    const doc = new Document({ content: 'x', meta: { a: 1 }, score: 0.5, sparseEmbedding: new SparseEmbedding({ indices: [1], values: [0.5] }) });
    const answer = new GeneratedAnswer({ data: 'yes', query: 'q', documents: [doc], meta: {} });
    const back = cross({ nested: [{ doc }], answer, message: ChatMessage.fromSystem('s'), n: 1, text: 't' }) as Record<string, unknown>;
    const revived = (back['nested'] as { doc: Document }[])[0]!.doc;
    expect(revived).toBeInstanceOf(Document);
    expect(revived.id).toBe(doc.id);
    expect(revived.equals(doc)).toBe(true);
    expect(back['answer']).toBeInstanceOf(GeneratedAnswer);
    expect((back['answer'] as GeneratedAnswer).documents[0]).toBeInstanceOf(Document);
    expect(back['message']).toBeInstanceOf(ChatMessage);
    expect(back['n']).toBe(1);
    expect(back['text']).toBe('t');
  });

  it('carries embeddings exactly (float64, not float32) and gives back a number[]', () => {
    const embedding = [0.1 + 0.2, 1 / 3, -1e-300];
    const revived = cross(new Document({ content: 'e', embedding })) as Document;
    expect(Array.isArray(revived.embedding)).toBe(true);
    expect(revived.embedding).toEqual(embedding);
  });

  it('leaves values without dataclasses untouched (no copy)', () => {
    const plain = { a: [1, 2, { b: 'c' }] };
    expect(encodeValue(plain)).toBe(plain);
    const record = { x: plain };
    expect(encodeRecord(record).x).toBe(plain);
  });

  it('does not mistake a user object for a tagged dataclass unless it carries the tag', () => {
    const value = { type: 'Document', data: { content: 'not a document' } };
    expect(cross(value)).toEqual(value);
  });
});
