/** The Cloud Elements seed instances, kept beside the demo that runs them (electron/engine/demo/seeds/). */
import { join } from 'node:path';

export const SEEDS = join(import.meta.dirname, '..', '..', 'electron', 'engine', 'demo', 'seeds');
