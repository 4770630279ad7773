/** The main window's options: the security settings in one place, checked by a test. */
import type { BrowserWindowConstructorOptions, NativeImage } from 'electron';
import { PRODUCT_NAME } from '../engine/dataDir.ts';
import type { SizeLimits, WindowPlacement } from './windowState.ts';

/** The first size, and the least the views are laid out for. */
export const WINDOW_SIZE: SizeLimits = { width: 1180, height: 780, minWidth: 720, minHeight: 480 };

export function mainWindowOptions(preload: string, icon: NativeImage | undefined, devTools: boolean, placement?: WindowPlacement): BrowserWindowConstructorOptions {
  return {
    title: PRODUCT_NAME,
    width: placement?.width ?? WINDOW_SIZE.width,
    height: placement?.height ?? WINDOW_SIZE.height,
    ...(placement?.x === undefined || placement.y === undefined ? {} : { x: placement.x, y: placement.y }),
    minWidth: WINDOW_SIZE.minWidth,
    minHeight: WINDOW_SIZE.minHeight,
    show: false,
    icon,
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools,
    },
  };
}
