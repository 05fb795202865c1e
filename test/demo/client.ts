/** A browser-like HTTP client of a running demo, with its own cookie jar and log capture. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { startDemo, type DemoOptions, type RunningDemo } from '../../src/demo/server.js';
import { Jar } from '../../src/adapters/adapter.contract.js';

export const SESSION_COOKIE = '__Host-sid';

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
  readonly headers: Headers;
  readonly setCookies: string[];
}

export interface SendOptions {
  readonly json?: unknown;
  readonly form?: Record<string, string>;
  readonly headers?: Record<string, string>;
}

export class Client {
  readonly jar = new Jar();

  constructor(
    readonly base: string,
    readonly userAgent = 'DemoTest/1.0',
  ) {}

  /** The session cookie this client holds, if any. */
  get session(): string | undefined {
    return this.jar.get(SESSION_COOKIE);
  }

  async send(method: string, path: string, options: SendOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...options.headers };
    const cookie = this.jar.header();
    if (cookie !== undefined) headers['cookie'] = cookie;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const response = await fetch(this.base + path, {
      method,
      headers,
      redirect: 'manual',
      ...(body !== undefined && { body }),
    });
    const text = await response.text();
    const setCookies = response.headers.getSetCookie();
    this.jar.store(setCookies);
    const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
    return {
      status: response.status,
      body: json ? (JSON.parse(text) as unknown) : undefined,
      text,
      headers: response.headers,
      setCookies,
    };
  }

  /** The CSRF token the home page renders for this client's session: a pre-session's before login. */
  async csrf(): Promise<string> {
    const home = await this.send('GET', '/', { headers: { accept: 'text/html' } });
    const token = /name="csrf_token" value="([\w-]+)"/.exec(home.text)?.[1];
    if (token === undefined) throw new Error('the home page rendered no CSRF token');
    return token;
  }

  logIn(username = 'alice', password = 'wonderland'): Promise<Reply> {
    return this.send('POST', '/login', { json: { username, password } });
  }
}

/** A demo started for one test, closed (with its temp folder) when the test ends. */
export interface TestDemo {
  readonly demo: RunningDemo;
  readonly base: string;
  readonly lines: string[];
  readonly dataDir: string;
  readonly client: (userAgent?: string) => Client;
}

/** A fresh temp folder, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-demo-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function launch(
  options: DemoOptions & { dataDir: string },
  lines: string[] = [],
): Promise<TestDemo> {
  const demo = await startDemo({
    port: 0,
    log: (line) => lines.push(line),
    ...options,
  });
  onTestFinished(() => demo.close());
  const base = demo.url.slice(0, -1);
  return {
    demo,
    base,
    lines,
    dataDir: options.dataDir,
    client: (userAgent) => new Client(base, userAgent),
  };
}
