/** The tray's icon state, tooltip and menu as pure functions of the engine status, the settings and the unread count. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTrayModel, duration, iconState, instanceLine, menuActions, type TrayInput, type TrayMenuItem } from '../../electron/main/trayModel.ts';
import { pauseUntil } from '../../shared/pauseChoices.ts';
import { status } from './support/status.ts';

const NOW = Date.UTC(2025, 2, 10, 9, 0, 0); // a Monday, 09:00 UTC
const MINUTE = 60_000;

function input(patch: Partial<TrayInput> = {}): TrayInput {
  return { statuses: [], unread: 0, startAtLogin: false, muted: false, pauses: {}, now: NOW, timeZone: 'UTC', ...patch };
}

function find(items: TrayMenuItem[], label: string | RegExp): TrayMenuItem {
  const found = items.find((item) => 'label' in item && (typeof label === 'string' ? item.label === label : label.test(item.label)));
  if (!found) throw new Error(`no menu item ${String(label)} in ${JSON.stringify(items.map((item) => ('label' in item ? item.label : '—')))}`);
  return found;
}

function submenu(items: TrayMenuItem[], label: string | RegExp): TrayMenuItem[] {
  const item = find(items, label);
  if (item.kind !== 'submenu') throw new Error(`${String(label)} is not a submenu`);
  return item.items;
}

describe('the tray icon state', () => {
  it('is idle with no instances, or when every instance is idle or disabled', () => {
    expect(iconState([], {}, NOW)).toBe('idle');
    expect(iconState([status(1), status(2, { state: 'disabled' })], {}, NOW)).toBe('idle');
  });

  it('shows polling while any instance polls', () => {
    expect(iconState([status(1), status(2, { state: 'polling' })], {}, NOW)).toBe('polling');
  });

  it('needs attention when an instance needs attention or backs off, even while another polls', () => {
    expect(iconState([status(1, { state: 'polling' }), status(2, { state: 'needs-attention' })], {}, NOW)).toBe('attention');
    expect(iconState([status(1, { state: 'backing-off' })], {}, NOW)).toBe('attention');
  });

  it('ignores problems of disabled instances', () => {
    expect(iconState([status(1, { state: 'disabled', lastError: { message: 'x', advice: 'y', at: NOW } })], {}, NOW)).toBe('idle');
  });

  it('is paused when everything is paused, or all enabled instances are', () => {
    expect(iconState([status(1)], { all: null }, NOW)).toBe('paused');
    expect(iconState([status(1)], { all: NOW + MINUTE }, NOW)).toBe('paused');
    expect(iconState([status(1, { state: 'paused', pausedUntil: null }), status(2, { state: 'disabled' })], {}, NOW)).toBe('paused');
    expect(iconState([status(1, { state: 'paused', pausedUntil: null }), status(2)], {}, NOW)).toBe('idle');
  });

  it('is not paused by a pause that has ended', () => {
    expect(iconState([status(1)], { all: NOW - 1 }, NOW)).toBe('idle');
  });
});

describe('one menu line per instance', () => {
  it('names the instance, its last result and its next poll', () => {
    expect(instanceLine(status(1, { name: 'Acme CRM', lastPollAt: NOW - 3 * MINUTE, eventsLastPoll: 12, nextPollAt: NOW + 12 * MINUTE }), NOW)).toBe(
      'Acme CRM — 12 events 3 min ago · next in 12 min',
    );
    expect(instanceLine(status(1, { name: 'Acme', lastPollAt: NOW - 10_000, eventsLastPoll: 1, nextPollAt: NOW + 90 * MINUTE }), NOW)).toBe('Acme — 1 event just now · next in 1 h 30 min');
    expect(instanceLine(status(1, { name: 'Acme', lastPollAt: NOW - 2 * 60 * MINUTE, nextPollAt: NOW + 20_000 }), NOW)).toBe('Acme — no changes 2 h ago · next poll now');
    expect(instanceLine(status(1, { name: 'New', nextPollAt: NOW }), NOW)).toBe('New — not polled yet · next poll now');
  });

  it('says what failed, and that the instance needs attention', () => {
    const line = instanceLine(
      status(2, { name: 'Dynamics', state: 'needs-attention', lastPollAt: NOW, lastError: { message: 'HTTP 401: the user name or password was refused by the server', advice: 'Check the password', at: NOW } }),
      NOW,
    );
    expect(line).toBe('Dynamics — failed: HTTP 401: the user name or password was… · needs attention');
  });

  it('shows polling, disabled and paused states', () => {
    expect(instanceLine(status(1, { name: 'A', state: 'polling' }), NOW)).toBe('A — polling… · running now');
    expect(instanceLine(status(1, { name: 'A', state: 'disabled' }), NOW)).toBe('A — not polled yet · disabled');
    expect(instanceLine(status(1, { name: 'A', state: 'paused', pausedUntil: null }), NOW)).toBe('A — not polled yet · paused');
    expect(instanceLine(status(1, { name: 'A', state: 'paused', pausedUntil: NOW + 30 * MINUTE }), NOW, 'UTC')).toBe('A — not polled yet · paused until 09:30');
    expect(instanceLine(status(1, { name: 'A', state: 'paused', pausedUntil: NOW + 47 * 60 * MINUTE }), NOW, 'UTC')).toBe('A — not polled yet · paused until Wed 08:00');
  });

  it('shortens long names to keep the menu narrow', () => {
    const line = instanceLine(status(1, { name: 'A very long instance name that goes on and on and on' }), NOW);
    expect(line.startsWith('A very long instance name that … — ')).toBe(true);
  });

  it('formats durations', () => {
    expect([duration(10_000), duration(5 * MINUTE), duration(60 * MINUTE), duration(125 * MINUTE), duration(72 * 60 * MINUTE)]).toEqual(['1 min', '5 min', '1 h', '2 h 5 min', '3 d']);
  });
});

describe('pause choices', () => {
  let zone: string | undefined;
  beforeEach(() => {
    zone = process.env.TZ;
    process.env.TZ = 'Europe/Berlin';
  });
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('end 30 minutes or an hour from the click, tomorrow at 08:00 local time, or never', () => {
    expect(pauseUntil('30m', NOW)).toBe(NOW + 30 * MINUTE);
    expect(pauseUntil('1h', NOW)).toBe(NOW + 60 * MINUTE);
    expect(new Date(pauseUntil('tomorrow', NOW) as number).toISOString()).toBe('2025-03-11T07:00:00.000Z'); // 08:00 in Berlin (UTC+1)
    expect(pauseUntil('indefinitely', NOW)).toBeNull();
  });

  it('"tomorrow" is the next calendar day even just after midnight, and follows a DST change', () => {
    const justAfterMidnight = Date.UTC(2025, 2, 29, 23, 30); // 00:30 on Sunday 30 March in Berlin, the day clocks go forward
    expect(new Date(pauseUntil('tomorrow', justAfterMidnight) as number).toISOString()).toBe('2025-03-31T06:00:00.000Z'); // 08:00 CEST
  });
});

describe('the tray menu', () => {
  const statuses = [
    status(1, { name: 'Acme CRM', lastPollAt: NOW - MINUTE, eventsLastPoll: 3, nextPollAt: NOW + 14 * MINUTE }),
    status(2, { name: 'Dynamics', state: 'needs-attention', lastError: { message: 'HTTP 401', advice: 'Enter the password again', at: NOW } }),
    status(3, { name: 'Old one', state: 'disabled' }),
  ];

  it('has one line per instance, then poll, pause, resume, the window, the switches and Quit', () => {
    const { menu } = buildTrayModel(input({ statuses }));
    const labels = menu.map((item) => (item.kind === 'separator' ? '---' : item.label));
    expect(labels).toEqual([
      'Acme CRM — 3 events 1 min ago · next in 14 min',
      'Dynamics — failed: HTTP 401 · needs attention',
      'Old one — not polled yet · disabled',
      '---',
      'Poll now',
      'Pause all',
      'Resume all',
      '---',
      'Open window',
      'Start at login',
      'Mute notifications',
      '---',
      'Quit',
    ]);
  });

  it('offers Poll now for all instances and each enabled one', () => {
    const poll = submenu(buildTrayModel(input({ statuses })).menu, 'Poll now');
    expect(poll).toEqual([
      { kind: 'action', label: 'All instances', enabled: true, action: { type: 'poll', target: 'all' } },
      { kind: 'separator' },
      { kind: 'action', label: 'Acme CRM', enabled: true, action: { type: 'poll', target: 1 } },
      { kind: 'action', label: 'Dynamics', enabled: true, action: { type: 'poll', target: 2 } },
    ]);
  });

  it('cannot poll all when there is nothing to poll, nor an instance already polling', () => {
    expect(submenu(buildTrayModel(input()).menu, 'Poll now')).toEqual([{ kind: 'action', label: 'All instances', enabled: false, action: { type: 'poll', target: 'all' } }]);
    const poll = submenu(buildTrayModel(input({ statuses: [status(1, { name: 'A', state: 'polling' })] })).menu, 'Poll now');
    expect(find(poll, 'A')).toMatchObject({ enabled: false });
  });

  it('pauses everything for 30 min, 1 h, until tomorrow or indefinitely', () => {
    const pause = submenu(buildTrayModel(input({ statuses })).menu, 'Pause all');
    expect(pause.map((item) => (item.kind === 'action' ? [item.label, item.action] : item.kind))).toEqual([
      ['For 30 minutes', { type: 'pause', target: 'all', choice: '30m' }],
      ['For 1 hour', { type: 'pause', target: 'all', choice: '1h' }],
      ['Until tomorrow 08:00', { type: 'pause', target: 'all', choice: 'tomorrow' }],
      ['Until resumed', { type: 'pause', target: 'all', choice: 'indefinitely' }],
    ]);
  });

  it('enables Resume all only while something is paused', () => {
    expect(find(buildTrayModel(input({ statuses })).menu, 'Resume all')).toMatchObject({ enabled: false });
    expect(find(buildTrayModel(input({ statuses, pauses: { all: null } })).menu, 'Resume all')).toMatchObject({ enabled: true, action: { type: 'resume', target: 'all' } });
    expect(find(buildTrayModel(input({ statuses, pauses: { all: NOW - 1 } })).menu, 'Resume all')).toMatchObject({ enabled: false });
    const pausedOne = [status(1, { state: 'paused', pausedUntil: NOW + MINUTE })];
    expect(find(buildTrayModel(input({ statuses: pausedOne, pauses: { 1: NOW + MINUTE } })).menu, 'Resume all')).toMatchObject({ enabled: true });
  });

  it('gives each instance its events, poll now, pause and resume, and the advice for its problem', () => {
    const model = buildTrayModel(input({ statuses, pauses: { 2: null } }));
    const acme = submenu(model.menu, /^Acme CRM/);
    expect(acme.map((item) => (item.kind === 'separator' ? '---' : item.label))).toEqual(['Show events', 'Poll now', 'Pause', 'Resume']);
    expect(find(acme, 'Show events')).toMatchObject({ action: { type: 'open-events', instanceId: 1 } });
    expect(find(acme, 'Poll now')).toMatchObject({ action: { type: 'poll', target: 1 } });
    expect(submenu(acme, 'Pause').map((item) => (item.kind === 'action' ? item.action : undefined))).toEqual([
      { type: 'pause', target: 1, choice: '30m' },
      { type: 'pause', target: 1, choice: '1h' },
      { type: 'pause', target: 1, choice: 'tomorrow' },
      { type: 'pause', target: 1, choice: 'indefinitely' },
    ]);
    expect(find(acme, 'Resume')).toMatchObject({ enabled: false });
    const dynamics = submenu(model.menu, /^Dynamics/);
    expect(find(dynamics, 'Resume')).toMatchObject({ enabled: true, action: { type: 'resume', target: 2 } });
    expect(dynamics.at(-1)).toEqual({ kind: 'label', label: 'Enter the password again' });
  });

  it('shows the unread count on Open window, and the switches as checkboxes that flip', () => {
    const menu = buildTrayModel(input({ unread: 4, startAtLogin: true, muted: false })).menu;
    expect(find(menu, 'Open window (4 new)')).toMatchObject({ action: { type: 'open-window' } });
    expect(find(menu, 'Start at login')).toEqual({ kind: 'checkbox', label: 'Start at login', checked: true, action: { type: 'start-at-login', enabled: false } });
    expect(find(menu, 'Mute notifications')).toEqual({ kind: 'checkbox', label: 'Mute notifications', checked: false, action: { type: 'mute', muted: true } });
    const muted = buildTrayModel(input({ muted: true })).menu;
    expect(find(muted, 'Mute notifications')).toMatchObject({ checked: true, action: { type: 'mute', muted: false } });
  });

  it('says how to start when there are no instances', () => {
    expect(buildTrayModel(input()).menu[0]).toEqual({ kind: 'label', label: 'No instances yet: open the window to add one' });
  });

  it('reaches every kind of action from the menu (some Linux desktops never deliver a tray click)', () => {
    const actions = menuActions(buildTrayModel(input({ statuses, pauses: { all: null } })).menu);
    expect(new Set(actions.map((action) => action.type))).toEqual(new Set(['poll', 'pause', 'resume', 'open-window', 'open-events', 'start-at-login', 'mute', 'quit']));
    for (const id of [1, 2]) {
      expect(actions).toContainEqual({ type: 'poll', target: id });
      expect(actions).toContainEqual({ type: 'open-events', instanceId: id });
    }
  });
});

describe('the tooltip and the model', () => {
  it('carries the icon state and the unread count', () => {
    const model = buildTrayModel(input({ statuses: [status(1, { state: 'polling' })], unread: 2 }));
    expect(model).toMatchObject({ icon: 'polling', unread: 2, tooltip: 'CRM Event Poller: polling · 2 new events' });
  });

  it('names what needs attention, and says when notifications are muted', () => {
    const model = buildTrayModel(input({ statuses: [status(1, { name: 'Dynamics', state: 'needs-attention' })], muted: true }));
    expect(model.tooltip).toBe('CRM Event Poller: Dynamics needs attention · notifications muted');
    expect(buildTrayModel(input()).tooltip).toBe('CRM Event Poller: no instances yet');
    expect(buildTrayModel(input({ statuses: [status(1)] })).tooltip).toBe('CRM Event Poller');
  });
});
