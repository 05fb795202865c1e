import { Agent, request, type IncomingHttpHeaders } from 'node:http';

/** A response as the workload checks it. */
export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

/** A request that had no answer within the client's timeout. */
export class RequestTimeout extends Error {
  override readonly name = 'RequestTimeout';
}

/** What one request sends: headers (a `cookie` among them) and a body. */
export interface Outgoing {
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * A keep-alive HTTP/1.1 client of one server on loopback, built on node:http rather than
 * `fetch` so the load generator spends less CPU per request on the shared cores. Every
 * request is bounded by `timeoutMs`.
 */
export class HttpClient {
  /** `http://host:port`, as a browser sends it in `Origin`. */
  readonly origin: string;
  readonly #agent: Agent;
  readonly #host: string;
  readonly #port: number;

  constructor(
    base: string,
    sockets: number,
    readonly timeoutMs: number,
  ) {
    const url = new URL(base);
    this.origin = url.origin;
    this.#host = url.hostname;
    this.#port = Number(url.port);
    this.#agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(method: string, path: string, { headers = {}, body }: Outgoing = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent: this.#agent,
          host: this.#host,
          port: this.#port,
          method,
          path,
          headers:
            body === undefined
              ? headers
              : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', fail);
          response.on('end', () => {
            clearTimeout(timer);
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      function fail(error: Error): void {
        clearTimeout(timer);
        reject(error);
      }
      const timer = setTimeout(() => {
        outgoing.destroy(
          new RequestTimeout(`${method} ${path}: no answer in ${this.timeoutMs} ms`),
        );
      }, this.timeoutMs);
      outgoing.on('error', fail);
      outgoing.end(body);
    });
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.#agent.destroy();
  }
}
