/**
 * How long *Pause* lasts: the one list the tray menu and the window both offer, and when each
 * choice ends.
 */
export type PauseChoice = '30m' | '1h' | 'tomorrow' | 'indefinitely';

export const TOMORROW_HOUR = 8;

const MINUTE = 60_000;

export const PAUSE_CHOICES: readonly { choice: PauseChoice; label: string }[] = [
  { choice: '30m', label: 'For 30 minutes' },
  { choice: '1h', label: 'For 1 hour' },
  { choice: 'tomorrow', label: `Until tomorrow ${String(TOMORROW_HOUR).padStart(2, '0')}:00` },
  { choice: 'indefinitely', label: 'Until resumed' },
];

/** When a pause chosen at `now` ends: epoch ms, or null for "until resumed". */
export function pauseUntil(choice: PauseChoice, now: number): number | null {
  switch (choice) {
    case '30m':
      return now + 30 * MINUTE;
    case '1h':
      return now + 60 * MINUTE;
    case 'tomorrow': {
      const until = new Date(now);
      until.setDate(until.getDate() + 1);
      until.setHours(TOMORROW_HOUR, 0, 0, 0);
      return until.getTime();
    }
    case 'indefinitely':
      return null;
  }
}
