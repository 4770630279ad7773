/** Whether a URL's host is this machine (localhost, *.localhost, 127.x.x.x, ::1), where plain http:// stays on the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * `new URL(text)`, the same wherever it runs: Chromium's parser takes a host with spaces or other
 * characters no host may hold ("https://not a url at all") and percent-encodes them, where Node's
 * refuses it. Such a URL is refused here too, so the window and the engine never disagree.
 */
export function parseUrl(text: string): URL {
  const url = new URL(text);
  if (/[%\s]/.test(url.hostname)) throw new TypeError(`Invalid URL: ${text}`);
  return url;
}
