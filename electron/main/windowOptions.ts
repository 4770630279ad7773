/** The main window's options: the security settings in one place, checked by a test. */
import type { BrowserWindowConstructorOptions, NativeImage } from 'electron';
import { PRODUCT_NAME } from '../engine/dataDir.ts';

export function mainWindowOptions(preload: string, icon: NativeImage | undefined, devTools: boolean): BrowserWindowConstructorOptions {
  return {
    title: PRODUCT_NAME,
    width: 1180,
    height: 780,
    minWidth: 720,
    minHeight: 480,
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
