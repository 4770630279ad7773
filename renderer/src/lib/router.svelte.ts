/** The current route, kept in step with `location.hash`. */
import { formatRoute, parseRoute, type Route } from './routes.ts';

export const router = $state<{ route: Route }>({ route: { view: 'instances' } });

/**
 * Asked before the route changes (a link, the back button, a notification): true to hold the
 * navigation, which the guard then finishes or drops itself (the editor asks about unsaved changes).
 */
export type LeaveGuard = (to: Route, proceed: () => void) => boolean;

let guard: LeaveGuard | undefined;

/** Installs the guard; returns its removal. One at a time: the view on screen. */
export function guardLeaving(check: LeaveGuard): () => void {
  guard = check;
  return () => {
    if (guard === check) guard = undefined;
  };
}

function go(route: Route): void {
  const hash = formatRoute(route);
  if (window.location.hash !== hash) history.pushState(null, '', hash);
  router.route = route;
}

function readLocation(): void {
  const route = parseRoute(window.location.hash);
  if (!route) return;
  const held = guard?.(route, () => go(route));
  // The address bar already moved (a link, Back): put it back until the guard lets the route change.
  if (held) history.replaceState(null, '', formatRoute(router.route));
  else router.route = route;
}

if (typeof window !== 'undefined') {
  readLocation();
  window.addEventListener('hashchange', readLocation);
}

/** Goes to `route`, asking the guard first unless `force` (after a save or a delete: nothing is left unsaved). */
export function navigate(route: Route, options: { force?: boolean } = {}): void {
  if (!options.force && guard?.(route, () => go(route))) return;
  go(route);
}

export function href(route: Route): string {
  return formatRoute(route);
}
