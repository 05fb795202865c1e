/**
 * Cookie parsing and Set-Cookie serialization against jshttp/cookie v2 (the target), its
 * older majors, cookie-es, and a template-string floor. Header sizes follow
 * shared/research/performance.md: 1, 10 and 50 cookies of realistic shape.
 */
import { createRequire } from 'node:module';
import * as cookie2 from 'cookie';
import * as cookieEs from 'cookie-es';
import * as cookie1 from 'cookie-v1';
import { parseCookie, stringifySetCookie } from 'tessera/cookie';
import { runSuite, type BenchCase, type Target } from './harness.js';

interface CookieV0 {
  parse(header: string): Record<string, string | undefined>;
  serialize(name: string, value: string, options?: object): string;
}
// cookie@0.7 ships no types; this is the slice of its API the suite calls.
const cookie0 = createRequire(import.meta.url)('cookie-v0') as CookieV0;

const ONE =
  '__Host-sid=4Ivhkry6XXO5BPtqwe3LqNcmnJyxARt9.EzeuaCJomZpT2Ujq6k895NfbXxdYlY6XwDC3anRD_q8_OlZt';
const TEN = [
  '_ga=GA1.1.1489276253.1732137600',
  '_gid=GA1.2.987654321.1732137600',
  '_fbp=fb.1.1732137600123.1098765432',
  '__cf_bm=hX3Yd9kQ2rTmVw7LpZs5Nf8BcJ4eGaUo1iRtKyMxPq0-1732137600-1.0.1.1-Qa9vX2mT7pLwK4s',
  'cf_clearance=Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5b-1732137600-1.2.1.1',
  'theme=dark',
  'lang=en-US',
  'csrftoken=Zq4Tn8WvB2kLp5Rj',
  '_gh_sess=bm9TZXNzaW9uCg%3D%3D--4f2a',
  'tz=Europe%2FBerlin',
].join('; ');
// The same header without its two percent-encoded values, to separate that fast path out.
const TEN_PLAIN = TEN.replace('%3D%3D', '__').replace('%2F', '-');
const NAMES = ['_ga', '_gid', '_fbp', 'sid', 'pref', 'lang', 'ab_test', 'cart', 'utm_src', 'trk'];
const FIFTY = Array.from({ length: 50 }, (_, i) => {
  const name = `${NAMES[i % NAMES.length]!}_${i}`;
  const value = `v${i}.${(i * 2654435761).toString(36)}.${'AbCdEfGhIjKlMn012345678'.slice(i % 7)}`;
  return `${name}=${value}`;
}).join('; ');

for (const [label, header] of [
  ['1', ONE],
  ['10', TEN],
  ['10, no %', TEN_PLAIN],
  ['50', FIFTY],
] as const) {
  const cases: BenchCase[] = [
    { name: `tessera parseCookie (${label})`, fn: () => parseCookie(header) },
    { name: `cookie@2 parseCookie (${label})`, fn: () => cookie2.parseCookie(header) },
    { name: `cookie@1 parse (${label})`, fn: () => cookie1.parse(header) },
    { name: `cookie@0.7 parse (${label})`, fn: () => cookie0.parse(header) },
    { name: `cookie-es parse (${label})`, fn: () => cookieEs.parse(header) },
  ];
  const targets: Target[] = [
    {
      ours: `tessera parseCookie (${label})`,
      peer: `cookie@2 parseCookie (${label})`,
      atLeast: 1.0,
    },
  ];
  await runSuite(`Cookie header, ${label} cookie(s), ${header.length} B`, cases, targets);
}

const SID = '4Ivhkry6XXO5BPtqwe3LqNcmnJyxARt9.EzeuaCJomZpT2Ujq6k895NfbXxdYlY6XwDC3anRD_q8';
const ATTRIBUTES = {
  maxAge: 86400,
  domain: 'example.com',
  path: '/',
  httpOnly: true,
  secure: true,
  sameSite: 'lax',
} as const;
// One prebuilt input for every object-form case, so the suite times serialization and not
// the caller's object spread (identical for every library).
const INPUT = { name: 'sid', value: SID, ...ATTRIBUTES };
const EXPECTED = `sid=${SID}; Max-Age=86400; Domain=example.com; Path=/; HttpOnly; Secure; SameSite=Lax`;
for (const output of [
  stringifySetCookie(INPUT),
  stringifySetCookie('sid', SID, ATTRIBUTES),
  cookie2.stringifySetCookie(INPUT),
]) {
  if (output !== EXPECTED) throw new Error(`unexpected Set-Cookie: ${output}`);
}

// V8 builds this as a lazy rope, as it does every serializer's output, so the floor is the
// cost of the concatenation alone.
const floor = (cookie: typeof INPUT): string =>
  `${cookie.name}=${cookie.value}; Max-Age=${cookie.maxAge}; Domain=${cookie.domain}; Path=${cookie.path}; HttpOnly; Secure; SameSite=Lax`;

await runSuite(
  'Set-Cookie serialization, all attributes',
  [
    { name: 'raw floor template string', fn: () => floor(INPUT) },
    { name: 'tessera stringifySetCookie({...})', fn: () => stringifySetCookie(INPUT) },
    {
      name: 'tessera stringifySetCookie(name, value, attrs)',
      fn: () => stringifySetCookie('sid', SID, ATTRIBUTES),
    },
    { name: 'cookie@2 stringifySetCookie({...})', fn: () => cookie2.stringifySetCookie(INPUT) },
    {
      name: 'cookie@1 serialize(name, value, attrs)',
      fn: () => cookie1.serialize('sid', SID, ATTRIBUTES),
    },
    { name: 'cookie@0.7 serialize', fn: () => cookie0.serialize('sid', SID, ATTRIBUTES) },
    { name: 'cookie-es serialize', fn: () => cookieEs.serialize('sid', SID, ATTRIBUTES) },
  ],
  [
    {
      ours: 'tessera stringifySetCookie({...})',
      peer: 'cookie@2 stringifySetCookie({...})',
      atLeast: 1.2,
    },
    {
      ours: 'tessera stringifySetCookie(name, value, attrs)',
      peer: 'cookie@2 stringifySetCookie({...})',
      atLeast: 1.2,
    },
  ],
);
