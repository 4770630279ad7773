/**
 * The Cloud Elements seed instances the demo runs, exactly as documented (seeds/). Imported, not
 * read from disk: the command's bundle carries them, so demo mode needs no file beside it.
 */
import sage from './seeds/sagecrm-instance-example.json' with { type: 'json' };
import dynamicsTracking from './seeds/dynamicscrmadfs-instance-2016.json' with { type: 'json' };
import dynamicsByDate from './seeds/dynamicscrmadfs-instance-legacy.json' with { type: 'json' };
import type { DemoFixtures } from './demoInstances.ts';

/** Fresh copies: a caller may change what it is given. */
export function demoSeeds(): DemoFixtures {
  return structuredClone({ sage, dynamicsTracking, dynamicsByDate }) as DemoFixtures;
}
