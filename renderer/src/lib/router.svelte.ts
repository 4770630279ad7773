/** The current route, kept in step with `location.hash`. */
import { formatRoute, parseRoute, type Route } from './routes.ts';

export const router = $state<{ route: Route }>({ route: { view: 'instances' } });

function readLocation(): void {
  const route = parseRoute(window.location.hash);
  if (route) router.route = route;
}

if (typeof window !== 'undefined') {
  readLocation();
  window.addEventListener('hashchange', readLocation);
}

export function navigate(route: Route): void {
  const hash = formatRoute(route);
  if (window.location.hash === hash) router.route = route;
  else window.location.hash = hash;
}

export function href(route: Route): string {
  return formatRoute(route);
}
