/** The tray model's menu as Electron menu templates (plain objects; Menu.buildFromTemplate takes them in tray.ts). */
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuItem } from './trayModel.ts';

/** On Windows and Linux "&" marks a mnemonic; "&&" shows one "&" (instance names may contain it). */
export function escapeLabel(label: string, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? label : label.replace(/&/g, '&&');
}

export function toMenuTemplate(items: TrayMenuItem[], dispatch: (action: TrayAction) => void, platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: escapeLabel(item.label, platform), enabled: false };
      case 'action':
        return { label: escapeLabel(item.label, platform), enabled: item.enabled, click: () => dispatch(item.action) };
      case 'checkbox':
        return { type: 'checkbox', label: escapeLabel(item.label, platform), checked: item.checked, click: () => dispatch(item.action) };
      case 'submenu':
        return { label: escapeLabel(item.label, platform), submenu: toMenuTemplate(item.items, dispatch, platform) };
    }
  });
}
