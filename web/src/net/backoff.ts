/**
 * How long to wait before the next reconnect: doubling from a first delay up to a ceiling, with
 * up to a quarter of jitter so that the clients of a restarted server do not all come back in the
 * same instant. A connection that got as far as logging in resets it.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly firstMs = 1000,
    private readonly maxMs = 30000,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const base = Math.min(this.maxMs, this.firstMs * 2 ** Math.min(this.attempt, 20));
    this.attempt++;
    return Math.round(base * (1 - 0.25 * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
