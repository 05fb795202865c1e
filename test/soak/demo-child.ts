/**
 * The demo under load, in a process of its own so the load generator's allocations stay out
 * of the heap being measured. Run by `child.ts` as
 * `node --expose-gc --import tsx demo-child.ts` with `SOAK_STORE` (a `TESSERA_STORE` value)
 * and `SOAK_DATA_DIR`; it starts the demo on 127.0.0.1 with an ephemeral port and answers
 * the parent over IPC:
 *
 * - `{ type: 'heap' }` → forced full GCs, then `{ type: 'heap', heap }` ({@link HeapReport});
 * - `{ type: 'close' }` → closes the demo (and its store client), then exits.
 *
 * It sends `{ type: 'ready', url }` once it listens, or `{ type: 'failed', error }`.
 */
import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { startDemo } from '../../src/demo/server.js';
import { EventCounter } from './event-counter.js';
import type { ChildReply, HeapReport, ParentRequest } from './protocol.js';

/** Full collections in a row: one more after the heap stops shrinking frees little. */
const GC_ROUNDS = 4;

const send = (reply: ChildReply): void => {
  process.send?.(reply);
};

const gc = globalThis.gc;
if (gc === undefined || process.send === undefined) {
  console.error('demo-child.ts needs --expose-gc and an IPC channel (run it through child.ts)');
  process.exit(2);
}

async function heapReport(events: EventCounter): Promise<HeapReport> {
  for (let round = 0; round < GC_ROUNDS; round++) {
    gc!();
    // Lets weak callbacks and finalizers queued by the collection run before the next one.
    await nextTurn();
  }
  const { heapUsed, heapTotal, rss, external, arrayBuffers } = process.memoryUsage();
  return { heapUsed, heapTotal, rss, external, arrayBuffers, events: events.snapshot() };
}

const events = new EventCounter();
try {
  const demo = await startDemo({
    port: 0,
    host: '127.0.0.1',
    store: process.env['SOAK_STORE'] ?? 'memory',
    dataDir: process.env['SOAK_DATA_DIR'] ?? '.tessera',
    secret: randomBytes(32).toString('base64url'),
    log: (line) => {
      events.count(line);
    },
  });
  process.on('message', (message: ParentRequest) => {
    if (message.type === 'heap') {
      void heapReport(events).then((heap) => {
        send({ type: 'heap', heap });
      });
    } else {
      void demo.close().finally(() => {
        process.disconnect();
        process.exit(0);
      });
    }
  });
  send({ type: 'ready', url: demo.url });
} catch (error) {
  send({ type: 'failed', error: error instanceof Error ? error.name : String(error) });
  process.exit(1);
}
