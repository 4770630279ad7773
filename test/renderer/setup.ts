/** jsdom lacks a few browser APIs the window uses; stand-ins that do nothing, so components mount. */
import '@testing-library/jest-dom/vitest';

class NoopResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

// The pure-logic tests run in plain Node, without a DOM.
if (typeof window !== 'undefined') {
  globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
  Element.prototype.scrollIntoView ??= function scrollIntoView() {};
}
