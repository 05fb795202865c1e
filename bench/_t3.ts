import { runSuite } from './harness.js';
import { parseCookie } from '../src/cookie/index.js';
import { lean } from './_pv.js';
import * as cookie2 from 'cookie';
const ONE = '__Host-sid=4Ivhkry6XXO5BPtqwe3LqNcmnJyxARt9.EzeuaCJomZpT2Ujq6k895NfbXxdYlY6XwDC3anRD_q8_OlZt';
await runSuite('t3', [
  { name: 'ours', fn: () => parseCookie(ONE) },
  { name: 'lean', fn: () => lean(ONE) },
  { name: 'cookie2', fn: () => cookie2.parseCookie(ONE) },
], [{ ours: 'ours', peer: 'cookie2', atLeast: 1 }, { ours: 'lean', peer: 'cookie2', atLeast: 1 }]);
