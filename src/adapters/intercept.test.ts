import { OutgoingMessage, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { holdHeaders } from './intercept.js';

type End = ServerResponse['end'];

/** Serves one request through `listener` and returns the response's status, headers and body. */
async function serveOnce(
  listener: (res: ServerResponse) => void,
): Promise<{ status: number; headers: Headers; body: string }> {
  const server = createServer((_req, res) => {
    listener(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    return { status: response.status, headers: response.headers, body: await response.text() };
  } finally {
    server.close();
  }
}

/** A hold whose commit adds one header after a turn of the event loop. */
const hold = (res: ServerResponse, onPrototype = false): void => {
  holdHeaders(
    res,
    async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return () => res.appendHeader('x-committed', 'yes');
    },
    () => undefined,
    { onPrototype },
  );
};

/** A prototype of the app's own between each response and Node's, as Express lays. */
function appPrototype(): (res: ServerResponse) => void {
  const prototype = Object.create(ServerResponse.prototype) as ServerResponse;
  return (res) => {
    Object.setPrototypeOf(res, prototype);
  };
}

describe('holdHeaders', () => {
  it('replays a head and body written before the commit, with the commit’s headers', async () => {
    const { headers, body } = await serveOnce((res) => {
      hold(res);
      res.writeHead(201, { 'content-type': 'text/plain' }).end('held');
    });
    expect(headers.get('x-committed')).toBe('yes');
    expect(headers.get('content-type')).toBe('text/plain');
    expect(body).toBe('held');
  });

  it('keeps another middleware’s earlier patch of end, and calls it once', async () => {
    let calls = 0;
    const { headers, body } = await serveOnce((res) => {
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      const counting = ((...args: unknown[]) => {
        calls++;
        return end(...args);
      }) as End;
      res.end = counting;
      hold(res);
      res.end('through');
    });
    expect(calls).toBe(1);
    expect(headers.get('x-committed')).toBe('yes');
    expect(body).toBe('through');
  });

  it('keeps a patch laid over it, which then passes straight through', async () => {
    let wrapped = 0;
    let wrapper: End | undefined;
    let atFinish: End | undefined;
    const { headers, body } = await serveOnce((res) => {
      hold(res);
      const held = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      wrapper = ((...args: unknown[]) => {
        wrapped++;
        return held(...args);
      }) as End;
      res.end = wrapper;
      res.on('finish', () => {
        // Read, never called: only its identity matters.
        // eslint-disable-next-line @typescript-eslint/unbound-method
        atFinish = res.end;
      });
      res.end('wrapped');
    });
    expect(wrapped).toBe(1);
    expect(atFinish).toBe(wrapper);
    expect(headers.get('x-committed')).toBe('yes');
    expect(body).toBe('wrapped');
  });

  describe('when idle says there is nothing to commit', () => {
    for (const onPrototype of [false, true]) {
      it(`lets the first call out at once and holds nothing${onPrototype ? ', on the prototype' : ''}`, async () => {
        let committed = false;
        let sentAtOnce: boolean | undefined;
        const setPrototype = appPrototype();
        const { headers, body } = await serveOnce((res) => {
          if (onPrototype) setPrototype(res);
          holdHeaders(
            res,
            () => {
              committed = true;
              return Promise.resolve(() => undefined);
            },
            () => undefined,
            { onPrototype, idle: () => true },
          );
          res.writeHead(200, { 'content-type': 'text/plain' });
          // Node's own head, not the hold's stand-in.
          sentAtOnce = (res as unknown as { _header: string })._header.startsWith('HTTP/1.1 200');
          res.end('straight');
        });
        expect(sentAtOnce).toBe(true);
        expect(committed).toBe(false);
        expect(headers.get('content-type')).toBe('text/plain');
        expect(body).toBe('straight');
      });
    }

    it('holds as usual when idle says there is something to commit', async () => {
      const { headers } = await serveOnce((res) => {
        holdHeaders(
          res,
          () => Promise.resolve(() => res.appendHeader('x-committed', 'yes')),
          () => undefined,
          { idle: () => false },
        );
        res.end();
      });
      expect(headers.get('x-committed')).toBe('yes');
    });
  });

  describe('on the prototype', () => {
    it('holds through the app’s prototype without adding a property to the response', async () => {
      const adopt = appPrototype();
      let own: string[] = [];
      const { headers, body } = await serveOnce((res) => {
        adopt(res);
        hold(res, true);
        own = ['writeHead', 'write', 'end', 'flushHeaders'].filter((name) =>
          Object.hasOwn(res, name),
        );
        res.writeHead(201, { 'content-type': 'text/plain' }).end('held');
      });
      expect(own).toEqual([]);
      expect(headers.get('x-committed')).toBe('yes');
      expect(body).toBe('held');
    });

    it('passes the responses it does not hold straight through', async () => {
      const adopt = appPrototype();
      await serveOnce((res) => {
        adopt(res);
        hold(res, true);
        res.end();
      });
      const { headers, body } = await serveOnce((res) => {
        adopt(res);
        res.end('untouched');
      });
      expect(headers.get('x-committed')).toBeNull();
      expect(body).toBe('untouched');
    });

    it('patches the response itself when an earlier patch shadows the prototype', async () => {
      const adopt = appPrototype();
      let calls = 0;
      const { headers, body } = await serveOnce((res) => {
        adopt(res);
        const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
        res.end = ((...args: unknown[]) => {
          calls++;
          return end(...args);
        }) as End;
        hold(res, true);
        res.end('shadowed');
      });
      expect(calls).toBe(1);
      expect(headers.get('x-committed')).toBe('yes');
      expect(body).toBe('shadowed');
    });

    it('keeps holding when the response’s prototype changes meanwhile', async () => {
      // Express hands a response to an app of another copy of Express by swapping its
      // prototype to one that shares only Node's.
      const [first, second] = [appPrototype(), appPrototype()];
      const { headers, body } = await serveOnce((res) => {
        first(res);
        hold(res, true);
        second(res);
        res.end('swapped');
      });
      expect(headers.get('x-committed')).toBe('yes');
      expect(body).toBe('swapped');
    });

    it('runs a wrap laid on Node’s methods after the patch', async () => {
      await serveOnce((res) => {
        hold(res, true);
        res.end();
      });
      const prototype = OutgoingMessage.prototype as unknown as { end: End };
      const { end } = prototype;
      let calls = 0;
      prototype.end = function (this: ServerResponse, ...args: unknown[]) {
        calls++;
        return (end as (...args: unknown[]) => ServerResponse).apply(this, args);
      } as End;
      try {
        await serveOnce((res) => {
          hold(res, true);
          res.end('held');
        });
        await serveOnce((res) => res.end('not held'));
      } finally {
        prototype.end = end;
      }
      expect(calls).toBe(2);
    });
  });

  describe('while it holds', () => {
    it('reads as sent: headersSent is true and setHeader throws, as Node does', async () => {
      let sent = false;
      let thrown: unknown;
      const { body } = await serveOnce((res) => {
        hold(res);
        res.write('a');
        sent = res.headersSent;
        try {
          res.setHeader('x-late', 'no');
        } catch (error) {
          thrown = error;
        }
        res.end('b');
      });
      expect(sent).toBe(true);
      expect(thrown).toMatchObject({ code: 'ERR_HTTP_HEADERS_SENT' });
      expect(body).toBe('ab');
    });

    it('writes the head once when a streamer checks headersSent before each write', async () => {
      const { headers, body } = await serveOnce((res) => {
        hold(res);
        for (const chunk of ['a', 'b', 'c']) {
          if (!res.headersSent) res.writeHead(200, { 'content-type': 'text/plain' });
          res.write(chunk);
        }
        res.end();
      });
      expect(headers.get('x-committed')).toBe('yes');
      expect(body).toBe('abc');
    });

    it('refuses a second writeHead, as Node does', async () => {
      let thrown: unknown;
      await serveOnce((res) => {
        hold(res);
        res.writeHead(200);
        try {
          res.writeHead(500);
        } catch (error) {
          thrown = error;
        }
        res.end();
      });
      expect(thrown).toMatchObject({ code: 'ERR_HTTP_HEADERS_SENT' });
    });

    it('ignores writes after the end instead of failing the response', async () => {
      const { body } = await serveOnce((res) => {
        hold(res);
        res.end('first');
        res.write('late');
        res.end('second');
      });
      expect(body).toBe('first');
    });

    it('keeps the status the head had when it was held', async () => {
      const { status } = await serveOnce((res) => {
        hold(res);
        res.write('partial');
        res.statusCode = 500;
        res.end();
      });
      expect(status).toBe(200);
    });

    it('lets a Set-Cookie given to writeHead replace an earlier one, as Node does', async () => {
      const { headers } = await serveOnce((res) => {
        hold(res);
        res.setHeader('set-cookie', 'stale=1');
        res.writeHead(200, { 'set-cookie': 'fresh=1' }).end();
      });
      expect(headers.getSetCookie()).toEqual(['fresh=1']);
    });

    it('reports a replayed call Node refuses, never leaving it to crash the process', async () => {
      const errors: unknown[] = [];
      const { body } = await serveOnce((res) => {
        holdHeaders(
          res,
          () => Promise.resolve(() => undefined),
          (error) => {
            errors.push(error);
            res.end('answered');
          },
        );
        (res.end as (chunk: unknown) => void)(42);
      });
      expect(errors).toMatchObject([{ code: 'ERR_INVALID_ARG_TYPE' }]);
      expect(body).toBe('answered');
    });
  });
});
