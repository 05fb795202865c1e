/**
 * Runs tasks one at a time per key. Commits of one session in one process then queue
 * instead of racing each other through the store's compare-and-set, so a burst of requests
 * on one session costs about one retry each; other processes still meet the CAS.
 */
export class KeyedLock {
  /** The tasks waiting behind the running one, by key; a key is absent when idle. */
  readonly #waiting = new Map<string, Array<() => void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const queue = this.#waiting.get(key);
    if (queue === undefined) this.#waiting.set(key, []);
    else await new Promise<void>((resolve) => queue.push(resolve));
    try {
      return await task();
    } finally {
      // Hands the key straight to the next task; the last one out removes it, so idle keys
      // cost no memory.
      const next = this.#waiting.get(key)?.shift();
      if (next === undefined) this.#waiting.delete(key);
      else next();
    }
  }
}
