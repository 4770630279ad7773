/** Importing Cloud Elements JSON: problems shown live as it is pasted, warnings kept after import. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api as client } from '../../renderer/src/lib/api.ts';
import type { InstanceSummary } from '../../shared/api.ts';
import { instances } from '../../renderer/src/lib/appState.svelte.ts';
import ImportDialog from '../../renderer/src/components/ImportDialog.svelte';
import type { FakeApi } from './fakeApi.ts';
import { click, type } from './interact.ts';
import { SEEDS } from '../support/seeds.ts';

vi.mock('../../renderer/src/lib/api.ts', async () => {
  const { fakeApi } = await import('./fakeApi.ts');
  return { api: fakeApi(), subscribe: () => () => undefined };
});

const api = client as unknown as FakeApi;
const fixture = (name: string) => readFileSync(join(SEEDS, name), 'utf8');

beforeEach(() => vi.clearAllMocks());

describe('Import Cloud Elements JSON', () => {
  it('lists the warnings of a pasted fixture with their paths, before importing', async () => {
    render(ImportDialog, { open: true, onclose: () => undefined });
    await type(screen.getByLabelText('Instance JSON'), fixture('dynamicscrmadfs-instance-legacy.json'));
    const problems = screen.getByRole('list', { name: 'Problems in the pasted JSON' });
    const password = within(problems).getByText('configuration.user.password').closest('li') as HTMLElement;
    expect(password).toHaveTextContent('placeholder <INSERT_DYNMAICS_CRM_PASSWORD>: fill in before enabling');
    expect(within(within(problems).getByText('configuration.dynamics.tenant').closest('li') as HTMLElement).getByText(/yourcompanyname\.crm\.dynamics\.com is the host of a documentation example/)).toBeInTheDocument();
    expect(within(problems).getAllByText('Warning')).toHaveLength(6);
    expect(screen.getByText(/Ready to import/)).toHaveTextContent('element dynamicscrmadfs');
    expect(screen.getByRole('button', { name: 'Import' })).toBeEnabled();
  });

  it('flags a missing name, and a name in use, before Import is offered', async () => {
    instances.list = [{ id: 1, name: 'SageCRMPolling' } as InstanceSummary];
    render(ImportDialog, { open: true, onclose: () => undefined });
    const text = screen.getByLabelText('Instance JSON');
    await type(text, fixture('sagecrm-instance-example.json'));
    const problems = screen.getByRole('list', { name: 'Problems in the pasted JSON' });
    expect(within(problems).getByText(/an instance named "SageCRMPolling" already exists/)).toBeInTheDocument();
    expect(screen.getByText(/Cannot import yet/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
    await type(text, '');
    await type(text, fixture('dynamicscrmadfs-configuration-fragment.json'));
    expect(within(screen.getByRole('list', { name: 'Problems in the pasted JSON' })).getByText(/an instance needs a unique name/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
    instances.list = [];
  });

  it('refuses what cannot be imported, saying where and why', async () => {
    render(ImportDialog, { open: true, onclose: () => undefined });
    const text = screen.getByLabelText('Instance JSON');
    await type(text, '{"element": {"key": "sagecrm"}, "configuration": ');
    expect(screen.getByText(/not valid JSON/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
    await type(text, '');
    const broken = JSON.parse(fixture('sagecrm-instance-example.json')) as { configuration: Record<string, unknown> };
    (broken.configuration['event.poller.configuration'] as Record<string, { datesConfiguration: Record<string, string> }>).accounts!.datesConfiguration.updatedDateFormat = 'yyyy-QQ-dd';
    await type(text, JSON.stringify(broken));
    const problems = screen.getByRole('list', { name: 'Problems in the pasted JSON' });
    const item = within(problems).getByText('configuration.event.poller.configuration.accounts.datesConfiguration.updatedDateFormat').closest('li') as HTMLElement;
    expect(item).toHaveTextContent(/Error.*unknown pattern letter 'Q'/);
    expect(screen.getByText(/Cannot import yet/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
  });

  it('imports the text unchanged and keeps the warnings in view', async () => {
    const text = fixture('dynamicscrmadfs-instance-2016.json');
    api.importInstance.mockResolvedValue({
      ok: true,
      instance: { id: 3, name: 'Dyn', elementKey: 'dynamicscrmadfs', elementName: 'Microsoft Dynamics CRM', enabled: true, tags: [], refreshIntervalMinutes: 15, resources: ['accounts', 'contacts'], status: { id: 3, name: 'Dyn', elementKey: 'dynamicscrmadfs', state: 'idle', consecutiveFailures: 0, eventsLastPoll: 0, resources: [] }, eventsToday: 0, warnings: [], setup: [] },
      warnings: [{ path: 'configuration.user.username', message: 'placeholder <INSERT_DYNMAICS_CRM_USERNAME>: fill in before enabling' }],
    });
    render(ImportDialog, { open: true, onclose: () => undefined });
    await type(screen.getByLabelText('Instance JSON'), text);
    await click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(screen.getByText(/Imported/)).toHaveTextContent('Imported Dyn (Microsoft Dynamics CRM, 2 resources) with 1 warning'));
    expect(api.importInstance).toHaveBeenCalledWith(text);
    expect(within(screen.getByRole('list', { name: 'Import warnings' })).getByText('configuration.user.username')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open in editor' })).toBeInTheDocument();
  });

  it('imports the three Dynamics examples pasted as one JSON array, each under the name given to it', async () => {
    const examples = ['dynamicscrmadfs-instance-2016.json', 'dynamicscrmadfs-instance-2016-string-config.json', 'dynamicscrmadfs-instance-legacy.json'].map((name) => JSON.parse(fixture(name)) as { name: string });
    expect(new Set(examples.map((example) => example.name))).toEqual(new Set(['<INSERT_INSTANCE_NAME>']));
    render(ImportDialog, { open: true, onclose: () => undefined });
    await type(screen.getByLabelText('Instance JSON'), JSON.stringify(examples));
    const groups = screen.getAllByRole('group');
    expect(groups.map((group) => group.querySelector('legend')?.textContent)).toEqual([1, 2, 3].map((n) => `the pasted JSON, document ${n}`));
    const nameFields = groups.map((group) => within(group).getByLabelText('Instance name'));
    // One name three times: flagged at each field before Import is offered.
    for (const field of nameFields) expect(field).toHaveAccessibleDescription(/another document of this import is named "<INSERT_INSTANCE_NAME>" too/);
    const importButton = screen.getByRole('button', { name: 'Import 3 instances' });
    expect(importButton).toBeDisabled();
    await type(nameFields[0]!, '');
    expect(nameFields[0]).toHaveAccessibleDescription(/an instance needs a unique name/);
    await type(nameFields[0]!, 'Dynamics 2016');
    await type(nameFields[1]!, '');
    await type(nameFields[1]!, 'Dynamics string config');
    await type(nameFields[2]!, '');
    await type(nameFields[2]!, 'dynamics 2016');
    expect(nameFields[2]).toHaveAccessibleDescription(/named "dynamics 2016" too/);
    await type(nameFields[2]!, '');
    await type(nameFields[2]!, 'Dynamics legacy');
    for (const field of nameFields) expect(field).toHaveAttribute('aria-invalid', 'false');
    expect(importButton).toBeEnabled();

    api.importInstance.mockImplementation(async (text: string) => {
      const name = (JSON.parse(text) as { name: string }).name;
      return { ok: true, instance: { id: name.length, name, elementKey: 'dynamicscrmadfs', elementName: 'Microsoft Dynamics CRM', enabled: false, tags: [], refreshIntervalMinutes: 15, resources: [], status: { id: 1, name, elementKey: 'dynamicscrmadfs', state: 'idle', consecutiveFailures: 0, eventsLastPoll: 0, resources: [] }, eventsToday: 0, warnings: [], setup: [] }, warnings: [] };
    });
    await click(importButton);
    await waitFor(() => expect(api.importInstance).toHaveBeenCalledTimes(3));
    expect(api.importInstance.mock.calls.map(([text]) => (JSON.parse(text) as { name: string }).name)).toEqual(['Dynamics 2016', 'Dynamics string config', 'Dynamics legacy']);
    await waitFor(() => expect(screen.getAllByRole('status').map((banner) => banner.textContent)).toEqual([expect.stringMatching(/Imported Dynamics 2016 /), expect.stringMatching(/Imported Dynamics string config /), expect.stringMatching(/Imported Dynamics legacy /)]));
  });

  it('takes several files at once, named after the file where the document has a placeholder, and a name in use is flagged', async () => {
    instances.list = [{ id: 1, name: 'dynamicscrmadfs-instance-2016' } as InstanceSummary];
    render(ImportDialog, { open: true, onclose: () => undefined });
    const input = screen.getByLabelText('Or open files');
    const files = ['dynamicscrmadfs-instance-2016.json', 'dynamicscrmadfs-instance-legacy.json'].map((name) => new File([fixture(name)], name, { type: 'application/json' }));
    Object.defineProperty(input, 'files', { value: files });
    await fireEvent.change(input);
    const groups = await screen.findAllByRole('group');
    expect(groups.map((group) => within(group).getByLabelText('Instance name'))).toEqual([expect.anything(), expect.anything()]);
    const [first, second] = groups.map((group) => within(group).getByLabelText('Instance name'));
    expect(first).toHaveValue('dynamicscrmadfs-instance-2016');
    expect(first).toHaveAccessibleDescription(/an instance named "dynamicscrmadfs-instance-2016" already exists/);
    expect(second).toHaveValue('dynamicscrmadfs-instance-legacy');
    expect(second).toHaveAttribute('aria-invalid', 'false');
    expect(screen.getByRole('button', { name: 'Import 2 instances' })).toBeDisabled();
    instances.list = [];
  });

  it('shows what the engine refuses, even where the window’s own run of the validator finds nothing', async () => {
    render(ImportDialog, { open: true, onclose: () => undefined });
    const engineCheck = api.validateInstance.getMockImplementation();
    api.validateInstance.mockResolvedValue({ valid: false, errors: [{ path: 'configuration.subdomain', message: 'refused by the engine' }], warnings: [] });
    await type(screen.getByLabelText('Instance JSON'), fixture('sagecrm-instance-example.json'));
    const problems = screen.getByRole('list', { name: 'Problems in the pasted JSON' });
    await waitFor(() => expect(within(problems).getByText('refused by the engine')).toBeInTheDocument());
    expect(screen.getByText(/Cannot import yet/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import' })).toBeDisabled();
    api.validateInstance.mockImplementation(engineCheck!);
  });
});
