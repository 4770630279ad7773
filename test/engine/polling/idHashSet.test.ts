/** The pass's id set: every id added is found (never a missed duplicate), ids not added are not, across growth. */
import { describe, expect, it } from 'vitest';
import { IdHashSet } from '../../../electron/engine/polling/idHashSet.ts';

describe('IdHashSet', () => {
  it('finds every id added and says when one comes again, through many growths', () => {
    const ids = new IdHashSet();
    const count = 200_000;
    for (let index = 0; index < count; index++) expect(ids.add(`rec-${index}`)).toBe(true);
    expect(ids.size).toBe(count);
    for (let index = 0; index < count; index += 997) expect(ids.has(`rec-${index}`)).toBe(true);
    expect(ids.add('rec-12345')).toBe(false);
    expect(ids.size).toBe(count);
    // Ids never added are not found (no collision among these; a collision could only say "seen").
    let falseHits = 0;
    for (let index = count; index < 2 * count; index++) if (ids.has(`rec-${index}`)) falseHits++;
    expect(falseHits).toBe(0);
  });

  it('tells apart ids that differ in one character, by case, or only in non-ASCII text', () => {
    const ids = new IdHashSet();
    for (const id of ['', 'a', 'A', 'ab', 'ba', '{6F9619FF-8B86-D011-B42D-00C04FC964FF}', '{6F9619FF-8B86-D011-B42D-00C04FC964FE}', 'Zoë', 'Zoe', '日本']) expect(ids.add(id)).toBe(true);
    expect(ids.add('Zoë')).toBe(false);
    expect(ids.add('')).toBe(false);
  });
});
