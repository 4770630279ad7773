/** "Fetch sample": recent records with what the poller would make of them; nothing is stored, the cursor does not move. */
import type { SampleRecord } from '../../../shared/api.ts';
import type { ResourceConfig } from '../../../shared/config/types.ts';
import type { Connector } from '../connectors/types.ts';
import { createRecordReader, TOO_DEEP_TO_WRITE, writeRecord } from './recordReader.ts';

export async function fetchSample(connector: Connector, resource: ResourceConfig, sinceMs: number, limit = 25, signal?: AbortSignal): Promise<SampleRecord[]> {
  const read = createRecordReader(resource, { caseInsensitivePaths: connector.caseInsensitivePaths });
  const samples: SampleRecord[] = [];
  for await (const page of connector.fetchChanges({ resource, sinceMs, signal })) {
    for (const raw of page.records) {
      const reading = read(raw);
      // The sample goes to the window as JSON: a record too deep to write is shown as a problem only.
      if (writeRecord(raw) === undefined) {
        samples.push({ objectId: 'record' in reading ? reading.record.objectId : reading.unreadable.objectId, problem: TOO_DEEP_TO_WRITE, raw: null });
      } else if ('record' in reading) {
        const { objectId, changeTime, createdTime, eventType } = reading.record;
        const created = createdTime === undefined ? undefined : new Date(createdTime).toISOString();
        samples.push({ objectId, changeTime: new Date(changeTime).toISOString(), createdTime: created, eventType, raw });
      } else {
        samples.push({ objectId: reading.unreadable.objectId, problem: reading.unreadable.reason, raw });
      }
    }
    // One page is enough to show what the configuration reads.
    break;
  }
  // Newest first: a sample that always shows the same old record tells nothing.
  return samples.sort((a, b) => (b.changeTime ?? '').localeCompare(a.changeTime ?? '')).slice(0, limit);
}
