/**
 * Where the browser tests save a screenshot of each view: `test-results/screenshots/` on every run
 * (ignored by git), or the README's `docs/screenshots/` when refreshing them with `npm run screenshots`.
 */
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export function screenshotDir(): string {
  return process.env.SCREENSHOT_DIR ? join(ROOT, process.env.SCREENSHOT_DIR) : join(ROOT, 'test-results', 'screenshots');
}
