/**
 * Child process for callbackUserInfoKeychain.test.ts, run in a private keyring session: an instance
 * whose callback URL carries user info is edited, first on the same origin, then to another origin,
 * with the real keychain. Prints one JSON line: the stored user info after each step.
 *
 *   node callbackOriginScenario.ts <data dir> <crm url> <callback url with user info> <same-origin url> <other-origin url>
 */
import { CALLBACK_USER_INFO_KEY } from '../../../../shared/config/callbackUrl.ts';
import { Engine } from '../../../../electron/engine/engine.ts';
import { openSecretStore } from '../../../../electron/engine/secrets/openSecretStore.ts';
import { openConfSettings } from '../../../../electron/engine/settings/openConfSettings.ts';
import { deliveringInstance } from './setup.ts';

const [dataDir, crmUrl, withUserInfo, sameOrigin, otherOrigin] = process.argv.slice(2) as [string, string, string, string, string];
const engine = new Engine({ dataDir, settings: openConfSettings(dataDir), secrets: openSecretStore('keychain') });
const stored = () => engine.secrets.get('Test API', CALLBACK_USER_INFO_KEY).then((value) => value ?? null);
const { instance } = await engine.addInstance(deliveringInstance(crmUrl, withUserInfo));
const saved = await stored();
const edited = await engine.replaceInstance(instance, deliveringInstance(crmUrl, sameOrigin));
const afterSameOrigin = await stored();
await engine.replaceInstance(edited.instance, deliveringInstance(crmUrl, otherOrigin));
const afterOtherOrigin = await stored();
engine.close();
process.stdout.write(`${JSON.stringify({ saved, afterSameOrigin, afterOtherOrigin })}\n`);
