import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Pins the public surface (after h3's package.test.ts): an export added or removed by
 * accident shows up in review as a snapshot change.
 */
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, unknown>;
};

type Target = { types: string; default: string };

const exported = Object.entries(manifest.exports).filter(
  (entry): entry is [string, Target] => typeof entry[1] === 'object',
);

// './dist/cookie/index.js' is built from 'src/cookie/index.ts'.
const sourceOf = (target: Target): string => target.default.replace(/^\.\/dist\//, '../src/');

describe('the public surface', () => {
  it.each(exported)('%s exports exactly the pinned names', async (_subpath, target) => {
    const module = (await import(sourceOf(target))) as Record<string, unknown>;
    expect(Object.keys(module).sort()).toMatchSnapshot();
  });

  it('points every export at a built file under dist/', () => {
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (subpath === './package.json') continue;
      expect(target).toMatchObject({
        types: expect.stringMatching(/^\.\/dist\/.+\.d\.ts$/) as unknown,
        default: expect.stringMatching(/^\.\/dist\/.+\.js$/) as unknown,
      });
    }
  });

  it('keeps third-party code out of the root import', () => {
    const root = readFileSync('src/index.ts', 'utf8');
    expect(root).not.toMatch(/from '(?!\.)/);
  });
});
