/**
 * `work`'s result, or null once `signal` aborts. The listener comes off the signal again when the wait
 * ends, so a long run keeps no finished connection (its session, WebSocket and socket) reachable.
 */
export function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T | null> {
  if (signal.aborted) {
    // The work goes on by itself; a failure of it no longer matters to anyone.
    work.catch(() => {});
    return Promise.resolve(null);
  }
  return new Promise<T | null>((resolve, reject) => {
    const onStop = (): void => resolve(null);
    signal.addEventListener('abort', onStop, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onStop);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onStop);
        reject(error);
      },
    );
  });
}

/**
 * One lane's share of the run's stop: aborted when the run stops, with a signal of its own. Each lane
 * waits on it and cancels its REST calls with it, so a signal carries the few listeners of one lane (a
 * wait, a call, its resubscriber's call) however many lanes the run has, and Node's listener-leak warning
 * keeps its meaning.
 */
export interface StopScope {
  readonly signal: AbortSignal;
  untilStopped<T>(work: Promise<T>): Promise<T | null>;
  /** The lane is done: the run forgets the scope. */
  release(): void;
}
