import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSevenWondersFromHub, loadSevenWondersLite } from '../../examples/data/seven-wonders.js';
import { Document } from '../../src/index.js';

const WONDERS = [
  'Great Pyramid of Giza',
  'Hanging Gardens of Babylon',
  'Statue of Zeus at Olympia',
  'Temple of Artemis',
  'Mausoleum at Halicarnassus',
  'Colossus of Rhodes',
  'Lighthouse of Alexandria',
];

describe('seven-wonders-lite (the shipped corpus)', () => {
  it('has 30-60 short documents with title and url meta, covering every wonder, labelled as the project\'s own', async () => {
    const { description, documents } = await loadSevenWondersLite();
    expect(documents.length).toBeGreaterThanOrEqual(30);
    expect(documents.length).toBeLessThanOrEqual(60);
    expect(description).toMatch(/own/);
    expect(description).toMatch(/NOT the Hugging Face dataset bilgeyucel\/seven-wonders/);
    for (const document of documents) {
      expect(document).toBeInstanceOf(Document);
      expect(typeof document.meta['title']).toBe('string');
      expect(document.meta['url']).toMatch(/^https:\/\/en\.wikipedia\.org\/wiki\//);
      expect((document.content ?? '').length).toBeLessThan(500);
    }
    const titles = new Set(documents.map((d) => d.meta['title']));
    for (const wonder of WONDERS) expect(titles).toContain(wonder);
    expect(new Set(documents.map((d) => d.id)).size).toBe(documents.length);
  });
});

describe('loadSevenWondersFromHub (datasets-server rows API)', () => {
  let server: Server;
  let baseUrl: string;
  const requests: string[] = [];
  const rows = Array.from({ length: 5 }, (_, i) => ({
    row_idx: i,
    row: { id: `id${i}`, content: `chunk ${i}`, content_type: 'text', meta: { url: `https://example.org/${i}`, _split_id: i }, score: null },
  }));

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== '/rows' || url.searchParams.get('dataset') !== 'bilgeyucel/seven-wonders') {
        response.writeHead(404).end();
        return;
      }
      const offset = Number(url.searchParams.get('offset'));
      const length = Number(url.searchParams.get('length'));
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ rows: rows.slice(offset, offset + length), num_rows_total: rows.length }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('reads every page and builds Document(content, meta) like the tutorial', async () => {
    const documents = await loadSevenWondersFromHub({ baseUrl, pageSize: 2 });
    expect(documents.map((d) => d.content)).toEqual(['chunk 0', 'chunk 1', 'chunk 2', 'chunk 3', 'chunk 4']);
    expect(documents[1]?.meta).toEqual({ url: 'https://example.org/1', _split_id: 1 });
    expect(requests.map((r) => new URL(r, 'http://x').searchParams.get('offset'))).toEqual(['0', '2', '4']);
  });

  it('fails with the status when the server refuses', async () => {
    await expect(loadSevenWondersFromHub({ baseUrl: `${baseUrl}/missing` })).rejects.toThrow(/answered 404/);
  });
});
