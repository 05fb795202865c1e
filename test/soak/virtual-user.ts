/**
 * One virtual user of the demo: a cookie jar, a seeded random walk over the demo's routes,
 * and a check of every answer against what the user's own earlier requests imply (the
 * counter it incremented, whether it is logged in, which CSRF token it holds).
 *
 * A member logs in as alice or bob (JSON or the HTML form with its synchronizer token),
 * then mixes reads of `/data`, counter writes, home-page reads that must show the counter,
 * `/sessions`, forged cross-site posts, cookie-less requests, and now and then a logout
 * and login again, a login while logged in, or a wrong password. A visitor never logs in:
 * its pre-session carries a counter and a CSRF token, and it leaves by logging out.
 *
 * The number of live sessions stays bounded by the number of virtual users: each holds at
 * most one session, a logout destroys it, and cookie-less requests must start none.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ANONYMOUS_CALLS, SESSION_COOKIE, answersAsExpected } from './anonymous-calls.js';
import type { HttpClient, Reply } from './http-client.js';
import { CookieJar } from './jar.js';
import { LoadStats } from './stats.js';
import { seededRandom } from '../fuzz/random.js';
import { MEMBER_STEPS, VISITOR_STEPS, pick } from './walk.js';

const USER_AGENT = 'TesseraSoak/1.0';
const ACCEPT_HTML = { accept: 'text/html' };
/** What a browser adds to a same-origin form post; the demo's CSRF check reads both. */
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const CROSS_SITE = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

/** The demo's users (src/demo/users.ts). */
const ACCOUNTS = [
  { username: 'alice', password: 'wonderland' },
  { username: 'bob', password: 'builder' },
] as const;

/** The parsed JSON `text`, or `undefined` when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** How a user sends a request. */
interface Send {
  readonly json?: unknown;
  readonly form?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent without the jar's cookies, and its answer's cookies are not kept. */
  readonly cookie?: string | null;
}

/** Members log in; visitors stay anonymous with a pre-session. */
export type Role = 'member' | 'visitor';

/** One virtual user; `index` picks its account, its login style and its random seed. */
export class VirtualUser {
  readonly #jar = new CookieJar();
  readonly #random: () => number;
  readonly #account: (typeof ACCOUNTS)[number];
  /** Members with an even pair index log in through the HTML form, the others with JSON. */
  readonly #formLogin: boolean;
  #stats: LoadStats = new LoadStats();
  /** The counter the session must hold, from this user's own writes. */
  #count = 0;
  /** The CSRF token of the session's current user, from the last home page. */
  #token: string | undefined;
  #loggedIn = false;
  /** After a failed request or an unexpected answer: the state is unknown, start over. */
  #lost = false;
  #anonymousTurn: number;
  /** Pacing: the least time between two requests, and when the next one may leave. */
  #intervalMs = 0;
  #nextAt = 0;

  constructor(
    readonly client: HttpClient,
    readonly role: Role,
    index: number,
  ) {
    this.#account = ACCOUNTS[index % ACCOUNTS.length]!;
    this.#formLogin = Math.floor(index / 2) % 2 === 0;
    this.#random = seededRandom(0x5eed + index);
    this.#anonymousTurn = index;
  }

  /**
   * Walks until `until` (a `performance.now()` time), counting into `stats`, sending a
   * request every `intervalMs` at most (0: each as soon as the last is answered).
   */
  async run(until: number, stats: LoadStats, intervalMs = 0): Promise<void> {
    this.#stats = stats;
    this.#intervalMs = intervalMs;
    // A random start within one interval, so paced users do not send in bursts.
    this.#nextAt = performance.now() + intervalMs * this.#random();
    while (performance.now() < until) await this.#step();
  }

  /** Logs out at the end, so no session of the run outlives it. */
  async leave(stats: LoadStats): Promise<void> {
    this.#stats = stats;
    this.#intervalMs = 0;
    await this.logOut();
  }

  async #step(): Promise<void> {
    if (this.#lost) {
      await this.#startOver();
      return;
    }
    if (this.role === 'member' && !this.#loggedIn) {
      await this.logIn();
      return;
    }
    await pick(this.role === 'member' ? MEMBER_STEPS : VISITOR_STEPS, this.#random())(this);
  }

  async logIn(): Promise<void> {
    const { username, password } = this.#account;
    if (this.#formLogin) {
      const token = await this.#homeToken();
      if (token === undefined) return;
      const reply = await this.#send('POST', '/login', {
        form: { username, password, csrf_token: token },
      });
      const home = (r: Reply): boolean => r.status === 303 && r.headers.location === '/';
      if (!this.#expect(reply, 'form login', home)) return;
    } else {
      const reply = await this.#send('POST', '/login', { json: { username, password } });
      const ok = (r: Reply): boolean =>
        r.status === 200 && r.text === '{"message":"Logged in successfully"}';
      if (!this.#expect(reply, 'JSON login', ok)) return;
    }
    if (this.#jar.get(SESSION_COOKIE) === undefined) {
      this.#unexpected('login set no session cookie');
      return;
    }
    this.#loggedIn = true;
    // A token is bound to its user: the one from before the login is no longer valid.
    this.#token = undefined;
    this.#stats.flow.logins++;
  }

  async logOut(): Promise<void> {
    const reply = await this.#send(this.#random() < 0.5 ? 'GET' : 'POST', '/logout');
    const ok = (r: Reply): boolean => r.status === 200 && r.text === '{"message":"Logged out"}';
    if (!this.#expect(reply, 'logout', ok)) return;
    if (this.#jar.get(SESSION_COOKIE) !== undefined) {
      this.#unexpected('logout left the session cookie');
      return;
    }
    this.#loggedIn = false;
    this.#count = 0;
    this.#token = undefined;
    this.#stats.flow.logouts++;
  }

  async logOutAndBackIn(): Promise<void> {
    await this.logOut();
    if (!this.#lost) await this.readDataAnonymously();
    if (!this.#lost) await this.logIn();
  }

  async tryWrongPassword(): Promise<void> {
    const reply = await this.#send('POST', '/login', {
      json: { username: this.#account.username, password: 'not-the-password' },
    });
    if (!this.#expect(reply, 'wrong password', (r) => r.status === 401)) return;
    this.#stats.flow.refusedLogins++;
    // A failed attempt leaves the session as it was.
    await this.readData();
  }

  async readData(): Promise<void> {
    const reply = await this.#send('GET', '/data');
    const expected = `{"data":"Secure data access granted","user_id":"${this.#account.username}"}`;
    this.#expect(reply, 'GET /data', (r) => r.status === 200 && r.text === expected);
  }

  async readDataAnonymously(): Promise<void> {
    const reply = await this.#send('GET', '/data');
    this.#expect(reply, 'GET /data logged out', (r) => r.status === 401);
  }

  async incrementJson(): Promise<void> {
    const expected = `{"count":${this.#count + 1}}`;
    const reply = await this.#send('POST', '/counter');
    const what = `POST /counter after ${this.#count}`;
    if (!this.#expect(reply, what, (r) => r.status === 200 && r.text === expected)) return;
    this.#count++;
    this.#stats.flow.writes++;
  }

  async incrementForm(): Promise<void> {
    const token = this.#token ?? (await this.#homeToken());
    if (token === undefined) return;
    const reply = await this.#send('POST', '/counter', { form: { csrf_token: token } });
    if (!this.#expect(reply, 'form POST /counter', (r) => r.status === 303)) return;
    this.#count++;
    this.#stats.flow.writes++;
  }

  /** The home page, which must show this user's state; keeps its CSRF token. */
  async readHome(): Promise<void> {
    await this.#homeToken();
  }

  async listSessions(): Promise<void> {
    const reply = await this.#send('GET', '/sessions');
    const username = this.#account.username;
    this.#expect(reply, 'GET /sessions', (r) => {
      const listed = (parseJson(r.text) ?? {}) as {
        user_id?: unknown;
        sessions?: { current?: unknown }[];
      };
      const current = listed.sessions?.filter((session) => session.current === true).length;
      return r.status === 200 && listed.user_id === username && current === 1;
    });
  }

  async forgeCrossSite(): Promise<void> {
    const reply = await this.#send('POST', '/counter', { headers: CROSS_SITE });
    if (!this.#expect(reply, 'cross-site POST /counter', (r) => r.status === 403)) return;
    this.#stats.flow.refusedForgeries++;
  }

  async tutorialCookie(): Promise<void> {
    const set = await this.#send('GET', '/set-cookie/');
    const stored = (): boolean => this.#jar.get('mycookie') === 'hello_world';
    if (!this.#expect(set, 'GET /set-cookie/', stored)) return;
    const read = await this.#send('GET', '/read-cookie/');
    const expected = '{"message":"The value of mycookie is: hello_world"}';
    this.#expect(read, 'GET /read-cookie/', (r) => r.text === expected);
  }

  async anonymous(): Promise<void> {
    const call = ANONYMOUS_CALLS[this.#anonymousTurn++ % ANONYMOUS_CALLS.length]!;
    const reply = await this.#send(call.method, call.path, { cookie: call.cookie ?? null });
    const ok = (r: Reply): boolean => answersAsExpected(call, r);
    if (this.#expect(reply, `cookie-less ${call.method} ${call.path}`, ok)) {
      this.#stats.flow.anonymous++;
    }
  }

  /**
   * Reads the home page and checks it against this user's state: the login form when
   * logged out, else the user's name and counter. Returns the page's CSRF token.
   */
  async #homeToken(): Promise<string | undefined> {
    const reply = await this.#send('GET', '/', { headers: ACCEPT_HTML });
    const loggedIn = this.#loggedIn;
    const shows = loggedIn
      ? [`Logged in as <strong>${this.#account.username}</strong>`, `Count: ${this.#count}<`]
      : ['action="/login"'];
    const token = (r: Reply): string | undefined =>
      /name="csrf_token" value="([\w-]+)"/.exec(r.text)?.[1];
    const what = `GET / (logged in: ${String(loggedIn)}, count ${this.#count})`;
    const ok = (r: Reply): boolean =>
      r.status === 200 && token(r) !== undefined && shows.every((text) => r.text.includes(text));
    if (!this.#expect(reply, what, ok)) return undefined;
    if (loggedIn) this.#stats.flow.verifiedReads++;
    this.#token = token(reply);
    return this.#token;
  }

  /** After something went wrong: logs out whatever the server holds and begins again. */
  async #startOver(): Promise<void> {
    this.#lost = false;
    await this.#send('POST', '/logout');
    this.#jar.clear();
    this.#loggedIn = false;
    this.#count = 0;
    this.#token = undefined;
  }

  /** True when there is a reply and `ok` holds; otherwise counted (a missing one already is). */
  #expect(reply: Reply | undefined, what: string, ok: (reply: Reply) => boolean): reply is Reply {
    if (reply === undefined) return false;
    if (ok(reply)) return true;
    this.#unexpected(`${what} → ${reply.status} ${reply.text.slice(0, 120)}`);
    return false;
  }

  #unexpected(what: string): void {
    this.#stats.unexpected(`${this.role} ${this.#account.username}: ${what}`);
    this.#lost = true;
  }

  /** Waits for this user's next slot; a user behind its schedule does not burst to catch up. */
  async #pace(): Promise<void> {
    if (this.#intervalMs === 0) return;
    const now = performance.now();
    if (this.#nextAt > now) await sleep(this.#nextAt - now);
    this.#nextAt = Math.max(this.#nextAt, now) + this.#intervalMs;
  }

  async #send(method: string, path: string, options: Send = {}): Promise<Reply | undefined> {
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...options.headers };
    const cookie = options.cookie === undefined ? this.#jar.header() : options.cookie;
    if (cookie !== undefined && cookie !== null) headers['cookie'] = cookie;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form !== undefined) {
      Object.assign(headers, SAME_ORIGIN, { origin: this.client.origin });
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    await this.#pace();
    const stats = this.#stats;
    const started = process.hrtime.bigint();
    let reply: Reply;
    try {
      reply = await this.client.send(
        method,
        path,
        body === undefined ? { headers } : { headers, body },
      );
    } catch (error) {
      stats.failed(error, `${method} ${path}`);
      this.#lost = true;
      return undefined;
    }
    stats.answered(reply.status, Number(process.hrtime.bigint() - started));
    if (options.cookie === undefined) {
      const clear = reply.headers['clear-site-data'];
      this.#jar.store(
        reply.headers['set-cookie'] ?? [],
        Array.isArray(clear) ? clear.join() : clear,
      );
    }
    return reply;
  }
}
