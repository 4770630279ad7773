/**
 * The window's places as hash routes (`#/events?instance=3`), so the same build works from file://
 * in Electron and over HTTP from `serve`, and the browser's back button works.
 */
export type EditorSection = 'general' | 'connection' | 'credentials' | 'events' | 'resources' | 'json';

export type Route =
  | { view: 'instances' }
  /** `field`: the configuration path of a field to bring into view (a "Needs setup" item links to it). */
  | { view: 'editor'; id: number | 'new'; section?: EditorSection; element?: string; field?: string }
  | { view: 'events'; instanceId?: number; eventId?: string }
  | { view: 'deliveries'; instanceId?: number }
  | { view: 'activity' }
  | { view: 'settings' };

export type ViewName = Route['view'];

const SECTIONS: readonly EditorSection[] = ['general', 'connection', 'credentials', 'events', 'resources', 'json'];

function positiveInt(text: string | null | undefined): number | undefined {
  if (text == null || !/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 ? value : undefined;
}

/** Parses `#/…`; anything else (an in-page anchor, nothing) is undefined. */
export function parseRoute(hash: string): Route | undefined {
  if (hash === '' || hash === '#' || hash === '#/') return { view: 'instances' };
  if (!hash.startsWith('#/')) return undefined;
  const [path = '', queryText = ''] = hash.slice(2).split('?', 2);
  const query = new URLSearchParams(queryText);
  const parts = path.split('/').filter(Boolean);
  switch (parts[0]) {
    case 'instances': {
      if (parts[1] === undefined) return { view: 'instances' };
      const id = parts[1] === 'new' ? 'new' : positiveInt(parts[1]);
      if (id === undefined) return { view: 'instances' };
      const section = SECTIONS.find((candidate) => candidate === query.get('section'));
      const element = query.get('element') ?? undefined;
      const field = query.get('field') ?? undefined;
      return { view: 'editor', id, ...(section ? { section } : {}), ...(id === 'new' && element ? { element } : {}), ...(field ? { field } : {}) };
    }
    case 'events': {
      const instanceId = positiveInt(query.get('instance'));
      const eventId = query.get('event') ?? undefined;
      return { view: 'events', ...(instanceId ? { instanceId } : {}), ...(eventId ? { eventId } : {}) };
    }
    case 'deliveries': {
      const instanceId = positiveInt(query.get('instance'));
      return { view: 'deliveries', ...(instanceId ? { instanceId } : {}) };
    }
    case 'activity':
      return { view: 'activity' };
    case 'settings':
      return { view: 'settings' };
    default:
      return { view: 'instances' };
  }
}

export function formatRoute(route: Route): string {
  const withQuery = (path: string, query: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const text = params.toString();
    return text ? `#/${path}?${text}` : `#/${path}`;
  };
  switch (route.view) {
    case 'instances':
      return '#/instances';
    case 'editor':
      return withQuery(`instances/${route.id}`, { section: route.section, element: route.element, field: route.field });
    case 'events':
      return withQuery('events', { instance: route.instanceId, event: route.eventId });
    case 'deliveries':
      return withQuery('deliveries', { instance: route.instanceId });
    case 'activity':
      return '#/activity';
    case 'settings':
      return '#/settings';
  }
}

/** The top-level view a route belongs to (the editor sits under Instances). */
export function topView(route: Route): Exclude<ViewName, 'editor'> {
  return route.view === 'editor' ? 'instances' : route.view;
}
