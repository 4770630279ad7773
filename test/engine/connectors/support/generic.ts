/** Driving the generic connector directly: a context, a resource, all pages of one poll, the error of a failed one. */
import { expect } from 'vitest';
import type { InstanceConfig, ResourceConfig } from '../../../../shared/config/types.ts';
import { ConnectorError } from '../../../../electron/engine/connectors/errors.ts';
import { createGenericConnector } from '../../../../electron/engine/connectors/generic/connector.ts';
import type { HttpOptions } from '../../../../electron/engine/connectors/http.ts';
import type { ConnectorContext, FetchedPage } from '../../../../electron/engine/connectors/types.ts';

/** 2024-05-01T08:30:00Z, the instant the URL macros are filled with. */
export const SINCE = Date.UTC(2024, 4, 1, 8, 30, 0);

export interface TestContext extends ConnectorContext {
  /** The secret keys the connector asked the store for, in order. */
  secretsAsked: string[];
}

export function genericContext(configuration: Record<string, unknown>, secrets: Record<string, string> = {}): TestContext {
  const secretsAsked: string[] = [];
  const instance: InstanceConfig = {
    name: 'Test API',
    elementKey: 'generic',
    tags: [],
    notification: { enabled: false },
    refreshIntervalMinutes: 15,
    vendorType: 'polling',
    resources: [],
    configuration,
  };
  return {
    instance,
    secretsAsked,
    secret: async (key) => {
      secretsAsked.push(key);
      return secrets[key];
    },
  };
}

export function itemsResource(url: string, extra: Record<string, unknown> = { recordsPath: 'data' }): ResourceConfig {
  return { name: 'items', url, idField: 'id', filterByUpdatedDate: true, filterByCurrentDate: false, createdCheckTolerance: 0, extra };
}

export async function fetchAll(context: ConnectorContext, resource: ResourceConfig, http: HttpOptions = {}): Promise<FetchedPage[]> {
  const pages: FetchedPage[] = [];
  for await (const page of createGenericConnector(context, http).fetchChanges({ resource, sinceMs: SINCE })) pages.push(page);
  return pages;
}

export const allRecords = (pages: FetchedPage[]) => pages.flatMap((page) => page.records);

/** The ConnectorError a poll fails with (fails the test when it succeeds or fails otherwise). */
export async function fetchError(context: ConnectorContext, resource: ResourceConfig, http: HttpOptions = {}): Promise<ConnectorError> {
  try {
    await fetchAll(context, resource, http);
  } catch (error) {
    expect(error).toBeInstanceOf(ConnectorError);
    return error as ConnectorError;
  }
  throw new Error('expected the poll to fail');
}
