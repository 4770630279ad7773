/**
 * The desktop app's composition root (bundled to out/main/index.js): one instance per user, the
 * engine behind the API contract over IPC, the tray, the window, notifications, start at login and
 * a graceful quit. Everything with logic lives in small modules next to this one and is tested
 * without Electron; this file only wires them.
 */
import { homedir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { app, dialog, nativeImage, Notification, powerMonitor, session, shell } from 'electron';
import { SECRET_KEYS } from '../../shared/config/elements.ts';
import { PRODUCT_NAME } from '../engine/dataDir.ts';
import { windowTarget, type NoticeTarget } from '../engine/delivery/notifier.ts';
import { openSecretStore } from '../engine/secrets/openSecretStore.ts';
import { startApplication, type Application } from '../engine/service/application.ts';
import { ApiDispatcher } from '../engine/service/dispatcher.ts';
import { encodePng } from './bitmap.ts';
import { forwardPushes, registerApiHandlers, registerOpenExternal, type SenderCheck } from './ipc.ts';
import { parseLaunchOptions } from './launchOptions.ts';
import { installGracefulQuit, type GracefulQuit } from './lifecycle.ts';
import { applyStartAtLogin, followStartAtLogin } from './loginItem.ts';
import { ElectronNotifier } from './notifications.ts';
import { appFiles } from './paths.ts';
import { hardenSession, hardenWebContents } from './security.ts';
import { isTrustedSender } from './senderPolicy.ts';
import { openElectronSettings } from './settings.ts';
import { TrayController } from './tray.ts';
import { runTrayAction } from './trayActions.ts';
import { TrayFeed } from './trayFeed.ts';
import { drawAppIcon } from './trayIcon.ts';
import { UnreadCounter } from './unread.ts';
import { MainWindow } from './window.ts';

export const APP_ID = 'com.crmeventpoller.app';

const launch = parseLaunchOptions(process.argv, process.env);
app.setName(PRODUCT_NAME);
// The CLI's data folder (the same instances and events); the single-instance lock is kept there too.
app.setPath('userData', launch.dataDir);
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

let showWindow: (() => void) | undefined;

if (!app.requestSingleInstanceLock()) {
  // Another copy runs: it gets a 'second-instance' event and shows its window.
  app.quit();
} else {
  app.on('second-instance', () => showWindow?.());
  // The app lives in the tray: closing the window does not quit it.
  app.on('window-all-closed', () => undefined);
  hardenWebContents(app);
  app
    .whenReady()
    .then(start)
    .catch((error: Error) => {
      dialog.showErrorBox(`${PRODUCT_NAME} could not start`, error.message);
      app.exit(1);
    });
}

function start(): void {
  hardenSession(session.defaultSession);
  const { preload, indexFile } = appFiles(app.getAppPath());
  const appUrl = pathToFileURL(indexFile).href;
  const icon = nativeImage.createFromBuffer(encodePng(drawAppIcon(256)));
  const settings = openElectronSettings(launch.dataDir);

  // The closures below refer to objects made further down; none runs before start() returns.
  const unread = new UnreadCounter(() => tray.refresh());
  const window = new MainWindow({ preload, indexFile, dataDir: launch.dataDir, icon, devTools: !app.isPackaged, quitting: () => quit.quitting, onFocus: () => unread.seen() });
  const openTarget = (target: NoticeTarget) => {
    window.show();
    void window.whenLoaded().then(() => application.service.emit('open-view', windowTarget(target)));
  };
  const notifier = new ElectronNotifier({ icon, open: openTarget });
  const application: Application = startApplication({
    dataDir: launch.dataDir,
    settings,
    secrets: openSecretStore(launch.secrets, { knownKeys: SECRET_KEYS }),
    notifier,
    notice: (message) => console.warn(message),
    service: { version: app.getVersion(), transport: 'ipc', dataDir: launch.dataDir },
  });
  const { engine, scheduler, service } = application;

  const loginItem = (enabled: boolean) =>
    applyStartAtLogin(enabled, {
      platform: process.platform,
      env: process.env,
      home: homedir(),
      execPath: process.execPath,
      appPath: app.isPackaged ? undefined : app.getAppPath(),
      name: PRODUCT_NAME,
      setLoginItemSettings: (options) => app.setLoginItemSettings(options),
    });
  const report = (message: string) => {
    console.error(message);
    if (Notification.isSupported()) new Notification({ title: PRODUCT_NAME, body: message, icon }).show();
  };

  // Whoever changes the setting (the window, the tray, another process), the login item follows.
  const stopFollowingLoginItem = followStartAtLogin(engine.settings, settings.get('ui').startAtLogin, (enabled) => {
    void loginItem(enabled).catch((error: Error) => report(`Start at login failed: ${error.message}`));
  });

  const trusted: SenderCheck = (event) => isTrustedSender(event, window.current, appUrl);
  const dispatcher = new ApiDispatcher(service);
  const removeHandlers = registerApiHandlers(dispatcher, { trusted, onRefused: (method, reason) => console.warn(`refused IPC call ${method}: ${reason}`) });
  const removeOpenExternal = registerOpenExternal(trusted, (url) => shell.openExternal(url));
  const stopForwarding = forwardPushes(dispatcher, () => window.webContents);
  const stopWatching = dispatcher.subscribe((topic, payload) => {
    if (topic === 'events-added') unread.added(payload.count, window.inFront);
  });

  const trayFeed = new TrayFeed({ statuses: () => service.getStatus(), scheduler, instances: engine.instances, settings: engine.settings, unread: () => unread.count }, () => tray.refresh());
  const tray = new TrayController({
    read: () => trayFeed.input(Date.now()),
    dispatch: (action) =>
      void runTrayAction(action, {
        api: service,
        showWindow: () => window.show(),
        openEvents: (instanceId) => openTarget({ view: 'events', instanceId, eventIds: [], eventCount: 0 }),
        quit: () => app.quit(),
        now: Date.now,
        report,
      }),
    onClick: () => window.show(),
    onError: (error) => console.error(`tray: ${error.message}`),
  });

  const quit: GracefulQuit = installGracefulQuit(
    app,
    async () => {
      stopWatching();
      trayFeed.close();
      stopFollowingLoginItem();
      stopForwarding();
      removeOpenExternal();
      removeHandlers();
      tray.destroy();
      notifier.closeAll();
      await application.stop();
    },
    (error) => console.error(`stopping the engine: ${error.message}`),
    // Unsaved changes in the window are asked about before anything stops.
    () => window.closeAskingPage(),
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
  // System shutdown (Linux, macOS) does not emit before-quit by itself: quit, so the engine stops first.
  powerMonitor.on('shutdown', () => app.quit());

  showWindow = () => window.show();
  app.on('activate', () => window.show());
  // Keep the OS login item in step with the setting (an AppImage may have moved since).
  void loginItem(settings.get('ui').startAtLogin).catch((error: Error) => console.error(`start at login: ${error.message}`));

  const openedAtLogin = process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
  if (!launch.hidden && !openedAtLogin) window.show();
}
