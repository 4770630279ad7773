/** The WHERE builder the stores share: conditions with undefined values drop out, values stay parameters. */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/engine/store/database.ts';
import { SqlFilter } from '../../../electron/engine/store/sqlFilter.ts';

describe('SqlFilter', () => {
  it('leaves out conditions whose value is undefined, and is empty without any', () => {
    expect(new SqlFilter().add('a = ?', undefined).where).toBe('');
    const filter = new SqlFilter().add('a = ?', 1).add('b = ?', undefined).add('(c LIKE ? OR d LIKE ?)', '%x%', '%x%');
    expect([filter.where, filter.params]).toEqual(['WHERE a = ? AND (c LIKE ? OR d LIKE ?)', [1, '%x%', '%x%']]);
  });

  it('matches any of a list, and nothing is filtered for an empty list', () => {
    const db = openDatabase(':memory:');
    db.exec("CREATE TABLE t (state TEXT); INSERT INTO t VALUES ('pending'), ('failed'), ('delivered'), ('x'' OR 1=1 --')");
    const count = (filter: SqlFilter) => (db.prepare(`SELECT COUNT(*) AS n FROM t ${filter.where}`).get(...filter.params) as { n: number }).n;
    expect(count(new SqlFilter().addIn('state', ['pending', 'failed']))).toBe(2);
    expect(count(new SqlFilter().addIn('state', []))).toBe(4);
    // A value is a parameter, never SQL.
    expect(count(new SqlFilter().add('state = ?', "x' OR 1=1 --"))).toBe(1);
  });
});
