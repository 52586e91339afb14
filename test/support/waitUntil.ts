// Waiting for a state instead of for a time: a test that sleeps a fixed time fails when the machine is busier
// than when it was written, and wastes the time when it is not.

/** How long a step may take on a busy 2-core machine before it counts as never happening. */
export const STEP_TIMEOUT_MS = 60_000;

/**
 * Polls `probe` until it returns a value (anything but undefined or false) and returns that value; after
 * `timeoutMs` throws "timed out ... waiting for <what>" with what `seen` describes.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = STEP_TIMEOUT_MS, intervalMs = 250, seen }: { timeoutMs?: number; intervalMs?: number; seen?: () => Promise<string> } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${seen ? `; ${await seen().catch((e: Error) => e.message)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
