/**
 * An instance's poll failures, one per cause: the same kind of failure on the same host (or with
 * the same message when it names none) is one box, listing the resources it hit. URLs in a message
 * read as host and path; the whole URL stays one click away.
 */
import type { FailureKind, InstanceStatus, ProblemReport } from '../../../shared/status.ts';

export interface FailureGroup {
  key: string;
  kind?: FailureKind;
  problem: ProblemReport;
  /** The resources it hit (empty when the failure is the instance's own, e.g. its sign-in). */
  resources: string[];
  /** It holds the instance's last error (the one a fix button answers). */
  primary: boolean;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s"<>]+/gi;

export function groupFailures(status: InstanceStatus): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  const add = (problem: ProblemReport, resource: string | undefined, primary: boolean) => {
    const key = `${problem.kind ?? 'unknown'} ${causeOf(problem.message)}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, kind: problem.kind, problem, resources: [], primary: false }));
    if (primary) group.primary = true;
    if (problem.at > group.problem.at) group.problem = problem;
    if (resource !== undefined && !group.resources.includes(resource)) group.resources.push(resource);
  };
  if (status.lastError) add(status.lastError, undefined, true);
  for (const resource of status.resources) if (resource.lastError) add(resource.lastError, resource.name, false);
  return [...groups.values()];
}

/** The host a message names, else the message itself. */
function causeOf(message: string): string {
  const url = message.match(URL_PATTERN)?.[0];
  if (url === undefined) return message;
  try {
    return new URL(url).host;
  } catch {
    return message;
  }
}

export type MessagePart = { text: string } | { url: string; short: string };

/** A message split into text and URLs, each URL with its short form (host and path, decoded). */
export function messageParts(message: string): MessagePart[] {
  const parts: MessagePart[] = [];
  let at = 0;
  for (const match of message.matchAll(URL_PATTERN)) {
    // A sentence's own punctuation is not part of the URL.
    const url = match[0].replace(/[.,;:)]+$/, '');
    const index = match.index;
    if (index > at) parts.push({ text: message.slice(at, index) });
    parts.push({ url, short: shortUrl(url) });
    at = index + url.length;
  }
  if (at < message.length) parts.push({ text: message.slice(at) });
  return parts;
}

export function shortUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${safeDecode(parsed.pathname)}`;
  } catch {
    return url;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
