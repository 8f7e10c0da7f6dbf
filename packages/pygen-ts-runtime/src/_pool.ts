/** Requests in flight at once for batched writes, deletes and retrieves, unless a call says otherwise. */
export const DEFAULT_CONCURRENCY = 4;

/** A counting semaphore: at most `limit` tasks run at once. */
export class Semaphore {
  readonly #limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#limit) {
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active -= 1;
    }
  }
}

/**
 * Runs `worker` over `inputs` with at most `concurrency` in flight; the results are in input order and
 * every input settles (one failure does not cancel the others).
 */
export async function mapSettled<I, O>(
  inputs: readonly I[],
  concurrency: number,
  worker: (input: I, index: number) => Promise<O>,
): Promise<PromiseSettledResult<O>[]> {
  const results: PromiseSettledResult<O>[] = new Array(inputs.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(Math.max(1, concurrency), inputs.length) }, async () => {
    while (next < inputs.length) {
      const index = next++;
      try {
        results[index] = { status: "fulfilled", value: await worker(inputs[index] as I, index) };
      } catch (reason) {
        results[index] = { status: "rejected", reason };
      }
    }
  });
  await Promise.all(lanes);
  return results;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
