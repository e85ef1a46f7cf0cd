import { HaystackError, named } from '../errors.js';

/** A document store cannot do what was asked (inconsistent embeddings, unreadable file). */
export class DocumentStoreError extends HaystackError {
  static {
    named(this, 'DocumentStoreError');
  }
}

/** A document with the same id is already stored and the duplicate policy is `fail`. */
export class DuplicateDocumentError extends DocumentStoreError {
  static {
    named(this, 'DuplicateDocumentError');
  }
  /** The id that already exists. */
  readonly documentId: string;
  constructor(message: string, documentId: string) {
    super(message);
    this.documentId = documentId;
  }
}
