/** `events list` shows what changed, `events show <id>` the record and its changes; `--json` carries them. The real CLI in child processes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../../electron/engine/polling/events.ts';
import { openTestEngine, tempDataDir } from '../../engine/support/harness.ts';
import { item, itemsDocument, startItemsApi, type ItemsApi } from '../../engine/support/itemsApi.ts';
import { runCli } from '../support/runCli.ts';

let api: ItemsApi;
let dataDir: string;
let firstSeen: ChangeEvent;
let moved: ChangeEvent;
const cli = (...args: string[]) => runCli(['--data-dir', dataDir, '--secrets', 'env', ...args]);

beforeAll(async () => {
  api = await startItemsApi([item('opp-1', { stage: 'Prospecting', amount: 100, owner: { name: 'kim' } })]);
  dataDir = tempDataDir('cep-events-cli-');
  const engine = openTestEngine(dataDir);
  const { instance } = await engine.addInstance(itemsDocument(api.url));
  const poll = async (backfillSince?: number) => (await engine.pollInstance(instance, backfillSince === undefined ? {} : { backfillSince })).flatMap((outcome) => outcome.result?.newEvents ?? []);
  [firstSeen] = (await poll(0)) as [ChangeEvent];
  api.edit('opp-1', { stage: 'Negotiation', owner: { name: 'lee' }, amount: undefined });
  [moved] = (await poll()) as [ChangeEvent];
  engine.close();
});

afterAll(() => api.close());

describe('events on the command line', () => {
  it('list shows the changed fields, and "first seen" where nothing was stored before', async () => {
    const result = await cli('events', 'list');
    expect(result.code, result.stderr).toBe(0);
    const [header, newest, oldest] = result.stdout.trim().split('\n');
    expect(header).toMatch(/^DATE\s+INSTANCE\s+RESOURCE\s+TYPE\s+OBJECT\s+CHANGED\s+ID$/);
    expect(newest).toMatch(new RegExp(`UPDATED\\s+opp-1\\s+stage, amount, owner\\.name\\s+${moved.id}$`));
    expect(oldest).toMatch(new RegExp(`UPDATED\\s+opp-1\\s+first seen\\s+${firstSeen.id}$`));
  });

  it('list --json carries changedFields and changes', async () => {
    const result = await cli('events', 'list', '--json');
    const [newest, oldest] = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(newest).toMatchObject({
      id: moved.id,
      changedFields: ['stage', 'amount', 'owner.name'],
      changes: [
        { path: 'stage', old: 'Prospecting', new: 'Negotiation' },
        { path: 'amount', old: 100 },
        { path: 'owner.name', old: 'kim', new: 'lee' },
      ],
    });
    expect(oldest).toMatchObject({ id: firstSeen.id, changedFields: null, changes: null });
  });

  it('show prints the record and each change, old to new', async () => {
    const result = await cli('events', 'show', moved.id);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`event ${moved.id}`);
    expect(result.stdout).toContain('  stage: "Prospecting" → "Negotiation"\n  amount: 100 → (absent)\n  owner.name: "kim" → "lee"\n');
    expect(result.stdout).toMatch(/record:\n\{\n {2}"id": "opp-1",[\s\S]*"stage": "Negotiation"/);
    expect((await cli('events', 'show', firstSeen.id)).stdout).toContain('first seen: no earlier version was stored');
  });

  it('show --json carries the record and its changes', async () => {
    const shown = JSON.parse((await cli('events', 'show', moved.id, '--json')).stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({ id: moved.id, objectId: 'opp-1', changedFields: ['stage', 'amount', 'owner.name'], raw: { id: 'opp-1', stage: 'Negotiation' } });
  });

  it('show says what to do about an id it does not have', async () => {
    const result = await cli('events', 'show', 'nope');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('no stored event "nope"; "events list" shows the ids');
  });
});
