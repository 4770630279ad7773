/** What the benchmarks share: reading a child's CPU time and RSS from /proc, sleeping, the trend of an RSS, printing a target. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { V8_FLAGS } from '../bin/v8Flags.js';

const CLI_BIN = join(import.meta.dirname, '..', 'bin', 'crm-event-poller.js');
/** The command as its first line starts it (this Node, with the product's V8 flags), then its arguments. */
export const CLI_COMMAND = [...V8_FLAGS, CLI_BIN];

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (100 on Linux). */
const CLOCK_TICKS = 100;

/** User + system CPU time a process has used so far, in ms (Linux). */
export function cpuMs(pid: number): number {
  // The command name (field 2) may hold spaces: count fields from the closing parenthesis.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1000;
}

/** Resident set size of a process now, in MB (Linux). */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) / 1024;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}

export function targetLine(measured: string, target: string, met: boolean): string {
  return `  ${measured} (target ${target}) ${met ? 'OK' : 'MISSED'}`;
}

/**
 * The trend of a process's RSS, robust to the garbage collector's sawtooth: how far the lowest RSS
 * of the window's second half lies above that of its first half, per unit of `step`. A leak raises
 * the floor the heap returns to; a collection cycle only moves where the window ends in it, as
 * long as each half holds one. Measured with 500 instances on a 1-minute interval over 9 minutes:
 * the floor of each 30 s rose from 118 to 124-134 MB and fell back to 118 every 3 minutes; a
 * least-squares slope of those floors read +6.6 to +14 or -5 MB/min over windows of 2 and 3
 * minutes, as a window happened to hold a collection or not.
 */
export function floorGrowth(samples: number[], step: number): number {
  const half = Math.floor(samples.length / 2);
  const first = Math.min(...samples.slice(0, half));
  const second = Math.min(...samples.slice(half));
  return (second - first) / (half * step);
}
