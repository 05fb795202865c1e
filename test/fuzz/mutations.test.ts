/**
 * A sample of `npm run fuzz`'s mutation campaign: every verifier refuses every mutation of its
 * own valid tokens with its typed error. `FUZZ_SEED` replays a failing sample.
 */
import { describe, expect, it } from 'vitest';
import { decodeBase64Url } from '../../src/crypto/encoding.js';
import { runCampaign } from './campaign.js';
import { structuralMutations } from './mutate.js';
import { seedFromEnv } from './random.js';
import { createTargets } from './targets.js';

const MUTATIONS_PER_TARGET = 500;
const seed = seedFromEnv();
const { targets, skipped } = await createTargets(seed);

describe(`a mutated token is always refused (${MUTATIONS_PER_TARGET} per verifier, seed ${seed})`, () => {
  it.each(targets.map((target) => [target.name, target] as const))(
    '%s refuses every mutation with its typed error',
    async (_name, target) => {
      const [report] = await runCampaign([target], { perTarget: MUTATIONS_PER_TARGET, seed });
      const replay = `FUZZ_SEED=${seed}: ${JSON.stringify(report!.findings, null, 2)}`;
      expect(report!.accepted, replay).toBe(0);
      expect(report!.unexpected, replay).toBe(0);
      expect(report!.rejected).toBeGreaterThanOrEqual(MUTATIONS_PER_TARGET);
    },
  );

  for (const { name, reason } of skipped) it.skip(`${name} (${reason})`, () => undefined);
});

describe('the mutator', () => {
  // security.md §10's flask-like token: its signature (20 bytes, 27 characters) has a "-" and
  // 2 spare bits in its last character.
  const token = 'eyJ1c2VyX2lkIjoxfQ.TgPVoQ.X9OzqmUUVTu-CJtaZvFM5FyYtMY';

  it('respells base64 segments into strings a lenient decoder reads as the same bytes', () => {
    const respelled = structuralMutations(token).filter(({ kind }) => kind.startsWith('base64-'));
    const lenient = (text: string): string =>
      text
        .split('.')
        .map((segment) => Buffer.from(segment, 'base64url').toString('hex'))
        .join('.');
    expect(respelled.length).toBeGreaterThan(10);
    for (const { value } of respelled) {
      expect(value).not.toBe(token);
      expect(lenient(value)).toBe(lenient(token));
      expect(value.split('.').every((segment) => decodeBase64Url(segment) !== undefined)).toBe(
        false,
      );
    }
  });

  it('lets the campaign catch a verifier that reads base64 leniently', async () => {
    const canonical = (text: string): string =>
      text
        .split('.')
        .map((segment) => Buffer.from(segment, 'base64url').toString('base64url'))
        .join('.');
    const lenient = {
      name: 'lenient',
      tokens: [token],
      verify: (candidate: string) => (canonical(candidate) === token ? 'accepted' : 'rejected'),
    } as const;
    const [report] = await runCampaign([lenient], { perTarget: 2000, seed });
    expect(report!.byKind.get('base64-padding')).toBeGreaterThan(0);
    expect(report!.byKind.get('base64-alphabet')).toBeGreaterThan(0);
    expect(report!.byKind.get('base64-spare-bits')).toBeGreaterThan(0);
  });

  it('truncates at every length and deletes at every position', () => {
    const mutations = structuralMutations(token);
    for (let length = 0; length < token.length; length++) {
      expect(mutations).toContainEqual({ kind: 'truncate', value: token.slice(0, length) });
    }
    expect(mutations.filter(({ kind }) => kind === 'delete')).toHaveLength(token.length);
  });
});
