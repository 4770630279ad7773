/**
 * The CRM the end-to-end tests poll: the engine tests' record server (a real JSON REST API whose
 * records the test changes), behind a bearer-token check, so a missing credential fails the poll
 * with 401 the way a real CRM does.
 */
import { createServer, type Server } from 'node:http';
import { startRecordServer, type RecordServer } from '../../engine/support/recordServer.ts';
import { listenOnLoopback } from '../../support/loopback.ts';

export interface CrmApi {
  url: string;
  records: RecordServer;
  token: string;
  /** How many requests were refused (401) for a missing or wrong token. */
  refused(): number;
  close(): Promise<void>;
}

export async function startCrmApi(token: string): Promise<CrmApi> {
  const records = await startRecordServer();
  let refused = 0;
  const server: Server = createServer((request, response) => {
    if (request.headers.authorization !== `Bearer ${token}`) {
      refused += 1;
      response.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer' }).end('{"message":"invalid or missing token"}');
      return;
    }
    fetch(records.url + (request.url ?? '/'))
      .then(async (upstream) => {
        const headers: Record<string, string> = { 'Content-Type': upstream.headers.get('content-type') ?? 'application/json' };
        const date = upstream.headers.get('date');
        if (date) headers.Date = date;
        response.writeHead(upstream.status, headers).end(await upstream.text());
      })
      .catch((error: unknown) => response.writeHead(502).end(String(error)));
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    token,
    refused: () => refused,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await records.close();
    },
  };
}
