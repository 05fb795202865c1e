/**
 * Runs tasks one at a time per key. Commits of one session in one process then queue
 * instead of racing each other through the store's compare-and-set, so a burst of requests
 * on one session costs about one retry each; other processes still meet the CAS.
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    let release = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous === undefined ? done : previous.then(() => done);
    this.#tails.set(key, tail);
    if (previous !== undefined) await previous;
    try {
      return await task();
    } finally {
      release();
      // The last task in the queue removes it, so idle keys cost no memory.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
