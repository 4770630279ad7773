/**
 * Links the user clicks: the preload sees real clicks (`isTrusted`, which page scripts cannot
 * forge) on `<a href="https://…">` and asks the main process to open them in the browser. The
 * window itself never navigates and never opens windows (the main process denies both).
 */

export interface ClickLike {
  isTrusted: boolean;
  button: number;
  defaultPrevented: boolean;
  target: unknown;
  preventDefault(): void;
}

interface AnchorLike {
  href: string;
}

interface ElementLike {
  closest(selector: string): unknown;
}

/** The https URL a trusted primary or middle click on a link points at, if any. */
export function clickedHttpsLink(event: ClickLike): string | undefined {
  if (!event.isTrusted || event.defaultPrevented || (event.button !== 0 && event.button !== 1)) return undefined;
  const target = event.target as Partial<ElementLike> | null;
  if (!target || typeof target.closest !== 'function') return undefined;
  const anchor = target.closest('a[href]') as AnchorLike | null;
  if (!anchor) return undefined;
  try {
    const url = new URL(anchor.href);
    return url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Listens (capturing) for clicks and middle clicks on https links; other links are left to the page. */
export function watchExternalLinks(target: { addEventListener(type: string, listener: (event: ClickLike) => void, capture: boolean): void }, open: (url: string) => void): void {
  const onClick = (event: ClickLike) => {
    const url = clickedHttpsLink(event);
    if (url === undefined) return;
    event.preventDefault();
    open(url);
  };
  target.addEventListener('click', onClick, true);
  target.addEventListener('auxclick', onClick, true);
}
