/**
 * Runs an async task one pass at a time: a request while a pass runs schedules exactly one more
 * pass after it (requests in between coalesce). Failures go to `onError`; the next request runs.
 */
export class CoalescedTask {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly onError: (err: Error) => void,
  ) {}

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.task()
      .catch((err: unknown) => this.onError(err instanceof Error ? err : new Error(String(err))))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
  }
}
