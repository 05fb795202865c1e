import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_BYTES = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_BYTES, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

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
