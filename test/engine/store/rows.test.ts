import { describe, expect, it } from 'vitest';
import { fromRow } from '../../../electron/engine/store/rows.ts';

describe('fromRow', () => {
  it('names each column in camelCase and turns SQL NULL into an absent value', () => {
    expect(fromRow({ id: 1, last_success_at: null, disabled_reason: 'gone', paused_until: 0 })).toStrictEqual({ id: 1, lastSuccessAt: undefined, disabledReason: 'gone', pausedUntil: 0 });
  });
});
