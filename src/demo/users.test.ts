import { describe, expect, it } from 'vitest';
import { DEMO_USERS, createUserDirectory } from './users.js';

const users = await createUserDirectory(DEMO_USERS);

describe('the demo user directory', () => {
  it.each([
    ['alice', 'wonderland', 'alice'],
    ['bob', 'builder', 'bob'],
    ['alice', 'builder', undefined],
    ['bob', 'wonderland', undefined],
    ['alice', 'Wonderland', undefined],
    ['alice', '', undefined],
    ['carol', 'wonderland', undefined],
    ['', '', undefined],
    ['__proto__', 'x', undefined],
    ['constructor', 'x', undefined],
  ])('verifies %j / %j as %j', async (username, password, expected) => {
    expect(await users.verify(username, password)).toBe(expected);
  });

  it('salts each directory: the same users hash differently', async () => {
    const again = await createUserDirectory({ alice: 'wonderland' });
    expect(await again.verify('alice', 'wonderland')).toBe('alice');
    expect(await again.verify('bob', 'builder')).toBeUndefined();
  });
});
