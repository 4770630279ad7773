// @vitest-environment node
// Pure logic of the window: no DOM needed.
import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, topView, type Route } from '../../../renderer/src/lib/routes.ts';

describe('hash routes', () => {
  const routes: Route[] = [
    { view: 'instances' },
    { view: 'editor', id: 'new', element: 'sagecrm' },
    { view: 'editor', id: 12, section: 'credentials' },
    { view: 'events' },
    { view: 'events', instanceId: 3, eventId: 'abc_DEF-1' },
    { view: 'deliveries', instanceId: 2 },
    { view: 'activity' },
    { view: 'settings' },
  ];

  it.each(routes)('round-trips %o', (route) => {
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('leaves in-page anchors alone and sends unknown places home', () => {
    expect(parseRoute('#main')).toBeUndefined();
    expect(parseRoute('')).toEqual({ view: 'instances' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'instances' });
    expect(parseRoute('#/instances/0')).toEqual({ view: 'instances' });
    expect(parseRoute('#/events?instance=-1')).toEqual({ view: 'events' });
    expect(parseRoute('#/instances/4?section=bogus')).toEqual({ view: 'editor', id: 4 });
  });

  it('puts the editor under Instances', () => {
    expect(topView({ view: 'editor', id: 1 })).toBe('instances');
  });
});
