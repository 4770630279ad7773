/** Which connector polls which element. */
import { ConnectorError } from './errors.ts';
import { createDynamicsConnector } from './dynamics/connector.ts';
import { createGenericConnector } from './generic/connector.ts';
import type { HttpOptions } from './http.ts';
import { createSageCrmConnector } from './sagecrm/connector.ts';
import type { Connector, ConnectorContext } from './types.ts';

export interface ConnectorRegistration {
  create: (context: ConnectorContext, http: HttpOptions) => Connector;
  /** False when the server is known to ignore the URL's date filter (zone shifts are then only detected forward). */
  serverFiltersBySince?: boolean;
}

const REGISTRY = new Map<string, ConnectorRegistration>([
  ['generic', { create: createGenericConnector }],
  ['sagecrm', { create: createSageCrmConnector }],
  ['dynamicscrmadfs', { create: createDynamicsConnector }],
]);

export function registerConnector(elementKey: string, registration: ConnectorRegistration): void {
  REGISTRY.set(elementKey, registration);
}

export function connectorFor(elementKey: string | undefined): ConnectorRegistration {
  const registration = REGISTRY.get(elementKey ?? '');
  if (!registration) {
    throw new ConnectorError('config', `no connector for element "${elementKey}"; available: ${[...REGISTRY.keys()].join(', ')}`);
  }
  return registration;
}
