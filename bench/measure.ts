/** What the benchmarks share: reading a child's CPU time and RSS from /proc, sleeping, fitting a slope, printing a target. */
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

/** Least-squares slope of evenly spaced samples, per unit of `step`. */
export function slope(samples: number[], step: number): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanX = ((n - 1) * step) / 2;
  const meanY = samples.reduce((sum, value) => sum + value, 0) / n;
  let numerator = 0;
  let denominator = 0;
  samples.forEach((value, index) => {
    numerator += (index * step - meanX) * (value - meanY);
    denominator += (index * step - meanX) ** 2;
  });
  return numerator / denominator;
}

export function targetLine(measured: string, target: string, met: boolean): string {
  return `  ${measured} (target ${target}) ${met ? 'OK' : 'MISSED'}`;
}

/**
 * The trend of a process's RSS, robust to the garbage collector's sawtooth: the least-squares slope
 * of the minimum of each `segment` samples (the floor the heap returns to), per unit of `step`. A
 * slope over the raw samples swung from +6 to -2 MB/min between runs of 2 and 3 minutes, as a
 * window happened to end before or after a collection; a leak raises the floor too.
 */
export function floorSlope(samples: number[], step: number, segment: number): number {
  const floors: number[] = [];
  for (let start = 0; start + segment <= samples.length; start += segment) floors.push(Math.min(...samples.slice(start, start + segment)));
  return slope(floors, step * segment);
}
