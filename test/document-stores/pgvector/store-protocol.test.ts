import { pgliteForThisFile } from '../../helpers/pglite.js';
import { describeStoreProtocol } from '../store-protocol.js';

const { make } = pgliteForThisFile();

describeStoreProtocol('PgvectorDocumentStore (embedded PGlite over the wire protocol)', {
  makeStore: async () => make(),
  order: 'id',
});
