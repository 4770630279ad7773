/**
 * Pauses, kept in the settings file so every process sees them (the window's scheduler, `run`, and
 * `crm-event-poller instances pause` from another terminal): instance id or "all" → until (epoch
 * ms), or null for "until resumed".
 */
import type { Settings } from '../settings/settingsSchema.ts';
import type { SettingsStore } from '../settings/settingsStore.ts';

export type Pauses = Settings['pauses'];

export type PauseTarget = number | 'all';

export function setPause(settings: SettingsStore, target: PauseTarget, until: number | null): void {
  settings.update('pauses', (pauses) => ({ ...pauses, [String(target)]: until }));
}

/** Resuming "all" also ends every instance's own pause. Returns whether there was a pause to end. */
export function clearPause(settings: SettingsStore, target: PauseTarget): boolean {
  let ended = false;
  settings.update('pauses', (pauses) => {
    ended = target === 'all' ? Object.keys(pauses).length > 0 : String(target) in pauses;
    if (target === 'all') return {};
    const { [String(target)]: _removed, ...rest } = pauses;
    return rest;
  });
  return ended;
}

/** Until when the instance is paused (its own pause or all): epoch ms, null for until resumed, undefined when not paused. */
export function pausedUntil(settings: SettingsStore, instanceId: number, now: number): number | null | undefined {
  return activePause(settings.get('pauses'), instanceId, now);
}

/** The same, from pauses already read. */
export function activePause(pauses: Pauses, instanceId: number, now: number): number | null | undefined {
  const active = [pauses.all, pauses[String(instanceId)]].filter((until) => until === null || (typeof until === 'number' && until > now));
  if (active.length === 0) return undefined;
  return active.includes(null) ? null : Math.max(...(active as number[]));
}
