import { type ScryptOptions, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const KEY_BYTES = 32;
/**
 * Node's defaults (16 MiB per hash). OWASP's Password Storage Cheat Sheet asks for N = 2^17
 * (128 MiB) in production; a demo that anyone can post logins to keeps each hash small.
 */
const COST: ScryptOptions = { N: 2 ** 14, r: 8, p: 1 };

// promisify picks scrypt's overload without options; the callback shape is the same.
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: ScryptOptions,
) => Promise<Buffer>;
const derive = (password: string, salt: Buffer): Promise<Buffer> =>
  scryptAsync(password, salt, KEY_BYTES, COST);

/** Checks a username and password against the users it was built from. */
export interface UserDirectory {
  /** The user's ID when the password is theirs, else `undefined`. */
  verify(username: string, password: string): Promise<string | undefined>;
}

/**
 * Keeps only an scrypt hash of each password, with a random salt per user (OWASP Password
 * Storage Cheat Sheet), and compares hashes in constant time. An unknown user costs the
 * same hash as a known one, so timing does not tell which usernames exist (ASVS 5.0 6.3.8).
 */
export async function createUserDirectory(
  users: Readonly<Record<string, string>>,
): Promise<UserDirectory> {
  const hashes = new Map<string, { salt: Buffer; hash: Buffer }>();
  for (const [username, password] of Object.entries(users)) {
    const salt = randomBytes(16);
    hashes.set(username, { salt, hash: await derive(password, salt) });
  }
  const decoy = { salt: randomBytes(16), hash: randomBytes(KEY_BYTES) };
  return {
    async verify(username, password) {
      const known = hashes.get(username);
      const { salt, hash } = known ?? decoy;
      const matches = timingSafeEqual(await derive(password, salt), hash);
      return matches && known !== undefined ? username : undefined;
    },
  };
}

/** The demo's users, as the FastAPI session tutorials have them. */
export const DEMO_USERS: Readonly<Record<string, string>> = {
  alice: 'wonderland',
  bob: 'builder',
};
