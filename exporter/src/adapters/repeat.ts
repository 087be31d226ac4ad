/**
 * Runs `task`, waits `pauseMs`, runs it again, until stopped. Pausing after each run (instead of a fixed
 * setInterval) means a slow run can never overlap the next; the timers are unref'd so a collector alone
 * does not keep the process alive.
 */
export function repeatWithPause(task: () => Promise<void>, pauseMs: number): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = (): void => {
    void task().then(() => {
      if (stopped) return;
      timer = setTimeout(run, pauseMs);
      timer.unref();
    });
  };
  run();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
