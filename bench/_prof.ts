import { stringifySetCookie } from '../src/cookie/index.js';
import * as cookie2 from 'cookie';
const SID = '4Ivhkry6XXO5BPtqwe3LqNcmnJyxARt9.EzeuaCJomZpT2Ujq6k895NfbXxdYlY6XwDC3anRD_q8';
const INPUT = { name: 'sid', value: SID, maxAge: 86400, domain: 'example.com', path: '/', httpOnly: true, secure: true, sameSite: 'lax' } as const;
let s = 0;
for (let r = 0; r < 3; r++) {
let t = performance.now();
for (let i = 0; i < 1e7; i++) s += stringifySetCookie(INPUT).length;
console.log('ours', (performance.now() - t) / 1e7 * 1e6, 'ns');
t = performance.now();
for (let i = 0; i < 1e7; i++) s += cookie2.stringifySetCookie(INPUT).length;
console.log('cookie2', (performance.now() - t) / 1e7 * 1e6, 'ns');
}
