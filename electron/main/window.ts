/**
 * The main window: created when first needed, loaded from the built renderer (file://), hidden
 * rather than closed (the app lives in the tray), really closed only when the app quits.
 */
import { BrowserWindow, dialog, screen } from 'electron';
import type { Event as ElectronEvent, NativeImage, WebContents } from 'electron';
import { mainWindowOptions, WINDOW_SIZE } from './windowOptions.ts';
import { loadWindowState, placeWindow, saveWindowState } from './windowState.ts';

export interface MainWindowOptions {
  preload: string;
  indexFile: string;
  /** Where the window's size and place are remembered. */
  dataDir: string;
  icon?: NativeImage;
  devTools: boolean;
  /** True once the app is quitting: closing the window is then allowed. */
  quitting(): boolean;
  /** The window came to the front (unread events are now seen). */
  onFocus(): void;
}

export class MainWindow {
  readonly #options: MainWindowOptions;
  #window: BrowserWindow | undefined;
  #loaded: Promise<void> | undefined;

  constructor(options: MainWindowOptions) {
    this.#options = options;
  }

  get current(): BrowserWindow | undefined {
    return this.#window && !this.#window.isDestroyed() ? this.#window : undefined;
  }

  get webContents(): WebContents | undefined {
    return this.current?.webContents;
  }

  /** Visible and focused: new events are seen as they arrive. */
  get inFront(): boolean {
    const window = this.current;
    return window !== undefined && window.isVisible() && !window.isMinimized() && window.isFocused();
  }

  show(): void {
    const window = this.#ensure();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  /**
   * Closes the window for good (the app quits), letting its page object first: a page with unsaved
   * changes (its beforeunload, the instance editor's) makes Electron emit will-prevent-unload, and
   * the user is asked here. True once closed (or there was none), false when the user stays.
   */
  closeAskingPage(): Promise<boolean> {
    const current = this.current;
    if (!current) return Promise.resolve(true);
    const window: BrowserWindow = current;
    return new Promise((resolve) => {
      const finish = (closed: boolean) => {
        window.webContents.removeListener('will-prevent-unload', ask);
        if (!closed) window.removeListener('closed', finishClosed);
        resolve(closed);
      };
      const finishClosed = () => finish(true);
      function ask(event: ElectronEvent): void {
        window.show();
        const choice = dialog.showMessageBoxSync(window, {
          type: 'question',
          buttons: ['Discard changes and quit', 'Keep editing'],
          defaultId: 1,
          cancelId: 1,
          message: 'The instance editor has unsaved changes',
          detail: 'Quitting now drops them.',
        });
        // Preventing will-prevent-unload overrides the page's beforeunload: the window closes.
        if (choice === 0) event.preventDefault();
        else finish(false);
      }
      window.webContents.on('will-prevent-unload', ask);
      window.once('closed', finishClosed);
      window.close();
    });
  }

  /** Resolves when the page has loaded (and so has subscribed to pushes). */
  whenLoaded(): Promise<void> {
    this.#ensure();
    return this.#loaded ?? Promise.resolve();
  }

  #ensure(): BrowserWindow {
    const existing = this.current;
    if (existing) return existing;
    const { dataDir } = this.#options;
    const workAreas = screen.getAllDisplays().map((display) => display.workArea);
    const placement = placeWindow(loadWindowState(dataDir), workAreas, WINDOW_SIZE);
    const window = new BrowserWindow(mainWindowOptions(this.#options.preload, this.#options.icon, this.#options.devTools, placement));
    if (placement.maximized) window.maximize();
    window.on('close', (event) => {
      saveWindowState(dataDir, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
      if (this.#options.quitting()) return;
      event.preventDefault();
      window.hide();
    });
    window.on('closed', () => {
      if (this.#window === window) {
        this.#window = undefined;
        this.#loaded = undefined;
      }
    });
    window.on('focus', () => this.#options.onFocus());
    this.#window = window;
    this.#loaded = window.loadFile(this.#options.indexFile).catch(() => undefined);
    return window;
  }
}
