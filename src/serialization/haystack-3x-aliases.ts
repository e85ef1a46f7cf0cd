/**
 * Haystack 3.x's type paths for the components we ship, where they differ from 2.x's: 3.0 moved
 * the Sentence Transformers embedders out of `haystack` into the `sentence-transformers-haystack`
 * integration (`haystack_integrations.components.embedders.sentence_transformers`). Every other
 * shipped class kept its 2.x path in 3.x (checked against Haystack 3.2 and haystack-core-integrations),
 * so it needs no alias.
 *
 * Registered as aliases: a 3.x file loads, and a component loaded under a 3.x path is saved under
 * it again, so the file round-trips; components built in code are still saved under the 2.x path.
 */
import { SentenceTransformersDocumentEmbedder } from '../components/embedders/sentence-transformers-document-embedder.js';
import { SentenceTransformersTextEmbedder } from '../components/embedders/sentence-transformers-text-embedder.js';
import type { SerializableClass } from '../core/serialization/registry.js';

const ST = 'haystack_integrations.components.embedders.sentence_transformers';

/** The 3.x type paths of each built-in class that has one of its own. */
export const HAYSTACK_3X_ALIASES: ReadonlyMap<SerializableClass, readonly string[]> = new Map<SerializableClass, readonly string[]>([
  [SentenceTransformersTextEmbedder, [`${ST}.sentence_transformers_text_embedder.SentenceTransformersTextEmbedder`]],
  [SentenceTransformersDocumentEmbedder, [`${ST}.sentence_transformers_document_embedder.SentenceTransformersDocumentEmbedder`]],
]);
