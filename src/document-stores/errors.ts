import { HaystackError } from '../errors.js';

/** A document store cannot do what was asked (inconsistent embeddings, unreadable file). */
export class DocumentStoreError extends HaystackError {
  override name = 'DocumentStoreError';
}

/** A document with the same id is already stored and the duplicate policy is `fail`. */
export class DuplicateDocumentError extends DocumentStoreError {
  override name = 'DuplicateDocumentError';
  /** The id that already exists. */
  readonly documentId: string;
  constructor(message: string, documentId: string) {
    super(message);
    this.documentId = documentId;
  }
}
