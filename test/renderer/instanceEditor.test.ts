/**
 * The instance editor: every field validated live with the path-pointed messages of the shared
 * validator, resources as a form and as JSON, copying a resource, write-only credentials, saving.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api as client } from '../../renderer/src/lib/api.ts';
import InstanceEditor from '../../renderer/src/views/InstanceEditor.svelte';
import { savedOrdersApi, type FakeApi } from './fakeApi.ts';
import { click, select, type } from './interact.ts';

vi.mock('../../renderer/src/lib/api.ts', async () => {
  const { fakeApi } = await import('./fakeApi.ts');
  return { api: fakeApi(), subscribe: () => () => undefined };
});

const api = client as unknown as FakeApi;

function instanceDocument() {
  return {
    element: { key: 'generic' },
    name: 'Orders API',
    configuration: {
      'base.url': 'https://api.example.com',
      'auth.type': 'bearer',
      'event.notification.enabled': 'true',
      'event.notification.callback.url': 'https://hooks.example.com/crm',
      'event.poller.refresh_interval': '5',
      'event.poller.configuration': {
        orders: {
          url: "/orders?since=${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}",
          idField: 'id',
          datesConfiguration: { updatedDateField: 'updated_at', updatedDateFormat: "yyyy-MM-dd'T'HH:mm:ss'Z'" },
        },
      },
    },
  };
}

beforeEach(() => {
  vi.clearAllMocks();
  api.getInstance.mockResolvedValue(savedOrdersApi(instanceDocument()));
});

describe('a new instance', () => {
  it('opens without a message on any field the user has not touched yet', async () => {
    render(InstanceEditor, { id: 'new', element: 'generic' });
    const name = await screen.findByLabelText(/^Name/);
    expect(name).toHaveAttribute('aria-invalid', 'false');
    expect(name).not.toHaveAccessibleDescription(/must be a non-empty instance name/);
    expect(screen.getByLabelText('Base URL')).toHaveAttribute('aria-invalid', 'false');
    expect(screen.getByText(/Not saved yet/)).not.toHaveTextContent(/error/);
    // Save shows everything that is still missing.
    await click(screen.getByRole('button', { name: 'Create instance' }));
    expect(name).toHaveAccessibleDescription(/must be a non-empty instance name/);
    expect(screen.getByLabelText('Base URL')).toHaveAccessibleDescription(/missing: items has a relative url/);
  });

  it('points at what is missing, field by field, and clears each message as it is fixed', async () => {
    render(InstanceEditor, { id: 'new', element: 'generic' });
    const name = await screen.findByLabelText(/^Name/);
    await type(name, 'Shop');
    expect(name).toHaveAttribute('aria-invalid', 'false');
    await type(name, '');
    expect(name).toHaveAccessibleDescription(/must be a non-empty instance name/);
    await type(name, 'Shop');
    expect(name).toHaveAttribute('aria-invalid', 'false');

    const baseUrl = screen.getByLabelText('Base URL');
    await type(baseUrl, 'not a url');
    expect(baseUrl).toHaveAccessibleDescription(/"not a url" is not a URL/);
    await type(baseUrl, '');
    await type(baseUrl, 'https://shop.example.com/api');
    expect(baseUrl).toHaveAttribute('aria-invalid', 'false');
    expect(screen.getByText('No problems found')).toBeInTheDocument();
  });

  it('validates the resource form live, with the JSON path of each problem', async () => {
    render(InstanceEditor, { id: 'new', element: 'generic' });
    const format = await screen.findByLabelText('Updated date format');
    await type(format, '');
    await type(format, 'yyyy-QQ-dd');
    expect(format).toHaveAttribute('aria-invalid', 'true');
    expect(format).toHaveAccessibleDescription(/unknown pattern letter 'Q' in "yyyy-QQ-dd"; see java.text.SimpleDateFormat/);
    // The summary names the full path, and takes the keyboard to the field.
    const summary = screen.getByRole('list', { name: 'Problems in this instance' });
    const path = within(summary).getByRole('button', { name: 'configuration.event.poller.configuration.items.datesConfiguration.updatedDateFormat' });
    await click(path);
    await waitFor(() => expect(format).toHaveFocus());

    const pageSize = screen.getByLabelText('Page size');
    await type(pageSize, 'lots');
    expect(pageSize).toHaveAccessibleDescription(/must be a whole number of records \(a number or a numeric string\), got "lots"/);
    expect(pageSize).toHaveAttribute('aria-invalid', 'true');
    await type(pageSize, '');
    await type(format, '');
    await type(format, 'milliseconds');
    expect(format).toHaveAttribute('aria-invalid', 'false');
  });

  it('shows the next URL with the macros filled, and says why it cannot', async () => {
    render(InstanceEditor, { id: 'new', element: 'generic' });
    const url = await screen.findByLabelText(/^URL/);
    expect(screen.getByTestId('url-preview').textContent).toMatch(/^\/items\?updated_since=\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
    await type(url, '');
    await fireEvent.input(url, { target: { value: '/items?since=${nope}' } });
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/Cannot fill the macros yet/)).toBeInTheDocument();
  });

  it('edits a resource as raw JSON, validated as it is typed', async () => {
    render(InstanceEditor, { id: 'new', element: 'generic' });
    await click(await screen.findByRole('tab', { name: 'JSON' }));
    const json = screen.getByRole('textbox', { name: 'items as JSON' });
    await fireEvent.input(json, { target: { value: '{"url": "/items", ' } });
    expect(json).toHaveAttribute('aria-invalid', 'true');
    expect(within(screen.getByRole('list', { name: 'Problems in items as JSON' })).getByText(/not valid JSON/)).toBeInTheDocument();
    await fireEvent.input(json, { target: { value: '{"url": "/items", "datesConfiguration": {"updatedDateField": "updated", "updatedDateFormat": "milliseconds"}}' } });
    const problems = screen.getByRole('list', { name: 'Problems in items as JSON' });
    expect(within(problems).getByText(/resource "items" has no "idField"/)).toBeInTheDocument();
    // The form shows what the JSON says.
    await click(screen.getByRole('tab', { name: 'Form' }));
    expect(screen.getByLabelText(/^URL/)).toHaveValue('/items');
    expect(screen.getByLabelText(/^Id field/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('edits the whole instance as JSON, and the form follows', async () => {
    render(InstanceEditor, { id: 'new', element: 'generic' });
    const json = await screen.findByRole('textbox', { name: 'Instance JSON (without secrets)' });
    await fireEvent.input(json, { target: { value: '[]' } });
    expect(within(screen.getByRole('list', { name: 'Problems in Instance JSON (without secrets)' })).getByText(/must be an instance object/)).toBeInTheDocument();
    const document = { element: { key: 'generic' }, name: 'From JSON', configuration: { 'base.url': 'https://api.example.com', 'event.poller.configuration': {} } };
    await fireEvent.input(json, { target: { value: JSON.stringify(document) } });
    expect(screen.getByLabelText(/^Name/)).toHaveValue('From JSON');
    expect(screen.getByText(/No resources yet/)).toBeInTheDocument();
    await click(screen.getByRole('button', { name: 'Add an example resource' }));
    expect(within(screen.getByRole('list', { name: 'Resources' })).getByRole('button', { name: 'items' })).toBeInTheDocument();
  });

  it('makes a new resource by copying one, and refuses a name in use', async () => {
    render(InstanceEditor, { id: 'new', element: 'generic' });
    await click(await screen.findByRole('button', { name: 'Copy as new resource' }));
    const name = screen.getByLabelText('Name of the copy of items');
    expect(name).toHaveValue('items_copy');
    await type(name, '');
    await type(name, 'items');
    expect(screen.getByRole('button', { name: 'Create copy' })).toBeDisabled();
    expect(screen.getByText('a resource named "items" already exists')).toBeInTheDocument();
    await type(name, '');
    await type(name, 'orders');
    await click(screen.getByRole('button', { name: 'Create copy' }));
    const list = screen.getByRole('list', { name: 'Resources' });
    expect(within(list).getAllByRole('button').map((button) => button.textContent?.trim())).toEqual(['items', 'orders']);
    expect(within(list).getByRole('button', { name: 'orders' })).toHaveAttribute('aria-current', 'true');
    expect(screen.getByLabelText('Updated date format')).toHaveValue("yyyy-MM-dd'T'HH:mm:ss'Z'");
  });

  it('creates the instance with the credentials typed before it existed, in one call', async () => {
    api.createInstance.mockResolvedValue({
      ok: true,
      instance: { id: 12, name: 'Shop', elementKey: 'generic', elementName: 'Generic JSON REST API', enabled: true, tags: [], refreshIntervalMinutes: 15, resources: ['items'], status: { id: 12, name: 'Shop', elementKey: 'generic', state: 'idle', consecutiveFailures: 0, eventsLastPoll: 0, resources: [] }, eventsToday: 0, warnings: [], setup: [] },
      warnings: [],
    });
    render(InstanceEditor, { id: 'new', element: 'generic' });
    await type(await screen.findByLabelText(/^Name/), 'Shop');
    await type(screen.getByLabelText('Base URL'), 'https://shop.example.com/api');
    await select(screen.getByLabelText('Authentication'), 'bearer');
    await type(screen.getByLabelText('Bearer token'), 's3cret');
    await click(screen.getByRole('button', { name: 'Create instance' }));
    await waitFor(() => expect(api.createInstance).toHaveBeenCalledTimes(1));
    // Saved with its credential at once (the engine moves it to the secret store): the scheduler never sees it without.
    const [document] = api.createInstance.mock.calls[0] as [Record<string, unknown>];
    expect(document).toMatchObject({ element: { key: 'generic' }, name: 'Shop', configuration: { 'base.url': 'https://shop.example.com/api', 'auth.type': 'bearer', token: 's3cret' } });
    expect(api.setCredential).not.toHaveBeenCalled();
  });

  it('offers the connection fields of the chosen connector, secrets apart', async () => {
    render(InstanceEditor, { id: 'new', element: 'sagecrm' });
    await click(await screen.findByRole('button', { name: 'Create instance' }));
    expect(await screen.findByLabelText('Server (host or full SData URL)')).toHaveAccessibleDescription(/missing/);
    expect(screen.getByLabelText('Username')).toHaveAttribute('type', 'text');
    const password = screen.getByLabelText('Password');
    expect(password).toHaveAttribute('type', 'password');
    expect(within(screen.getByRole('region', { name: 'Credentials' })).getByText('not set')).toBeInTheDocument();
    expect(screen.getByLabelText('Signature key')).toHaveAttribute('type', 'password');
    expect(screen.getByLabelText(/^URL/)).toHaveValue("/hubs/crm/accounts?where=Comp_UpdatedDate>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'");
    // The generic element's paging keys are not Sage CRM's.
    expect(screen.queryByLabelText('Paging type')).toBeNull();
  });

  it('offers the OAuth client authentication methods as a list, and keeps a pasted unknown one visible with its error', async () => {
    render(InstanceEditor, { id: 'new', element: 'generic' });
    await select(await screen.findByLabelText('Authentication'), 'oauth2');
    const method = screen.getByLabelText('OAuth client authentication');
    expect([...(method as HTMLSelectElement).options].map((option) => option.textContent)).toEqual(['client_secret_post (default)', 'client_secret_basic']);
    expect(method).toHaveValue('client_secret_post');
    await select(method, 'client_secret_basic');
    const json = screen.getByRole('textbox', { name: 'Instance JSON (without secrets)' });
    expect(JSON.parse((json as HTMLTextAreaElement).value).configuration['oauth.client.authentication']).toBe('client_secret_basic');

    const pasted = JSON.parse((json as HTMLTextAreaElement).value) as { configuration: Record<string, unknown> };
    pasted.configuration['oauth.client.authentication'] = 'basic';
    await fireEvent.input(json, { target: { value: JSON.stringify(pasted) } });
    const shown = screen.getByLabelText('OAuth client authentication');
    expect(shown).toHaveValue('basic');
    expect(shown).toHaveAccessibleDescription(/"basic" is not a client authentication method/);
  });

  it('edits trusted.origins one origin per line, as an array, each checked at its own path', async () => {
    render(InstanceEditor, { id: 'new', element: 'generic' });
    const origins = await screen.findByLabelText('Other origins trusted with the credentials (resource URLs, next pages, redirects)');
    await fireEvent.change(origins, { target: { value: 'https://files.example.com\nhttps://cdn.example.com/v1\n' } });
    const json = screen.getByRole('textbox', { name: 'Instance JSON (without secrets)' });
    expect(JSON.parse((json as HTMLTextAreaElement).value).configuration['trusted.origins']).toEqual(['https://files.example.com', 'https://cdn.example.com/v1']);
    expect(origins).toHaveAccessibleDescription(/must be an origin only \(scheme, host and port\): write "https:\/\/cdn.example.com"/);
    await fireEvent.change(origins, { target: { value: '' } });
    expect(JSON.parse((json as HTMLTextAreaElement).value).configuration['trusted.origins']).toBeUndefined();
  });

  it('shows the problems the engine found on save, at their fields', async () => {
    api.createInstance.mockResolvedValue({ ok: false, errors: [{ path: 'name', message: 'an instance named "Shop" already exists: choose another name, or remove it first' }], warnings: [] });
    render(InstanceEditor, { id: 'new', element: 'generic' });
    await type(await screen.findByLabelText(/^Name/), 'Shop');
    await type(screen.getByLabelText('Base URL'), 'https://shop.example.com/api');
    await click(screen.getByRole('button', { name: 'Create instance' }));
    await waitFor(() => expect(screen.getByLabelText(/^Name/)).toHaveAccessibleDescription(/an instance named "Shop" already exists/));
  });
});

describe('a saved instance', () => {
  it('never saves JSON text that does not parse: the save is refused, the mistake marked at its line and column', async () => {
    render(InstanceEditor, { id: 7 });
    await click(await screen.findByRole('tab', { name: 'JSON' }));
    const json = screen.getByRole('textbox', { name: 'orders as JSON' });
    const text = (json as HTMLTextAreaElement).value;
    const line = text.split('\n').findIndex((candidate) => candidate.includes('"idField": "id",')) + 1;
    await fireEvent.focus(json);
    await fireEvent.input(json, { target: { value: text.replace('"idField": "id",', '"idField": "id"') } });
    expect(within(screen.getByRole('list', { name: 'Problems in orders as JSON' })).getByText(new RegExp(`not valid JSON at line ${line}, column \\d+`))).toBeInTheDocument();
    expect(screen.getByText('Unsaved changes · invalid JSON to fix')).toBeInTheDocument();
    // Save stays offered, to say why it does not save.
    expect(screen.getByRole('button', { name: 'Save' })).toBeEnabled();
    await click(screen.getByRole('button', { name: 'Save' }));
    expect(api.updateInstance).not.toHaveBeenCalled();
    // The caret is put on the mistake, and the form cannot hide the text.
    expect(document.activeElement).toBe(json);
    await click(screen.getByRole('tab', { name: 'Form' }));
    expect(screen.getByRole('textbox', { name: 'orders as JSON' })).toBe(json);
    expect(screen.queryByText('All changes saved')).not.toBeInTheDocument();
  });

  it('says "Not saved yet" for a new instance, never "All changes saved"', async () => {
    render(InstanceEditor, { id: 'new', element: 'generic' });
    expect(await screen.findByText(/^Not saved yet/)).toBeInTheDocument();
    expect(screen.queryByText(/All changes saved/)).not.toBeInTheDocument();
  });

  it('loads the document, converts nothing needlessly and saves the edit', async () => {
    api.updateInstance.mockImplementation(async (id: number, document: unknown) => {
      const doc = document as { name: string };
      return { ok: true, instance: { id, name: doc.name } as never, warnings: [] };
    });
    render(InstanceEditor, { id: 7 });
    const refresh = await screen.findByLabelText('Refresh interval (minutes)');
    expect(refresh).toHaveValue('5');
    expect(screen.getByText('All changes saved')).toBeInTheDocument();
    expect(screen.getByLabelText('Send events to the callback URL')).toBeChecked();
    await type(refresh, '');
    await type(refresh, '0');
    expect(refresh).toHaveAccessibleDescription(/must be at least 1 minutes, got 0/);
    expect(refresh).toHaveAttribute('aria-invalid', 'true');
    await type(refresh, '');
    await type(refresh, '10');
    await click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.updateInstance).toHaveBeenCalledTimes(1));
    const [id, document] = api.updateInstance.mock.calls[0] as [number, { configuration: Record<string, unknown> }];
    expect(id).toBe(7);
    expect(document.configuration['event.poller.refresh_interval']).toBe(10);
  });

  describe('when the server changes', () => {
    const saveWith = async (answer?: string) => {
      render(InstanceEditor, { id: 7 });
      const baseUrl = await screen.findByLabelText('Base URL');
      await type(baseUrl, '');
      await type(baseUrl, 'https://other.example.com');
      const credentials = screen.getByRole('region', { name: 'Credentials' });
      expect(within(credentials).getByText('saved for the previous server')).toBeInTheDocument();
      await click(screen.getByRole('button', { name: 'Save' }));
      if (answer === undefined) return;
      const dialog = await screen.findByRole('dialog', { name: 'Credentials for another server' });
      expect(dialog).toHaveTextContent('The server changes from https://api.example.com to https://other.example.com. The saved Bearer token was given for https://api.example.com.');
      await click(within(dialog).getByRole('button', { name: answer }));
    };
    beforeEach(() => {
      api.updateInstance.mockImplementation(async (id: number, document: unknown) => ({ ok: true, instance: { id, name: (document as { name: string }).name } as never, warnings: [] }));
    });

    it('asks, and removes the saved credentials when told to: the new server gets none of them', async () => {
      await saveWith('Remove it');
      await waitFor(() => expect(api.updateInstance).toHaveBeenCalledTimes(1));
      expect(api.updateInstance.mock.calls[0]?.[2]).toEqual({ keepCredentials: false });
      expect(api.setCredential).not.toHaveBeenCalled();
    });

    it('asks, and keeps them for the new server when told to', async () => {
      await saveWith('Keep it for https://other.example.com');
      await waitFor(() => expect(api.updateInstance.mock.calls[0]?.[2]).toEqual({ keepCredentials: true }));
    });

    it('saves nothing when the question is cancelled', async () => {
      await saveWith('Cancel');
      expect(api.updateInstance).not.toHaveBeenCalled();
      expect(screen.getByText('Unsaved changes')).toBeInTheDocument();
    });

    it('does not ask when new credentials are typed for the new server: they are saved with it, in one call', async () => {
      render(InstanceEditor, { id: 7 });
      const baseUrl = await screen.findByLabelText('Base URL');
      await type(baseUrl, '');
      await type(baseUrl, 'https://other.example.com');
      await type(screen.getByLabelText('Bearer token'), 'token-for-the-new-server');
      await click(screen.getByRole('button', { name: 'Save' }));
      await waitFor(() => expect(api.updateInstance).toHaveBeenCalledTimes(1));
      expect(screen.queryByRole('dialog', { name: 'Credentials for another server' })).toBeNull();
      const [, document, options] = api.updateInstance.mock.calls[0] as [number, { configuration: Record<string, unknown> }, unknown];
      expect([document.configuration['base.url'], document.configuration.token, options]).toEqual(['https://other.example.com', 'token-for-the-new-server', { keepCredentials: false }]);
      expect(api.setCredential).not.toHaveBeenCalled();
    });
  });

  it('keeps credentials write-only: "saved", never shown, replaced or removed', async () => {
    render(InstanceEditor, { id: 7 });
    const token = await screen.findByLabelText('Bearer token');
    expect(token).toHaveValue('');
    expect(token).toHaveAttribute('type', 'password');
    const credentials = screen.getByRole('region', { name: 'Credentials' });
    expect(within(credentials).getByText('saved')).toBeInTheDocument();
    await type(token, 'rotated-token');
    await click(within(credentials).getByRole('button', { name: 'Replace Bearer token' }));
    await waitFor(() => expect(api.setCredential).toHaveBeenCalledWith(7, 'token', 'rotated-token'));
    expect(token).toHaveValue('');
    api.setCredential.mockRejectedValueOnce(new Error('Secrets are read-only with --secrets env: set the environment variable CRM_EVENT_POLLER_SECRET_ORDERS_API_TOKEN'));
    await type(token, 'again');
    await click(within(credentials).getByRole('button', { name: 'Replace Bearer token' }));
    expect(await within(credentials).findByRole('alert')).toHaveTextContent('CRM_EVENT_POLLER_SECRET_ORDERS_API_TOKEN');
    await click(within(credentials).getByRole('button', { name: 'Remove Bearer token' }));
    await waitFor(() => expect(api.clearCredential).toHaveBeenCalledWith(7, 'token'));
  });

  it('asks whether to trust the sign-in authority the server named, and lists what is trusted', async () => {
    const { instances } = await import('../../renderer/src/lib/appState.svelte.ts');
    const status = { id: 7, name: 'Orders API', elementKey: 'generic', state: 'needs-attention' as const, consecutiveFailures: 1, eventsLastPoll: 0, resources: [] };
    instances.list = [{ id: 7, status: { ...status, lastError: { message: 'trust it?', kind: 'auth', advice: '', at: Date.now(), untrustedAuthority: 'https://adfs.example.com' } } } as never];
    render(InstanceEditor, { id: 7 });
    const connection = await screen.findByRole('region', { name: 'Connection' });
    const ask = within(connection).getByRole('group', { name: 'Trust https://adfs.example.com as the sign-in authority of Orders API?' });
    api.getInstance.mockResolvedValueOnce({ ...(await api.getInstance(7)), trustedAuthorities: ['https://adfs.example.com'] });
    await click(within(ask).getByRole('button', { name: 'Trust https://adfs.example.com' }));
    await waitFor(() => expect(api.trustAuthority).toHaveBeenCalledWith(7, 'https://adfs.example.com'));
    expect(await within(connection).findByTestId('trusted-authorities')).toHaveTextContent('https://adfs.example.com');
    instances.list = [];
  });

  it('previews the next request and fetches a sample without moving the cursor', async () => {
    api.previewRequest.mockResolvedValue({ resource: 'orders', since: '2024-05-01T08:30:00.000Z', url: '/orders?since=2024-05-01T08:30:00Z' });
    api.fetchSample.mockResolvedValue([
      { objectId: 'A-1', changeTime: '2024-05-01T09:00:00.000Z', createdTime: '2024-05-01T09:00:00.000Z', eventType: 'CREATED', raw: { id: 'A-1', total: 12 } },
      { problem: 'updated_at "yesterday" does not match yyyy-MM-dd\'T\'HH:mm:ss\'Z\'', raw: { id: 'A-2' } },
    ]);
    render(InstanceEditor, { id: 7 });
    await click(await screen.findByRole('button', { name: 'Preview next request' }));
    expect(await screen.findByTestId('next-request')).toHaveTextContent('GET /orders?since=2024-05-01T08:30:00Z');
    await click(screen.getByRole('button', { name: 'Fetch sample' }));
    const table = await screen.findByRole('table', { name: 'Sample records of orders' });
    expect(within(table).getByText('A-1')).toBeInTheDocument();
    expect(within(table).getByText('CREATED')).toBeInTheDocument();
    expect(within(table).getByText(/does not match/)).toBeInTheDocument();
    await click(within(table).getByRole('button', { name: 'Show record A-1' }));
    expect(screen.getByRole('region', { name: 'Raw record A-1' })).toHaveTextContent('total: 12');
    // The draft as shown, for the saved instance 7: nothing typed, so its saved credentials may be used.
    expect(api.fetchSample).toHaveBeenCalledWith({ id: 7, document: instanceDocument() }, 'orders', {});
    expect(api.pollNow).not.toHaveBeenCalled();
  });
});
