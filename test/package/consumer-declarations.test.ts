import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeclarationConsumer, root, type DeclarationConsumer } from '../helpers/declaration-consumer.js';

/** A strict consumer of the built declarations only (never `src/`), with library checking on. */
const CONSUMER = `
import { AsyncPipeline, ChatPromptBuilder, DocumentJoiner, InMemoryBM25Retriever, InMemoryDocumentStore } from 'haystack-ts';
import { analyzeTemplate } from 'haystack-ts/templating';
import type { Document } from 'haystack-ts';
import type { TemplateAnalysis } from 'haystack-ts/templating';

const TEMPLATE = \`{% message role="user" %}{% for document in documents %}{{ document.content }}{% endfor %} {{ question }}{% endmessage %}\`;
const documentStore = new InMemoryDocumentStore();
const pipeline = new AsyncPipeline()
  .addComponent('bm25_retriever', new InMemoryBM25Retriever({ documentStore, topK: 3 }))
  .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }))
  .addComponent('prompt_builder', new ChatPromptBuilder({ template: TEMPLATE, requiredVariables: '*' }))
  .connect('bm25_retriever.documents', 'joiner.documents')
  .connect('joiner.documents', 'prompt_builder.documents');

export async function main(): Promise<void> {
  const result = await pipeline.runAsync({ bm25_retriever: { query: 'q' }, prompt_builder: { question: 'q' } }, { includeOutputsFrom: ['joiner'] });
  const documents: Document[] | undefined = result.joiner?.documents;
  void documents;
  // @ts-expect-error: wrong socket type
  await pipeline.runAsync({ bm25_retriever: { query: 42 } });
  // @ts-expect-error: unknown component
  await pipeline.runAsync({ bm25_retrieverr: { query: 'q' } });
  // @ts-expect-error: not a template variable
  await pipeline.runAsync({ prompt_builder: { questions: 'q' } });
  const retriever: InMemoryBM25Retriever = pipeline.getComponent('bm25_retriever');
  void retriever;
  const analysis: TemplateAnalysis = analyzeTemplate('{{ a }}');
  void analysis;
}
`;

let consumer: DeclarationConsumer;
beforeAll(() => {
  consumer = createDeclarationConsumer('consumer-declarations', 'consumer.ts', CONSUMER, { skipLibCheck: false });
}, 120_000);

afterAll(() => consumer.remove());

describe('the built declarations, from a strict consumer', () => {
  it('compile with skipLibCheck: false and moduleResolution: nodenext, and keep the tutorial pipeline checked', () => {
    expect(consumer.compile()).toBe('');
  }, 120_000);

  it('import only packages that are dependencies or required peers and ship their own types', () => {
    // The consumer above sits in this project, where dev-only @types packages would hide a leak.
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    // An optional peer may be absent from the consumer's project, so its types must not leak either.
    const requiredPeers = Object.keys(manifest.peerDependencies).filter((name) => manifest.peerDependenciesMeta[name]?.optional !== true);
    const available = [...Object.keys(manifest.dependencies), ...requiredPeers];
    const specifiers = new Set<string>();
    for (const file of readdirSync(join(consumer.installed, 'dist'), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.d.ts')) continue;
      const text = readFileSync(join(consumer.installed, 'dist', file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, ''); // TSDoc examples import too
      for (const match of text.matchAll(/(?:from\s+|import\()['"]([^'".][^'"]*)['"]/g)) specifiers.add(match[1]!);
    }
    const packages = [...specifiers].filter((s) => !s.startsWith('node:')).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
    for (const name of new Set(packages)) {
      expect(available, `${name} is imported by the declarations`).toContain(name);
      const own = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as Record<string, unknown>;
      const hasTypes = own['types'] !== undefined || own['typings'] !== undefined || JSON.stringify(own['exports'] ?? {}).includes('"types"');
      expect(hasTypes, `${name} ships no types of its own: its types must not appear in the public declarations`).toBe(true);
    }
  });
});
