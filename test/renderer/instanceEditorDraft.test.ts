/**
 * The editor never loses or misstates a draft: JSON text that does not parse is kept (switching
 * resources waits for it), leaving with unsaved changes asks, the live check is the engine's own,
 * and Test connection, Preview and Fetch sample try the draft as shown, saved or not.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api as client } from '../../renderer/src/lib/api.ts';
import { navigate, router } from '../../renderer/src/lib/router.svelte.ts';
import InstanceEditor from '../../renderer/src/views/InstanceEditor.svelte';
import { savedOrdersApi, type FakeApi } from './fakeApi.ts';
import { click, type } from './interact.ts';

vi.mock('../../renderer/src/lib/api.ts', async () => {
  const { fakeApi } = await import('./fakeApi.ts');
  return { api: fakeApi(), subscribe: () => () => undefined };
});

const api = client as unknown as FakeApi;

const resource = (url: string) => ({ url, idField: 'id', datesConfiguration: { updatedDateField: 'updated_at', updatedDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'" } });

function savedDocument() {
  return {
    element: { key: 'generic' },
    name: 'Orders API',
    configuration: { 'base.url': 'https://api.example.com', 'auth.type': 'bearer', 'event.poller.configuration': { orders: resource('/orders'), invoices: resource('/invoices') } },
  };
}

beforeEach(() => {
  vi.clearAllMocks();
  history.replaceState(null, '', '#/instances/7');
  router.route = { view: 'editor', id: 7 };
  api.getInstance.mockResolvedValue(savedOrdersApi(savedDocument()));
});

afterEach(() => history.replaceState(null, '', '#/instances'));

/** jsdom knows no `inert`: Svelte sets it as a property, which Chromium reflects (the browser tests see it work). */
const inert = (id: string) => (document.getElementById(id) as HTMLElement & { inert?: boolean }).inert === true;

async function breakResourceJson(): Promise<HTMLTextAreaElement> {
  await click(await screen.findByRole('tab', { name: 'JSON' }));
  const json = screen.getByRole('textbox', { name: 'orders as JSON' }) as HTMLTextAreaElement;
  await fireEvent.focus(json);
  await fireEvent.input(json, { target: { value: json.value.replace('"idField": "id",', '"idField": "id"') } });
  await fireEvent.blur(json);
  return json;
}

describe('JSON text that does not parse', () => {
  it('is kept when another resource is chosen: the switch waits, the caret on the mistake', async () => {
    render(InstanceEditor, { id: 7 });
    const json = await breakResourceJson();
    const broken = json.value;
    await click(within(screen.getByRole('list', { name: 'Resources' })).getByRole('button', { name: 'invoices' }));
    expect(screen.getByRole('textbox', { name: 'orders as JSON' })).toHaveValue(broken);
    expect(document.activeElement).toBe(json);
    expect(screen.getByRole('alert')).toHaveTextContent(/orders as JSON: not valid JSON at line \d+, column \d+/);
    // The rest of the editor cannot change the draft meanwhile.
    expect(inert('section-general')).toBe(true);
    expect(screen.getByRole('button', { name: 'Fetch sample' })).toBeDisabled();

    await click(screen.getByRole('button', { name: 'Discard this edit' }));
    expect(screen.getByRole('textbox', { name: 'orders as JSON' })).toHaveValue(JSON.stringify(resource('/orders'), null, 2));
    expect(inert('section-general')).toBe(false);
    await click(within(screen.getByRole('list', { name: 'Resources' })).getByRole('button', { name: 'invoices' }));
    expect(screen.getByRole('textbox', { name: 'invoices as JSON' })).toBeInTheDocument();
  });
});

describe('leaving the editor', () => {
  it('asks when there are unsaved changes: Keep editing stays, Discard leaves', async () => {
    render(InstanceEditor, { id: 7 });
    await type(await screen.findByLabelText('Base URL'), '/v2');
    navigate({ view: 'events' });
    const dialog = await screen.findByRole('dialog', { name: 'Unsaved changes' });
    expect(router.route).toEqual({ view: 'editor', id: 7 });
    await click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    expect(screen.queryByRole('dialog', { name: 'Unsaved changes' })).toBeNull();
    expect(screen.getByLabelText('Base URL')).toHaveValue('https://api.example.com/v2');

    // The address bar moved (a link, Back): it is put back, and asked about the same way.
    window.location.hash = '#/settings';
    await fireEvent(window, new HashChangeEvent('hashchange'));
    await click(within(await screen.findByRole('dialog', { name: 'Unsaved changes' })).getByRole('button', { name: 'Discard changes' }));
    expect(router.route).toEqual({ view: 'settings' });
  });

  it('does not ask without changes, and a closing window is asked only with them', async () => {
    render(InstanceEditor, { id: 7 });
    const baseUrl = await screen.findByLabelText('Base URL');
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false);
    await type(baseUrl, '/v2');
    expect(unload()).toBe(true);
    await click(screen.getByRole('button', { name: 'Revert' }));
    expect(unload()).toBe(false);
    navigate({ view: 'events' });
    expect(screen.queryByRole('dialog', { name: 'Unsaved changes' })).toBeNull();
    expect(router.route).toEqual({ view: 'events' });
  });
});

describe('credentials typed and not saved', () => {
  it('count as unsaved changes, are tried, and Save stores them with the instance in one call', async () => {
    api.updateInstance.mockImplementation(async (id: number) => ({ ok: true, instance: { id, name: 'Orders API' } as never, warnings: [] }));
    render(InstanceEditor, { id: 7 });
    await fireEvent.input(await screen.findByLabelText('Bearer token'), { target: { value: 'n3w-token' } });
    expect(screen.getByText('Unsaved changes')).toBeInTheDocument();
    await click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByTestId('connection-result');
    expect(api.testConnection).toHaveBeenCalledWith({ id: 7, document: savedDocument(), secrets: { token: 'n3w-token' } }, {});
    await click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updateInstance).toHaveBeenCalledTimes(1));
    const [, saved] = api.updateInstance.mock.calls[0]!;
    expect((saved as { configuration: Record<string, unknown> }).configuration.token).toBe('n3w-token');
    expect(api.setCredential).not.toHaveBeenCalled();
    await screen.findByText('All changes saved');
    expect(screen.getByLabelText('Bearer token')).toHaveValue('');
  });
});

describe('the live check', () => {
  it('shows at its field what the engine refuses, even when the window’s own run of the validator finds nothing', async () => {
    render(InstanceEditor, { id: 7 });
    const baseUrl = await screen.findByLabelText('Base URL');
    const engineCheck = api.validateInstance.getMockImplementation();
    api.validateInstance.mockResolvedValue({ valid: false, errors: [{ path: 'configuration.base.url', message: 'refused by the engine' }], warnings: [] });
    await type(baseUrl, '/v3');
    await waitFor(() => expect(baseUrl).toHaveAccessibleDescription(/refused by the engine/));
    expect(api.validateInstance).toHaveBeenLastCalledWith(expect.objectContaining({ name: 'Orders API' }), { id: 7 });
    expect(screen.getByText(/1 error, 0 warnings/)).toBeInTheDocument();
    api.validateInstance.mockImplementation(engineCheck!);
  });
});

describe('try before saving', () => {
  it('tests a new instance with the credentials typed for it, before it is saved', async () => {
    render(InstanceEditor, { id: 'new', element: 'generic' });
    await type(await screen.findByLabelText('Base URL'), 'https://shop.example.com');
    await fireEvent.change(screen.getByLabelText('Authentication'), { target: { value: 'bearer' } });
    await fireEvent.input(await screen.findByLabelText('Bearer token'), { target: { value: 's3cret-token' } });
    await click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByTestId('connection-result')).toHaveTextContent('connected');
    const [target] = api.testConnection.mock.calls[0]!;
    expect(target).toMatchObject({ secrets: { token: 's3cret-token' }, document: { configuration: { 'base.url': 'https://shop.example.com', 'auth.type': 'bearer' } } });
    expect(target).not.toHaveProperty('id');
    expect(api.createInstance).not.toHaveBeenCalled();
    expect(api.setCredential).not.toHaveBeenCalled();
  });

  it('previews the resource as edited, not as saved', async () => {
    render(InstanceEditor, { id: 7 });
    await type(await screen.findByLabelText(/^URL/), '?typo=1');
    await click(screen.getByRole('button', { name: 'Preview next request' }));
    await screen.findByTestId('next-request');
    const [target, name] = api.previewRequest.mock.calls[0]!;
    expect(name).toBe('orders');
    expect(target).toMatchObject({ id: 7, document: { configuration: { 'event.poller.configuration': { orders: { url: '/orders?typo=1' } } } } });
  });
});
