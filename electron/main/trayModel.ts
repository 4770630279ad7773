/**
 * What the tray shows, as a pure function of the engine's status: the icon state, the unread
 * count, the tooltip and the menu. Every action is in the menu, because some Linux desktops never
 * deliver a click on the tray icon. tray.ts turns this description into Electron objects.
 */
import type { InstanceStatus } from '../../shared/status.ts';
import { PAUSE_CHOICES, type PauseChoice } from '../../shared/pauseChoices.ts';
import { PRODUCT_NAME } from '../engine/dataDir.ts';


export type IconState = 'idle' | 'polling' | 'attention' | 'paused';
export type TrayTarget = number | 'all';

export type TrayAction =
  | { type: 'poll'; target: TrayTarget }
  | { type: 'pause'; target: TrayTarget; choice: PauseChoice }
  | { type: 'resume'; target: TrayTarget }
  | { type: 'open-window' }
  | { type: 'open-events'; instanceId: number }
  | { type: 'start-at-login'; enabled: boolean }
  | { type: 'mute'; muted: boolean }
  | { type: 'quit' };

export type TrayMenuItem =
  | { kind: 'action'; label: string; enabled: boolean; action: TrayAction }
  | { kind: 'checkbox'; label: string; checked: boolean; action: TrayAction }
  | { kind: 'label'; label: string }
  | { kind: 'submenu'; label: string; items: TrayMenuItem[] }
  | { kind: 'separator' };

export interface TrayInput {
  statuses: InstanceStatus[];
  /** Events that arrived while the window was not in front. */
  unread: number;
  startAtLogin: boolean;
  muted: boolean;
  /** The settings' pauses: instance id or "all" → until (epoch ms), null for "until resumed". */
  pauses: Record<string, number | null>;
  now: number;
  /** For the clock times in labels; the system zone when absent. */
  timeZone?: string;
}

export interface TrayModel {
  icon: IconState;
  unread: number;
  tooltip: string;
  menu: TrayMenuItem[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LABEL_MAX = 60;

export function buildTrayModel(input: TrayInput): TrayModel {
  const icon = iconState(input.statuses, input.pauses, input.now);
  return { icon, unread: input.unread, tooltip: tooltip(input, icon), menu: menu(input) };
}

/** Needs attention beats polling beats paused beats idle; disabled instances do not count. */
export function iconState(statuses: InstanceStatus[], pauses: Record<string, number | null>, now: number): IconState {
  const active = statuses.filter((status) => status.state !== 'disabled');
  if (active.some((status) => status.state === 'needs-attention' || status.state === 'backing-off')) return 'attention';
  if (active.some((status) => status.state === 'polling')) return 'polling';
  if (isActivePause(pauses.all, now)) return 'paused';
  if (active.length > 0 && active.every((status) => status.state === 'paused')) return 'paused';
  return 'idle';
}

/** One line per instance: its name, the last result, and the next poll (or why there is none). */
export function instanceLine(status: InstanceStatus, now: number, timeZone?: string): string {
  return `${shorten(status.name, 32)} — ${lastResult(status, now)} · ${nextPoll(status, now, timeZone)}`;
}

export function lastResult(status: InstanceStatus, now: number): string {
  if (status.state === 'polling') return 'polling…';
  // A CRM locks the account after a few refused sign-ins: the count is what the user needs to see.
  if (status.signIn?.state === 'confirm-first') return `sign-in refused ${status.signIn.refused}× (not retried)`;
  if (status.lastError) return `failed: ${shorten(status.lastError.message, 40)}`;
  if (status.lastPollAt === undefined) return 'not polled yet';
  const events = status.eventsLastPoll === 0 ? 'no changes' : `${status.eventsLastPoll} event${status.eventsLastPoll === 1 ? '' : 's'}`;
  return `${events} ${ago(now - status.lastPollAt)}`;
}

export function nextPoll(status: InstanceStatus, now: number, timeZone?: string): string {
  if (status.state === 'disabled') return 'disabled';
  if (status.state === 'polling') return 'running now';
  if (status.pausedUntil === null) return 'paused';
  if (status.pausedUntil !== undefined && status.pausedUntil > now) return `paused until ${clock(status.pausedUntil, now, timeZone)}`;
  if (status.state === 'needs-attention') return 'needs attention';
  if (status.nextPollAt === undefined) return 'not scheduled';
  const wait = status.nextPollAt - now;
  return wait < MINUTE ? 'next poll now' : `next in ${duration(wait)}`;
}

/** "2 min", "1 h 5 min", "3 d". */
export function duration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / MINUTE));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.round(hours / 24)} d`;
}

function ago(ms: number): string {
  return ms < MINUTE ? 'just now' : `${duration(ms)} ago`;
}

/** A clock time, with the weekday when it is not within the next 20 hours. */
function clock(at: number, now: number, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone };
  if (at - now > 20 * HOUR) options.weekday = 'short';
  return new Intl.DateTimeFormat('en-GB', options).format(at);
}

function isActivePause(until: number | null | undefined, now: number): boolean {
  return until === null || (typeof until === 'number' && until > now);
}

function isPaused(status: InstanceStatus): boolean {
  return status.pausedUntil !== undefined;
}

function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

function tooltip(input: TrayInput, icon: IconState): string {
  const parts: string[] = [];
  const attention = input.statuses.filter((status) => status.state === 'needs-attention' || status.state === 'backing-off');
  if (input.statuses.length === 0) parts.push('no instances yet');
  if (attention.length > 0) parts.push(`${attention.map(attentionName).join(', ')} ${attention.length === 1 ? 'needs' : 'need'} attention`);
  else if (icon === 'polling') parts.push('polling');
  else if (icon === 'paused') parts.push('paused');
  if (input.unread > 0) parts.push(`${input.unread} new event${input.unread === 1 ? '' : 's'}`);
  if (input.muted) parts.push('notifications muted');
  return shorten(parts.length > 0 ? `${PRODUCT_NAME}: ${parts.join(' · ')}` : PRODUCT_NAME, 127);
}

/** "Sage (sign-in refused 2×)": a refused sign-in is said with its count. */
function attentionName(status: InstanceStatus): string {
  return status.signIn?.state === 'confirm-first' ? `${status.name} (sign-in refused ${status.signIn.refused}×)` : status.name;
}

function pauseItems(target: TrayTarget): TrayMenuItem[] {
  return PAUSE_CHOICES.map(({ choice, label }) => ({ kind: 'action', label, enabled: true, action: { type: 'pause', target, choice } }));
}

function instanceMenu(status: InstanceStatus, input: TrayInput): TrayMenuItem {
  const ownPause = isActivePause(input.pauses[String(status.id)], input.now);
  const items: TrayMenuItem[] = [
    { kind: 'action', label: 'Show events', enabled: true, action: { type: 'open-events', instanceId: status.id } },
    { kind: 'action', label: 'Poll now', enabled: status.state !== 'polling', action: { type: 'poll', target: status.id } },
    { kind: 'submenu', label: 'Pause', items: pauseItems(status.id) },
    { kind: 'action', label: 'Resume', enabled: ownPause, action: { type: 'resume', target: status.id } },
  ];
  const attention = status.resources.find((resource) => resource.attention !== undefined);
  if (status.lastError) items.push({ kind: 'separator' }, { kind: 'label', label: shorten(status.lastError.advice || status.lastError.message, LABEL_MAX) });
  else if (attention) items.push({ kind: 'separator' }, { kind: 'label', label: shorten(`${attention.name}: ${attention.attention}`, LABEL_MAX) });
  return { kind: 'submenu', label: instanceLine(status, input.now, input.timeZone), items };
}

function menu(input: TrayInput): TrayMenuItem[] {
  const { statuses } = input;
  const items: TrayMenuItem[] = [];
  if (statuses.length === 0) items.push({ kind: 'label', label: 'No instances yet: open the window to add one' });
  for (const status of statuses) items.push(instanceMenu(status, input));
  items.push({ kind: 'separator' });

  const pollable = statuses.filter((status) => status.state !== 'disabled');
  items.push({
    kind: 'submenu',
    label: 'Poll now',
    items: [
      { kind: 'action', label: 'All instances', enabled: pollable.length > 0, action: { type: 'poll', target: 'all' } },
      ...(pollable.length > 0 ? [{ kind: 'separator' } as const] : []),
      ...pollable.map((status): TrayMenuItem => ({ kind: 'action', label: shorten(status.name, LABEL_MAX), enabled: status.state !== 'polling', action: { type: 'poll', target: status.id } })),
    ],
  });
  items.push({ kind: 'submenu', label: 'Pause all', items: pauseItems('all') });
  const anythingPaused = isActivePause(input.pauses.all, input.now) || statuses.some(isPaused);
  items.push({ kind: 'action', label: 'Resume all', enabled: anythingPaused, action: { type: 'resume', target: 'all' } });
  items.push({ kind: 'separator' });

  const unread = input.unread > 0 ? ` (${input.unread} new)` : '';
  items.push({ kind: 'action', label: `Open window${unread}`, enabled: true, action: { type: 'open-window' } });
  items.push({ kind: 'checkbox', label: 'Start at login', checked: input.startAtLogin, action: { type: 'start-at-login', enabled: !input.startAtLogin } });
  items.push({ kind: 'checkbox', label: 'Mute notifications', checked: input.muted, action: { type: 'mute', muted: !input.muted } });
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', label: 'Quit', enabled: true, action: { type: 'quit' } });
  return items;
}

/** Every action reachable from a menu (the test checks nothing is only reachable by clicking the icon). */
export function menuActions(items: TrayMenuItem[]): TrayAction[] {
  return items.flatMap((item) => {
    if (item.kind === 'action' || item.kind === 'checkbox') return [item.action];
    if (item.kind === 'submenu') return menuActions(item.items);
    return [];
  });
}
