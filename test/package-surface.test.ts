import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Pins the public surface (after h3's package.test.ts): an export added or removed by
 * accident shows up in review as a snapshot change.
 */
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, unknown>;
};

const sourceOf = (subpath: string): string =>
  ({
    '.': '../src/index.js',
    './cookie': '../src/cookie/index.js',
    './itsdangerous': '../src/tokens/itsdangerous/index.js',
    './seal': '../src/tokens/sealed/index.js',
    './errors': '../src/errors.js',
  })[subpath] ?? `../src/${subpath.slice(2)}.js`;

const subpaths = Object.keys(manifest.exports).filter((key) => key !== './package.json');

describe('the public surface', () => {
  it.each(subpaths)('%s exports exactly the pinned names', async (subpath) => {
    const module = (await import(sourceOf(subpath))) as Record<string, unknown>;
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
