/** A JSON API over items whose every field the test sets (nested objects, arrays), and a generic instance for it. */
import { createServer } from 'node:http';
import { listenOnLoopback } from '../../support/loopback.ts';

export type Item = Record<string, unknown> & { id: string; updated: number; created: number };

export interface ItemsApi {
  url: string;
  items: Map<string, Item>;
  /** Changes the item, stamped a second after its last change (a new change, surely after the last poll). */
  edit(id: string, fields: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** Lists every item changed after `since` (epoch ms), records exactly as given. */
export async function startItemsApi(initial: Item[] = []): Promise<ItemsApi> {
  const items = new Map(initial.map((item) => [item.id, item]));
  const server = createServer((request, response) => {
    const since = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('since') ?? 0);
    const data = [...items.values()].filter((item) => item.updated > since);
    response.writeHead(200, { 'Content-Type': 'application/json', Date: new Date().toUTCString() }).end(JSON.stringify({ data }));
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    items,
    edit(id, fields) {
      const item = items.get(id) as Item;
      items.set(id, { ...item, ...fields, updated: Math.max(item.updated + 1_000, Date.now()) });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An item last changed a minute ago, created an hour before (so its events are UPDATED). */
export function item(id: string, fields: Record<string, unknown>): Item {
  const updated = Date.now() - 60_000;
  return { id, created: updated - 3_600_000, updated, ...fields };
}

export function itemsDocument(baseUrl: string, resource: Record<string, unknown> = {}, configuration: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    element: { key: 'generic' },
    name: 'Changes API',
    configuration: {
      'base.url': baseUrl,
      'auth.type': 'none',
      ...configuration,
      'event.poller.configuration': {
        items: {
          url: '/items?since=${epoch}',
          idField: 'id',
          recordsPath: 'data',
          paging: { type: 'none' },
          datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds', createdDateField: 'created', createdDateFormat: 'milliseconds' },
          ...resource,
        },
      },
    },
  };
}
