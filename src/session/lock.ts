/**
 * Runs tasks one at a time per key. Commits of one session in one process then queue
 * instead of racing each other through the store's compare-and-set, so a burst of requests
 * on one session costs about one retry each; other processes still meet the CAS.
 */
export class KeyedLock {
  /** The tasks waiting behind the running one, by key; a key is absent when idle. */
  readonly #waiting = new Map<string, Array<() => void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const queue = this.#waiting.get(key);
    if (queue === undefined) {
      this.#waiting.set(key, []);
      return this.#start(key, task);
    }
    return new Promise<void>((resolve) => queue.push(resolve)).then(() => this.#start(key, task));
  }

  #start<T>(key: string, task: () => Promise<T>): Promise<T> {
    let running: Promise<T>;
    try {
      running = task();
    } catch (error) {
      // Rejected, as an async task's throw would be: callers always get a promise.
      running = new Promise<T>(() => {
        throw error;
      });
    }
    return running.then(
      (value) => {
        this.#release(key);
        return value;
      },
      (error: unknown) => {
        this.#release(key);
        throw error;
      },
    );
  }

  /** Hands the key straight to the next task; the last one out removes it (idle keys cost nothing). */
  #release(key: string): void {
    const next = this.#waiting.get(key)?.shift();
    if (next === undefined) this.#waiting.delete(key);
    else next();
  }
}
