/**
 * Resolves once `condition` holds, checking every `everyMs`; rejects with `what` after `timeoutMs`.
 * For what another process does in its own time (a server's retries, a restart): wait for the
 * condition, never for a guessed duration.
 */
export async function waitUntil(
  what: string,
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 20_000, everyMs = 25 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
