/** What the tray, the window and `status` show about each instance and resource (shared by the engine and the UI). */
/** Why a poll failed: auth (401), forbidden (403), throttled (429/503), unavailable (5xx, network), protocol, config. */
export type FailureKind = 'auth' | 'forbidden' | 'throttled' | 'unavailable' | 'protocol' | 'config';

export type InstanceState = 'idle' | 'polling' | 'paused' | 'needs-attention' | 'backing-off' | 'disabled';

export interface ProblemReport {
  message: string;
  kind?: FailureKind;
  /** What the user should do about it. */
  advice: string;
  at: number;
}

export interface ResourceStatus {
  name: string;
  lastPollAt?: number;
  lastEvents: number;
  lastRecords: number;
  lastDurationMs?: number;
  lastError?: ProblemReport;
  /** Dates that look read in the wrong zone, records without a readable change time, rows that kept moving. */
  warnings: string[];
}

export interface InstanceStatus {
  id: number;
  name: string;
  elementKey: string;
  state: InstanceState;
  lastPollAt?: number;
  nextPollAt?: number;
  pausedUntil?: number | null;
  lastError?: ProblemReport;
  consecutiveFailures: number;
  eventsLastPoll: number;
  resources: ResourceStatus[];
}
