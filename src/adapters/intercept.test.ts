import { ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { holdHeaders } from './intercept.js';

type End = ServerResponse['end'];

/** Serves one request through `listener` and returns the response's headers and body. */
async function serveOnce(
  listener: (res: ServerResponse) => void,
): Promise<{ headers: Headers; body: string }> {
  const server = createServer((_req, res) => {
    listener(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    return { headers: response.headers, body: await response.text() };
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

    it('never patches Node’s own prototype', async () => {
      const own = (): string[] => Object.keys(ServerResponse.prototype);
      const before = own();
      const { headers } = await serveOnce((res) => {
        hold(res, true);
        res.end();
      });
      expect(headers.get('x-committed')).toBe('yes');
      expect(own()).toEqual(before);
    });
  });
});
