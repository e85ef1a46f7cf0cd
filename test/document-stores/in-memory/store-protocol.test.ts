import { InMemoryDocumentStore } from '../../../src/index.js';
import { describeStoreProtocol } from '../store-protocol.js';

describeStoreProtocol('InMemoryDocumentStore', {
  makeStore: async () => new InMemoryDocumentStore(),
  order: 'insertion',
});
