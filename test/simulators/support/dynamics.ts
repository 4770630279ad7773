/** The Dynamics simulator as a client sees it: its OData bodies, and a signed-in Authorization header. */
import type { DynamicsSimulator } from '../../../electron/simulators/dynamics/server.ts';
import { postForm } from './helpers.ts';

/** A page of rows: of a query, or of change tracking (whose last page carries the deltaLink). */
export interface ODataPage {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  value: Array<Record<string, unknown>>;
}

export interface ODataError {
  error: { code: string; message: string };
}

/** A fresh access token of the simulator's user (password grant), as the header that carries it. */
export async function bearerHeader(sim: DynamicsSimulator): Promise<{ Authorization: string }> {
  const token = await postForm(sim.tokenUrl, { grant_type: 'password', client_id: sim.clientId, resource: sim.url, username: sim.username, password: sim.password });
  return { Authorization: `Bearer ${String(token.body.access_token)}` };
}
