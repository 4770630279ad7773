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

export function installGracefulQuit(app: AppPort, stop: () => Promise<void>, onError: (error: Error) => void = () => undefined): GracefulQuit {
  let quitting = false;
  let stopped = false;
  let stopping: Promise<void> | undefined;
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopped) return;
    event.preventDefault();
    stopping ??= stop()
      .catch((error: unknown) => onError(error as Error))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
  return {
    get quitting() {
      return quitting;
    },
  };
}
