// A held cursor is never silent: against a server whose rows never stop moving, every poll says
// since when the cursor is held, why, and for how many polls in a row; from the third the instance
// needs attention in the scheduler's status (what the window shows), the tray and `status`, never
// "ok"; and once the rows stand still the hold ends.
import { afterEach, describe, expect, it } from 'vitest';
import { buildTrayModel } from '../../../electron/main/trayModel.ts';
import type { Engine } from '../../../electron/engine/engine.ts';
import { ATTENTION_AFTER_HELD_POLLS } from '../../../electron/engine/polling/findings.ts';
import { Scheduler } from '../../../electron/engine/scheduler/scheduler.ts';
import { runCli } from '../../cli/support/runCli.ts';
import { addItemsInstance, openTestEngine, pollOnce, tempDataDir } from '../support/harness.ts';
import { startRecordServer, type RecordServer } from '../support/recordServer.ts';

let server: RecordServer;
let engine: Engine;

afterEach(async () => {
  engine?.close();
  await server?.close();
});

describe('a held cursor', () => {
  it(`says since when, why and how often; needs attention from the ${ATTENTION_AFTER_HELD_POLLS}rd held poll on (scheduler, tray, status); and lets go once the rows stand still`, async () => {
    // Unordered offset paging, and a record changed before every page: no read of the window is ever stable.
    server = await startRecordServer({ dateStyle: { kind: 'epoch' }, unordered: true, recordClockAheadMs: 5_000 });
    const dataDir = tempDataDir();
    engine = openTestEngine(dataDir);
    const instance = await addItemsInstance(engine, server.url, { pattern: 'milliseconds', pageSize: 10 });
    await pollOnce(engine, instance);
    server.beforeEveryPage(0, () => server.upsert('busy'));
    const scheduler = new Scheduler(engine);

    let since: number | undefined;
    for (let poll = 1; poll <= ATTENTION_AFTER_HELD_POLLS; poll++) {
      await scheduler.pollNow(instance.id);
      const [status] = scheduler.status();
      const resource = status?.resources[0];
      expect(resource?.held).toMatchObject({ polls: poll, reason: expect.stringMatching(/^rows kept moving while paging/) });
      since ??= resource?.held?.since;
      expect(resource?.held?.since).toBe(since);
      expect(resource?.warnings[0]).toContain(`the cursor is held since ${new Date(since as number).toISOString()} (${poll === 1 ? 'the last poll' : `${poll} polls in a row`})`);
      expect(status?.state).toBe(poll < ATTENTION_AFTER_HELD_POLLS ? 'idle' : 'needs-attention');
    }
    const statuses = scheduler.status();
    expect(statuses[0]?.resources[0]?.attention).toMatch(/the cursor has not advanced for 3 polls in a row: rows kept moving/);
    const tray = buildTrayModel({ statuses, unread: 0, startAtLogin: false, muted: false, pauses: {}, now: Date.now() });
    expect(tray.icon).toBe('attention');
    expect(tray.tooltip).toContain('Test API needs attention');
    expect(JSON.stringify(tray.menu)).toContain('items: the cursor has not advanced for 3 polls');

    // A restart does not forget it: the scheduler's first view comes from the stores.
    expect(new Scheduler(engine).status()[0]).toMatchObject({ state: 'needs-attention', resources: [{ held: { polls: 3 } }] });

    engine.close();
    const cli = await runCli(['--data-dir', dataDir, '--secrets', 'env', 'status']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/Test API\s+items\s+\S+\s+needs attention/);
    expect(cli.stdout).not.toMatch(/items\s+\S+\s+ok\b/);
    expect(cli.stdout).toContain(`Test API / items: the cursor is held since ${new Date(since as number).toISOString()} (3 polls in a row): rows kept moving`);
    const json = JSON.parse((await runCli(['--data-dir', dataDir, '--secrets', 'env', 'status', '--json'])).stdout) as { resources: { needsAttention: boolean; held: { polls: number } }[] }[];
    expect(json[0]?.resources[0]).toMatchObject({ needsAttention: true, held: { polls: 3 } });

    // The rows stand still: the next poll advances, and the hold is gone.
    engine = openTestEngine(dataDir);
    server.beforeEveryPage(0, undefined);
    const after = new Scheduler(engine);
    await after.pollNow(instance.id);
    const [recovered] = after.status();
    expect(recovered?.resources[0]?.held).toBeUndefined();
    expect(recovered?.state).toBe('idle');
  });
});
