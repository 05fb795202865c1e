/**
 * JSON bombs in stored records (corpus §8.M, checklist TK-12): hostile records written
 * straight into each store, or sealed with the test secret, behind the manager's back. Loading
 * one gives an anonymous session or a clean refusal, never a 500, a crash or a hang; the
 * hostile record is never adopted or overwritten; no prototype changes.
 */
import { expect } from 'vitest';
import {
  describeMatrix,
  envelope,
  EVERY_BACKEND,
  expectAnonymous,
  expectPristinePrototypes,
  NAME,
  sessionCookieIn,
  type World,
} from './harness.js';

const HOUR = 3_600_000;
const DEPTH = 100_000;

/** A record's JSON text with `fields` replacing a valid envelope's, spelled by hand. */
function withFields(now: number, fields: string): string {
  return `{"v":1,"c":${now},"a":${now + HOUR},"d":{},${fields}}`.replace(',}', '}');
}

/** Records the session layer must refuse, as JSON text. */
const refused: Array<[string, (now: number) => string]> = [
  ['invalid JSON', () => '{"v":1,'],
  ['an empty record', () => ''],
  ['JSON followed by garbage', (now) => `${withFields(now, '')}x`],
  ['top-level null', () => 'null'],
  ['a top-level array', () => '[]'],
  ['a top-level string', () => '"v1"'],
  ['a top-level number', () => '42'],
  ['an array nested 100 000 deep', () => '['.repeat(DEPTH) + ']'.repeat(DEPTH)],
  ['another format version', (now) => withFields(now, '"v":2')],
  ['a creation time as a string', (now) => withFields(now, `"c":"${now}"`)],
  ['a negative creation time', (now) => withFields(now, '"c":-1')],
  ['an overflowing deadline', (now) => withFields(now, '"a":1e999')],
  ['a fractional deadline', (now) => withFields(now, '"a":1.5')],
  ['data as an array', (now) => withFields(now, '"d":[]')],
  ['data as null', (now) => withFields(now, '"d":null')],
  ['a numeric user', (now) => withFields(now, '"u":42')],
  ['a user object', (now) => withFields(now, '"u":{"toString":"alice"}')],
  ['a non-string flash message', (now) => withFields(now, '"f":{"notice":1}')],
];

/** What a hostile record looks like to each kind of backend: a stored record or a sealed one. */
async function plantedAs(world: World, text: string): Promise<string | undefined> {
  if (world.stateful) return world.plant(text);
  // A cookie holds 4 KiB: larger records reach sealed sessions only through the store modes.
  if (text.length > 4096) return undefined;
  const now = world.clock.now();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined; // a seal holds JSON only: no forger without the key gets invalid JSON in
  }
  return world.seal({ e: parsed, s: now });
}

describeMatrix('JSON bombs in stored records', EVERY_BACKEND, ({ it, setup, stateful }) => {
  it('malformed and wrongly shaped records are anonymous: never adopted, never overwritten, never a 500', async () => {
    const world = await setup();
    for (const [label, record] of refused) {
      const text = record(world.clock.now());
      const planted = await plantedAs(world, text);
      if (planted === undefined) continue;
      const cookie = `${NAME}=${planted}`;
      const read = await world.node.send('GET', '/data', { cookie });
      expect(read.status, label).toBe(401);
      expectAnonymous(read);
      const write = await world.node.send('POST', '/counter', { cookie });
      expect(write.body, label).toEqual({ count: 1 });
      expect(sessionCookieIn(write), label).not.toBe(planted);
      if (stateful) expect((await world.record(planted))?.data, label).toBe(text);
    }
    expectPristinePrototypes();
  });

  if (!stateful) {
    it('sealed payloads of the wrong shape are anonymous, never a 500', async () => {
      const world = await setup();
      const now = world.clock.now();
      const valid = envelope(now, { u: 'alice' });
      const payloads: unknown[] = [
        null,
        [],
        42,
        'e',
        { e: valid },
        { e: valid, s: 'now' },
        { s: now },
      ];
      for (const payload of payloads) {
        const cookie = `${NAME}=${world.seal(payload)}`;
        expectAnonymous(await world.node.send('GET', '/data', { cookie }));
      }
      // The control: the same envelope, rightly shaped, opens.
      const genuine = await world.node.send('GET', '/data', {
        cookie: `${NAME}=${world.seal({ e: valid, s: now })}`,
      });
      expect(genuine.body).toEqual({ user_id: 'alice' });
    });
  }

  if (stateful) {
    it('odd JSON values inside the data (overflowing numbers, lone surrogates) load and save without a 500', async () => {
      const world = await setup();
      const odd = '"d":{"big":1e999999,"long":12345678901234567890123,"neg":-0,"s":"\\ud800"}';
      const planted = await world.plant(withFields(world.clock.now(), odd));
      const cookie = `${NAME}=${planted}`;
      expectAnonymous(await world.node.send('GET', '/data', { cookie }));
      expect((await world.node.send('POST', '/counter', { cookie })).body).toEqual({ count: 1 });
    });

    it('a record holding a million-element array loads and saves in bounded time, without a 500', async () => {
      const world = await setup();
      const array = `[${'0,'.repeat(999_999)}0]`;
      const planted = await world.plant(
        withFields(world.clock.now(), `"d":{"count":1,"x":${array}}`),
      );
      const cookie = `${NAME}=${planted}`;
      const started = performance.now();
      expectAnonymous(await world.node.send('GET', '/data', { cookie }));
      expect((await world.node.send('POST', '/counter', { cookie })).body).toEqual({ count: 2 });
      expect(performance.now() - started).toBeLessThan(10_000);
    });

    it('a record whose data nests 100 000 deep is anonymous on read and write, never a 500', async () => {
      const world = await setup();
      const deep = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
      const planted = await world.plant(withFields(world.clock.now(), `"d":{"x":${deep}}`));
      const cookie = `${NAME}=${planted}`;
      expectAnonymous(await world.node.send('GET', '/data', { cookie }));
      const write = await world.node.send('POST', '/counter', { cookie });
      expect(write.body).toEqual({ count: 1 });
      expect(sessionCookieIn(write)).not.toBe(planted);
    });
  }
});
