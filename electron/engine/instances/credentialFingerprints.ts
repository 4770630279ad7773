/**
 * Fingerprints of credentials (signIns.ts keeps them, never the values): HMAC-SHA256 under a random
 * key made at first use and kept where the secrets are: in the keychain, or with --secrets env (which
 * cannot keep anything) in the data dir, 0600. A copy of the database alone cannot be searched for
 * the passwords behind its fingerprints.
 *
 * Credentials that hold no secret (an API without sign-in: a server and nothing else) get a plain
 * SHA-256: nothing behind it is secret, and such an instance polls without the keychain (a locked
 * or unwritable one stopped it at the key).
 *
 * Earlier versions wrote salted scrypt fingerprints (`salt:hash`, 16 MB and ~50 ms each: 500
 * instances cost 23 s of CPU at every start, and the allocator kept ~100 MB of those buffers).
 * They still compare, and `isLegacy` tells signIns.ts to write them again in this form.
 */
import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FINGERPRINT_KEY_FILE, PRIVATE_FILE_MODE } from '../dataDir.ts';
import type { SecretStore } from '../secrets/secretStore.ts';

const PREFIX = 'hmac-sha256:';
const KEYLESS_PREFIX = 'sha256:';
/** The keychain account of the key (no `/`, so never an instance's secret). */
export const FINGERPRINT_KEY_NAME = 'sign-in-fingerprint-key';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number, options: { N: number }) => Promise<Buffer>;
const LEGACY_SCRYPT = { N: 2 ** 14 };
const MAX_REMEMBERED_LEGACY = 1000;

/** What signs in, as one text (signIns.ts makes it), and whether any value in it is a secret. */
export interface Credentials {
  text: string;
  holdsSecret: boolean;
}

export class CredentialFingerprints {
  readonly #secrets: SecretStore;
  readonly #dataDir: string;
  #key: Promise<Buffer> | undefined;
  /** `fingerprint sha256(credentials)` → whether an earlier version's fingerprint matches: its scrypt runs once per change. */
  readonly #legacyMatches = new Map<string, boolean>();

  constructor(options: { secrets: SecretStore; dataDir: string }) {
    this.#secrets = options.secrets;
    this.#dataDir = options.dataDir;
  }

  async of(credentials: Credentials): Promise<string> {
    if (!credentials.holdsSecret) return KEYLESS_PREFIX + sha256(credentials.text).toString('base64url');
    return PREFIX + mac(await this.#loadKey(), credentials.text).toString('base64url');
  }

  async matches(stored: string, credentials: Credentials): Promise<boolean> {
    if (stored.startsWith(KEYLESS_PREFIX)) return sameBytes(Buffer.from(stored.slice(KEYLESS_PREFIX.length), 'base64url'), sha256(credentials.text));
    if (stored.startsWith(PREFIX)) {
      // Without a secret, a key that cannot be read counts as different credentials: tried again, with nothing to lock out.
      const key = credentials.holdsSecret ? await this.#loadKey() : await this.#loadKey().catch(() => undefined);
      return key !== undefined && sameBytes(Buffer.from(stored.slice(PREFIX.length), 'base64url'), mac(key, credentials.text));
    }
    return this.#matchesLegacy(stored, credentials.text);
  }

  async #matchesLegacy(stored: string, credentials: string): Promise<boolean> {
    const memo = `${stored} ${sha256(credentials).toString('hex')}`;
    const remembered = this.#legacyMatches.get(memo);
    if (remembered !== undefined) return remembered;
    const [salt, hash] = stored.split(':');
    const expected = Buffer.from(hash ?? '', 'base64');
    const same = sameBytes(expected, await scryptAsync(credentials, Buffer.from(salt ?? '', 'base64'), expected.length || 32, LEGACY_SCRYPT));
    if (this.#legacyMatches.size >= MAX_REMEMBERED_LEGACY) this.#legacyMatches.clear();
    this.#legacyMatches.set(memo, same);
    return same;
  }

  /** Read once per process; a failure (a locked keychain) is not kept, the next sign-in tries again. */
  #loadKey(): Promise<Buffer> {
    this.#key ??= this.#readKey().catch((error: unknown) => {
      this.#key = undefined;
      throw error;
    });
    return this.#key;
  }

  async #readKey(): Promise<Buffer> {
    const kept = await this.#secrets.ownKey(FINGERPRINT_KEY_NAME, () => randomBytes(32).toString('base64'));
    return Buffer.from(kept ?? keyFile(join(this.#dataDir, FINGERPRINT_KEY_FILE)), 'base64');
  }
}

/** A fingerprint written by an earlier version (scrypt). */
export function isLegacy(stored: string): boolean {
  return !stored.startsWith(PREFIX) && !stored.startsWith(KEYLESS_PREFIX);
}

function sameBytes(expected: Buffer, actual: Buffer): boolean {
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function sha256(credentials: string): Buffer {
  return createHash('sha256').update(credentials).digest();
}

function mac(key: Buffer, credentials: string): Buffer {
  return createHmac('sha256', key).update(credentials).digest();
}

/** The key in the file, made there first if there is none: linked into place whole, so of two processes making it the second reads the first's. */
function keyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, randomBytes(32).toString('base64'), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  return readFileSync(file, 'utf8');
}
