/**
 * Quitting gracefully: the first `before-quit` is held back until the engine has stopped (polls
 * finished or safely interrupted, cursors committed, database closed), then the app quits for real.
 * Written against a small port so it is tested without Electron.
 */

export interface QuitEvent {
  preventDefault(): void;
}

export interface AppPort {
  on(event: 'before-quit', listener: (event: QuitEvent) => void): unknown;
  quit(): void;
}

export interface GracefulQuit {
  /** True from the first quit request on: the window may really close now. */
  readonly quitting: boolean;
}

/**
 * `mayQuit` is asked first, before anything stops (the window's page may have unsaved changes and
 * the user may stay): when it answers false the quit is dropped and the app goes on as it was.
 */
export function installGracefulQuit(app: AppPort, stop: () => Promise<void>, onError: (error: Error) => void = () => undefined, mayQuit?: () => Promise<boolean>): GracefulQuit {
  let quitting = false;
  let stopped = false;
  let stopping: Promise<void> | undefined;
  const stopThenQuit = () =>
    stop()
      .catch((error: unknown) => onError(error as Error))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    if (!mayQuit) {
      stopping = stopThenQuit();
      return;
    }
    stopping = mayQuit()
      .catch(() => true)
      .then(async (leave) => {
        if (leave) return stopThenQuit();
        quitting = false;
        stopping = undefined;
      });
  });
  return {
    get quitting() {
      return quitting;
    },
  };
}
