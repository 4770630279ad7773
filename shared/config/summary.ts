/** What an instance will do, for `validate`, the editor's "Preview next request" and JSON output. */
import { renderUrlTemplate } from '../urlMacros.ts';
import { maskedCallbackUrl } from './callbackUrl.ts';
import type { DateField, InstanceConfig, ResourceConfig } from './types.ts';

export interface ResourceSummary {
  name: string;
  idField: string;
  updated?: DateField;
  created?: DateField;
  filterByUpdatedDate: boolean;
  /** The URL the next poll requests when asking for changes since `since` (the connector's own, exactly as sent, when given). */
  nextUrl?: string;
  nextUrlError?: string;
}

export interface InstanceSummary {
  name?: string;
  element?: string;
  refreshIntervalMinutes: number;
  notificationsEnabled: boolean;
  callbackUrl?: string;
  since: string;
  resources: ResourceSummary[];
}

/** The URL a resource's next poll requests; throws what a poll would. */
export type RequestDescriber = (resource: ResourceConfig, sinceMs: number) => string;

/** The resource URL with its macros filled (what is known without the connector). */
const templateUrl: RequestDescriber = (resource, sinceMs) => renderUrlTemplate(resource.url, sinceMs);

export function summarizeInstance(config: InstanceConfig, sinceMs: number, describe: RequestDescriber = templateUrl): InstanceSummary {
  return {
    name: config.name,
    element: config.elementKey,
    refreshIntervalMinutes: config.refreshIntervalMinutes,
    notificationsEnabled: config.notification.enabled,
    callbackUrl: config.notification.callbackUrl === undefined ? undefined : maskedCallbackUrl(config.notification.callbackUrl),
    since: new Date(sinceMs).toISOString(),
    resources: config.resources.map((resource) => summarizeResource(resource, sinceMs, describe)),
  };
}

export function summarizeResource(resource: ResourceConfig, sinceMs: number, describe: RequestDescriber = templateUrl): ResourceSummary {
  const summary: ResourceSummary = {
    name: resource.name,
    idField: resource.idField,
    updated: resource.updated,
    created: resource.created,
    filterByUpdatedDate: resource.filterByUpdatedDate,
  };
  try {
    summary.nextUrl = describe(resource, sinceMs);
  } catch (error) {
    summary.nextUrlError = (error as Error).message;
  }
  return summary;
}
