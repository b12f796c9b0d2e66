/**
 * Progress for a script or function run. Elapsed seconds tick in the notification; once the run
 * passes the busy threshold (Redis now answers every other client BUSY), a warning offers
 * "Kill Script". Cancel kills too: a cancelled run must not leave the server busy without telling
 * the user, so Cancel means SCRIPT KILL (or FUNCTION KILL), and the outcome is reported.
 */
import * as vscode from 'vscode';
import type { KillOutcome } from '../../core/lua/kill';

export interface BusyRun<T> {
  title: string;
  thresholdMs: number;
  /** What is running, for the messages ("'rate.lua' on 127.0.0.1:6379"). */
  what: () => string;
  /** Started at once; a notification appears only if it is still running after a moment. */
  run: () => Promise<T>;
  kill: () => Promise<{ outcome: KillOutcome; message: string }>;
}

export const KILL_SCRIPT = 'Kill Script';

/** Runs that end within this long show no notification at all (most runs take a millisecond). */
const QUIET_MS = 300;

export async function withBusyProgress<T>(job: BusyRun<T>): Promise<T> {
  const started = Date.now();
  const work = job.run();
  const settled = work.then(
    () => true,
    () => true,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const quick = await Promise.race([settled, new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), QUIET_MS)))]);
  clearTimeout(timer);
  if (quick) return work;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: job.title, cancellable: true }, async (progress, token) => {
    let done = false;
    let killing = false;
    const kill = async (why: string) => {
      if (killing || done) return;
      killing = true;
      progress.report({ message: `${why}: sending kill on a second connection…` });
      try {
        const result = await job.kill();
        if (result.outcome === 'unkillable') void vscode.window.showErrorMessage(result.message, { modal: true });
        else if (result.outcome === 'notBusy' && !done) void vscode.window.showWarningMessage(result.message);
      } catch (err) {
        void vscode.window.showErrorMessage(`Could not kill ${job.what()}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        killing = false;
      }
    };
    const tick = setInterval(() => {
      const s = Math.round((Date.now() - started) / 1000);
      const busy = Date.now() - started >= job.thresholdMs;
      if (!killing) progress.report({ message: busy ? `${s}s: the server is busy; Cancel kills the script` : `${s}s` });
    }, 1000);
    const offer = setTimeout(() => {
      if (done) return;
      void vscode.window
        .showWarningMessage(`${job.what()} has run for ${Math.round(job.thresholdMs / 1000)}s; Redis answers other clients BUSY until it ends.`, KILL_SCRIPT)
        .then((choice) => (choice === KILL_SCRIPT ? kill('Kill requested') : undefined));
    }, Math.max(0, job.thresholdMs - (Date.now() - started)));
    const onCancel = token.onCancellationRequested(() => void kill('Cancelled'));
    try {
      return await work;
    } finally {
      done = true;
      clearInterval(tick);
      clearTimeout(offer);
      onCancel.dispose();
    }
  });
}
