/**
 * The tray icon and its menu, redrawn from the tray model whenever the status, the unread count or
 * the settings change, and every 30 s (the "next in…" and "… ago" texts age).
 */
import { Menu, Tray, nativeImage } from 'electron';
import type { NativeImage } from 'electron';
import { encodePng } from './bitmap.ts';
import { drawTrayIcon, trayIconSizes, badgeText } from './trayIcon.ts';
import { toMenuTemplate } from './trayMenu.ts';
import { buildTrayModel, type IconState, type TrayAction, type TrayInput } from './trayModel.ts';

export interface TrayControllerOptions {
  /** Everything the model is computed from, read fresh at each redraw. */
  read(): Promise<TrayInput>;
  dispatch(action: TrayAction): void;
  /** A click on the icon (where the desktop delivers one). */
  onClick(): void;
  platform?: NodeJS.Platform;
  onError?(error: Error): void;
}

const REDRAW_EVERY_MS = 30_000;
const DEBOUNCE_MS = 150;

export class TrayController {
  readonly #options: TrayControllerOptions;
  readonly #platform: NodeJS.Platform;
  readonly #tray: Tray;
  readonly #images = new Map<string, NativeImage>();
  readonly #interval: NodeJS.Timeout;
  #pending: NodeJS.Timeout | undefined;
  #drawing: Promise<void> | undefined;
  #again = false;
  #destroyed = false;

  constructor(options: TrayControllerOptions) {
    this.#options = options;
    this.#platform = options.platform ?? process.platform;
    this.#tray = new Tray(this.#image('idle', 0));
    this.#tray.setToolTip('CRM Event Poller');
    // On macOS a click opens the menu; elsewhere a click (if delivered) opens the window.
    if (this.#platform !== 'darwin') this.#tray.on('click', () => options.onClick());
    this.#interval = setInterval(() => this.refresh(), REDRAW_EVERY_MS);
    this.refresh();
  }

  /** Redraws soon; bursts of status changes make one redraw. */
  refresh(): void {
    if (this.#destroyed || this.#pending) return;
    this.#pending = setTimeout(() => {
      this.#pending = undefined;
      void this.#draw();
    }, DEBOUNCE_MS);
  }

  destroy(): void {
    this.#destroyed = true;
    clearInterval(this.#interval);
    clearTimeout(this.#pending);
    this.#tray.destroy();
  }

  async #draw(): Promise<void> {
    if (this.#drawing) {
      this.#again = true;
      return this.#drawing;
    }
    this.#drawing = (async () => {
      try {
        const model = buildTrayModel(await this.#options.read());
        if (this.#destroyed) return;
        this.#tray.setImage(this.#image(model.icon, model.unread));
        this.#tray.setToolTip(model.tooltip);
        // Linux only picks up menu changes when the menu is set again.
        this.#tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(model.menu, this.#options.dispatch, this.#platform)));
      } catch (error) {
        this.#options.onError?.(error as Error);
      }
    })();
    await this.#drawing;
    this.#drawing = undefined;
    if (this.#again) {
      this.#again = false;
      await this.#draw();
    }
  }

  #image(state: IconState, unread: number): NativeImage {
    const key = `${state}:${badgeText(unread)}`;
    let image = this.#images.get(key);
    if (!image) {
      const [first, ...more] = trayIconSizes(this.#platform);
      if (!first) throw new Error('no tray icon size for this platform');
      image = nativeImage.createFromBuffer(encodePng(drawTrayIcon(state, unread, first.size)), { scaleFactor: first.scaleFactor });
      for (const { size, scaleFactor } of more) image.addRepresentation({ scaleFactor, buffer: encodePng(drawTrayIcon(state, unread, size)) });
      this.#images.set(key, image);
    }
    return image;
  }
}
