import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../src/demo/server.js';

let demo: RunningDemo;
let base: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tessera-demo-'));
  demo = await startDemo({ port: 0, store: 'memory', dataDir, log: () => undefined });
  base = demo.url.slice(0, -1);
});

afterAll(async () => {
  await demo.close();
  await rm(dataDir, { recursive: true, force: true });
});

const get = (path: string, cookie?: string) =>
  fetch(base + path, cookie === undefined ? {} : { headers: { cookie } });

describe('the demo serves the FastAPI cookie tutorial over real HTTP', () => {
  it('sets mycookie as a secure browser-session cookie', async () => {
    const response = await get('/set-cookie/');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'Cookie set successfully!' });
    const setCookie = response.headers.getSetCookie();
    expect(setCookie).toHaveLength(1);
    expect(setCookie[0]).toMatch(/^mycookie=hello_world; /);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/']) {
      expect(setCookie[0]).toContain(attribute);
    }
    expect(setCookie[0]).not.toMatch(/Max-Age|Expires/);
  });

  it('reads mycookie back, or says it is missing', async () => {
    expect(await (await get('/read-cookie/', 'mycookie=hello_world')).json()).toEqual({
      message: 'The value of mycookie is: hello_world',
    });
    expect(await (await get('/read-cookie/')).json()).toEqual({
      message: 'mycookie was not found!',
    });
  });

  it('sets the fake session cookie on POST /cookie/', async () => {
    const response = await fetch(`${base}/cookie/`, { method: 'POST' });
    expect(await response.json()).toEqual({ message: 'Come to the dark side, we have cookies' });
    expect(response.headers.getSetCookie()[0]).toMatch(/^fakesession=fake-cookie-session-value; /);
  });

  it('answers the optional ads_id cookie with its value or null', async () => {
    expect(await (await get('/items/', 'ads_id=abc123')).json()).toEqual({ ads_id: 'abc123' });
    expect(await (await get('/items/')).json()).toEqual({ ads_id: null });
  });

  it('answers a missing required cookie with a FastAPI-shaped 422', async () => {
    const missing = await get('/cookie-required/');
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({
      detail: [
        { type: 'missing', loc: ['cookie', 'session_id'], msg: 'Field required', input: null },
      ],
    });
    expect(await (await get('/cookie-required/', 'session_id=s1')).json()).toEqual({
      session_id: 's1',
    });
  });

  it('does not read a cookie whose name only looks alike', async () => {
    expect(await (await get('/items/', '\u00a0ads_id=evil')).json()).toEqual({ ads_id: null });
  });

  it('serves an HTML home page, 404 and 405 as JSON', async () => {
    const home = await get('/');
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await home.text()).toContain('Tessera demo');
    const missing = await get('/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: 'Not Found' });
    const wrongMethod = await fetch(`${base}/cookie/`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });
});
