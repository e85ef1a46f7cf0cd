/**
 * Loaders for the demo's documents: the project's own small corpus (shipped, offline), and the real
 * Hugging Face dataset `bilgeyucel/seven-wonders` behind a flag (online only).
 */
import { readFile } from 'node:fs/promises';
import { Document } from '../../src/index.js';

interface CorpusFile {
  readonly name: string;
  readonly description: string;
  readonly documents: ReadonlyArray<{ readonly content: string; readonly meta: Readonly<Record<string, unknown>> }>;
}

/**
 * haystack-ts's own corpus: 39 short documents about the Seven Wonders of the Ancient World, written
 * for this project (not the Hugging Face dataset), with `{ title, url }` meta.
 */
export async function loadSevenWondersLite(): Promise<{ description: string; documents: Document[] }> {
  const text = await readFile(new URL('./seven-wonders-lite.json', import.meta.url), 'utf8');
  const corpus = JSON.parse(text) as CorpusFile;
  return {
    description: corpus.description,
    documents: corpus.documents.map((d) => new Document({ content: d.content, meta: d.meta })),
  };
}

/** The Hugging Face datasets-server, which serves a dataset's rows as JSON (no parquet reader needed). */
export const DATASETS_SERVER_URL = 'https://datasets-server.huggingface.co';

interface RowsPage {
  readonly rows?: ReadonlyArray<{ readonly row?: { readonly content?: unknown; readonly meta?: unknown } }>;
  readonly num_rows_total?: number;
}

/**
 * The tutorial's dataset, `bilgeyucel/seven-wonders` (151 Wikipedia chunks, CC BY-SA), read page
 * by page from the datasets-server's `/rows` endpoint, which returns the parquet rows as JSON.
 * Documents are built as the tutorial does: `Document(content=row.content, meta=row.meta)`.
 */
export async function loadSevenWondersFromHub(
  options: { baseUrl?: string; signal?: AbortSignal; pageSize?: number } = {},
): Promise<Document[]> {
  const baseUrl = (options.baseUrl ?? DATASETS_SERVER_URL).replace(/\/$/, '');
  const pageSize = options.pageSize ?? 100;
  const documents: Document[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const url = `${baseUrl}/rows?dataset=${encodeURIComponent('bilgeyucel/seven-wonders')}&config=default&split=train&offset=${offset}&length=${pageSize}`;
    const response = await fetch(url, options.signal ? { signal: options.signal } : {});
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
    const page = (await response.json()) as RowsPage;
    const rows = page.rows ?? [];
    for (const { row } of rows) {
      if (typeof row?.content !== 'string') continue;
      const meta = typeof row.meta === 'object' && row.meta !== null ? (row.meta as Record<string, unknown>) : {};
      documents.push(new Document({ content: row.content, meta }));
    }
    const total = page.num_rows_total ?? 0;
    if (rows.length === 0 || offset + rows.length >= total) break;
  }
  if (documents.length === 0) throw new Error('the dataset returned no rows with text content');
  return documents;
}
