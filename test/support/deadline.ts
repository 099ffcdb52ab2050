/** How long a test waits for something that should come: generous, since it only catches a hang. */
export const WAIT_MS = 30_000;

/**
 * `promise`, or a rejection naming what never came once `ms` of real time have passed: every wait in a
 * test has an end. An unawaited deadline neither holds the process open nor counts as an unhandled
 * rejection.
 */
export function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    timer.unref();
  });
  const raced = Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
  raced.catch(() => {});
  return raced;
}
