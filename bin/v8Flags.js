// The V8 flags every long-running process of the product starts with. V8 sizes its heap once, at
// start-up (v8.setFlagsFromString comes too late), so each launcher passes them: the first line of
// crm-event-poller.js (checked against this list by test/scripts/v8Flags.test.ts), its hand-over
// to the bundled Node, the desktop app's login item and Linux menu entry (--js-flags, as Electron
// takes them for its main process; electron-builder.yml), and the benchmarks.
//
// --max-semi-space-size=16: V8 grows its young generation to 64 MB of pages on this kind of
// machine; a poll of 1,000,000 records peaked at 319-348 MB of RSS with it, 255 MB with 16, at no
// cost in CPU (the poll benchmark).
export const V8_FLAGS = ['--max-semi-space-size=16'];

/** The same flags as Electron takes them on its command line for the main process. */
export const ELECTRON_JS_FLAGS = `--js-flags=${V8_FLAGS.join(' ')}`;
