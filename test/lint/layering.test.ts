// The import rules of eslint.config.js, run on files that break them (and on one that keeps them),
// so that a config edit that silently stops enforcing a layer fails here.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const eslint = new ESLint({ cwd: ROOT });

async function importRuleErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = [imported];\n`, { filePath: `${ROOT}${file}` });
  return (result?.messages ?? []).filter((message) => message.ruleId?.startsWith('import-x/')).map((message) => message.ruleId ?? '');
}

describe('layering in lint', () => {
  it.each([
    ['renderer/src/lib/probe.ts', "import { imported } from '../../../electron/engine/engine.ts';"],
    ['renderer/src/components/Probe.svelte', "<script lang=\"ts\">import { imported } from '../../../electron/cli/format.ts'; console.log(imported);</script>"],
    ['shared/probe.ts', "import { imported } from '../electron/engine/engine.ts';"],
    ['shared/config/probe.ts', "import { imported } from 'node:fs';"],
    ['electron/engine/probe.ts', "import { imported } from '../main/paths.ts';"],
    ['electron/engine/polling/probe.ts', "import { imported } from '../../cli/format.ts';"],
    ['electron/engine/probe.ts', "import { imported } from '../preload/channels.ts';"],
    ['electron/cli/probe.ts', "import { imported } from '../../test/support/failOnWarnings.ts';"],
    ['electron/simulators/probe.ts', "import { imported } from '../../test/simulators/support/helpers.ts';"],
  ])('%s: %s is refused', async (file, source) => {
    expect(await importRuleErrors(file, source)).not.toEqual([]);
  });

  it.each([
    ['renderer/src/lib/probe.ts', "import { imported } from '../../../shared/api.ts';"],
    ['electron/cli/probe.ts', "import { imported } from '../engine/engine.ts';"],
    ['test/cli/probe.ts', "import { imported } from '../support/failOnWarnings.ts';"],
  ])('%s: %s is allowed', async (file, source) => {
    expect(await importRuleErrors(file, source)).toEqual([]);
  });

  it.each([
    ['electron/cli/commands/probe.ts', true],
    ['electron/engine/service/probe.ts', true],
    ['electron/engine/store/probe.ts', false],
  ])('%s: reaching engine.stores.db refused: %s', async (file, refused) => {
    const [result] = await eslint.lintText('declare const engine: { stores: { db: unknown } };\nexport const used = engine.stores.db;\n', { filePath: `${ROOT}${file}` });
    const errors = (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-syntax');
    expect(errors.length > 0).toBe(refused);
  });
});
