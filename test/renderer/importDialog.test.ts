/** Importing Cloud Elements JSON: problems shown live as it is pasted, warnings kept after import. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render, screen, waitFor, within } from '@testing-library/svelte';
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
});
