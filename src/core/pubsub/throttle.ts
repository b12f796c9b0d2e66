/**
 * Runs `flush` at most once per `intervalMs`, as soon as allowed after a `request()`: however
 * often work is requested (every incoming message), flushes stay at most 1000 / intervalMs a
 * second, and the first request after a quiet spell flushes at once.
 */
export class Throttle {
  private timer: NodeJS.Timeout | undefined;
  private last = -Infinity;
  private disposed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly flush: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Asks for a flush: now if the interval has passed since the last one, else when it has. */
  request(): void {
    if (this.timer || this.disposed) return;
    const wait = Math.max(0, this.last + this.intervalMs - this.now());
    this.timer = setTimeout(() => this.run(), wait);
  }

  private run(): void {
    this.timer = undefined;
    if (this.disposed) return;
    this.last = this.now();
    this.flush();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
