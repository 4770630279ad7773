/** The normalized form of a Cloud Elements instance, as the engine and the UI use it. */

export interface DateField {
  /** JSON path of the date in the record, e.g. `attributes.modifiedon`. */
  field: string;
  /** A java.text.SimpleDateFormat pattern, or `milliseconds` for epoch ms. */
  format: string;
  /** Zone for texts that carry none; GMT when not configured (Cloud Elements polled in UTC). */
  timeZone: string;
}

export interface ResourceConfig {
  /** The key under `event.poller.configuration`; becomes the events' `objectType`. */
  name: string;
  /** Hub path or URL with macros, e.g. `/hubs/crm/accounts?where=Comp_UpdatedDate>'${gmtDate:…}'`. */
  url: string;
  /** JSON path of the record id (`idField`, or its older alias `xPath`); becomes `objectId`. */
  idField: string;
  updated?: DateField;
  created?: DateField;
  /** false: the provider has no updated date, so changes are found by the created date. */
  filterByUpdatedDate: boolean;
  /** Also bound the query above by the poll's start time. */
  filterByCurrentDate: boolean;
  /** Seconds: created and updated dates closer than this make an event CREATED. */
  createdCheckTolerance: number;
  pageSize?: number;
  /** Seconds of overlap subtracted from the watermark when filling the URL macros. */
  pollDelay?: number;
  /** JSON paths left out of UPDATED events' `changes` (besides the volatile fields every write touches). */
  ignoreFields?: string[];
  /** JSON paths whose values are masked in `changes`. */
  secretFields?: string[];
  /** JSON paths: UPDATED events are stored always, but delivered and notified only when one of these changed. */
  notifyOnFields?: string[];
  /** JSON paths whose values, joined by a space, name a record in the window (absent: the vendor's default, see recordLabel.ts). */
  labelField?: string[];
  /** Keys this product does not interpret (connector-specific or unknown), kept verbatim. */
  extra: Record<string, unknown>;
}

/** How much of an update's changes the callback payload carries (`event.notification.include.changes`). */
export type IncludeChanges = 'values' | 'fields' | 'none';
export const INCLUDE_CHANGES: readonly IncludeChanges[] = ['values', 'fields', 'none'];

export interface NotificationConfig {
  enabled: boolean;
  callbackUrl?: string;
  /** `values` (default): changed paths with old and new values; `fields`: the paths only; `none`: neither. */
  includeChanges?: IncludeChanges;
}

export interface InstanceConfig {
  name?: string;
  elementKey?: string;
  tags: string[];
  notification: NotificationConfig;
  refreshIntervalMinutes: number;
  vendorType: 'polling' | 'webhook';
  resources: ResourceConfig[];
  /** Every `configuration` key as given (credentials included), with the poller configuration as an object. */
  configuration: Record<string, unknown>;
}

export const DEFAULT_REFRESH_INTERVAL_MINUTES = 15;
export const DEFAULT_CREATED_CHECK_TOLERANCE_SECONDS = 0;
/** The `datesConfiguration` keys naming each date field with its pattern and zone (the legacy URL table's last columns too). */
export const DATE_FIELD_KEYS = ['updatedDateField', 'updatedDateFormat', 'updatedDateTimezone', 'createdDateField', 'createdDateFormat', 'createdDateTimezone'] as const;

export const DEFAULT_DATE_ZONE = 'GMT';
