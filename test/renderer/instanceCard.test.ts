/** An instance card: state, last and next poll, events today, and the failure with the action that fixes it. */
import { render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InstanceSummary } from '../../shared/api.ts';
import type { InstanceStatus } from '../../shared/status.ts';
import { api as client } from '../../renderer/src/lib/api.ts';
import InstanceCard from '../../renderer/src/components/InstanceCard.svelte';
import LockoutDialog from '../../renderer/src/components/LockoutDialog.svelte';
import { instances } from '../../renderer/src/lib/appState.svelte.ts';
import { clock } from '../../renderer/src/lib/clock.svelte.ts';
import type { FakeApi } from './fakeApi.ts';
import { click } from './interact.ts';

vi.mock('../../renderer/src/lib/api.ts', async () => {
  const { fakeApi } = await import('./fakeApi.ts');
  return { api: fakeApi(), subscribe: () => () => undefined };
});

const api = client as unknown as FakeApi;
// The card's "now" (not the wall clock at some later line): a slow import cannot shift "1 min ago".
const now = clock.now;

function instance(status: Partial<InstanceStatus> = {}): InstanceSummary {
  return {
    id: 4,
    name: 'Acme CRM',
    elementKey: 'sagecrm',
    elementName: 'Sage CRM',
    enabled: true,
    tags: [],
    refreshIntervalMinutes: 15,
    resources: ['accounts', 'contacts'],
    status: { id: 4, name: 'Acme CRM', elementKey: 'sagecrm', state: 'idle', consecutiveFailures: 0, eventsLastPoll: 3, lastPollAt: now - 60_000, nextPollAt: now + 14 * 60_000, resources: [], ...status },
    eventsToday: 1234,
    warnings: [{ path: 'configuration.password', message: 'placeholder <YOUR_PASSWORD>: fill in before enabling' }],
    setup: [],
  };
}

beforeEach(() => {
  vi.clearAllMocks();
  window.location.hash = '';
});

describe('an instance card', () => {
  it('says which resource needs attention and why, with its warnings (a held cursor)', () => {
    const held = { since: now - 3 * 15 * 60_000, polls: 3, reason: 'rows kept moving while paging (3 reads of the window, none stable)' };
    const resource = {
      name: 'accounts',
      lastEvents: 0,
      lastRecords: 40,
      held,
      attention: `the cursor has not advanced for 3 polls in a row: ${held.reason}`,
      warnings: [`the cursor is held since ${new Date(held.since).toISOString()} (3 polls in a row): ${held.reason}`],
    };
    render(InstanceCard, { instance: instance({ state: 'needs-attention', resources: [resource] }) });
    const card = screen.getByRole('article', { name: 'Acme CRM' });
    expect(within(card).getByText('Needs attention', { selector: '.badge' })).toBeInTheDocument();
    expect(within(card).getByText(resource.attention)).toBeInTheDocument();
    expect(within(within(card).getByRole('list', { name: 'Polling warnings' })).getByText(`accounts: ${resource.warnings[0]}`)).toBeInTheDocument();
  });

  it('shows what was and what will be polled', () => {
    render(InstanceCard, { instance: instance() });
    const card = screen.getByRole('article', { name: 'Acme CRM' });
    expect(within(card).getByText('Watching')).toBeInTheDocument();
    expect(within(card).getByText('1 min ago')).toBeInTheDocument();
    expect(within(card).getByText('in 14 min')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: '1,234 events today: show them' })).toHaveAttribute('href', '#/events?instance=4');
    expect(within(card).getByText('1 configuration warning')).toBeInTheDocument();
  });

  it('explains a failed sign-in and offers the fix', async () => {
    render(InstanceCard, {
      instance: instance({ state: 'needs-attention', consecutiveFailures: 2, lastError: { message: 'HTTP 401 from https://crm.example.com', kind: 'auth', advice: 'check the username and password and save them again', at: now - 5000 } }),
    });
    const card = screen.getByRole('article', { name: 'Acme CRM' });
    expect(within(card).getByText('Needs attention')).toBeInTheDocument();
    expect(within(card).getByText('Sign-in failed')).toBeInTheDocument();
    expect(within(card).getByText(/2 times in a row/)).toBeInTheDocument();
    expect(within(card).getByText('check the username and password and save them again')).toBeInTheDocument();
    await click(within(card).getByRole('button', { name: 'Update credentials' }));
    expect(window.location.hash).toBe('#/instances/4?section=credentials');
  });

  it('asks whether to trust the sign-in authority the server named, and trusts it on request', async () => {
    const question = 'this server (https://crm.contoso.local) names https://adfs.contoso.local as its sign-in authority; trust it? Nothing is sent there until you do';
    render(InstanceCard, {
      instance: instance({
        state: 'needs-attention',
        lastError: { message: question, kind: 'auth', advice: 'trust it only if it is your sign-in server', at: now, untrustedAuthority: 'https://adfs.contoso.local' },
      }),
    });
    const card = screen.getByRole('article', { name: 'Acme CRM' });
    const ask = within(card).getByRole('group', { name: 'Trust https://adfs.contoso.local as the sign-in authority of Acme CRM?' });
    expect(within(ask).getByText('https://adfs.contoso.local', { selector: 'strong' })).toBeInTheDocument();
    // Not the credentials: the password is fine, the question is where it may go.
    expect(within(card).queryByRole('button', { name: 'Update credentials' })).toBeNull();
    await click(within(ask).getByRole('button', { name: 'Trust https://adfs.contoso.local' }));
    await waitFor(() => expect(api.trustAuthority).toHaveBeenCalledWith(4, 'https://adfs.contoso.local'));
    expect(api.listInstances).toHaveBeenCalled();
  });

  it('tests the connection when the server was unreachable', async () => {
    api.testConnection.mockResolvedValue({ ok: false, message: 'cannot reach https://crm.example.com: connection refused' });
    render(InstanceCard, { instance: instance({ state: 'backing-off', lastError: { message: 'connection refused', kind: 'unavailable', advice: 'polling retries with backoff', at: now } }) });
    await click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByText('cannot reach https://crm.example.com: connection refused');
    expect(api.testConnection).toHaveBeenCalledWith(4, {});
  });

  it('after a refused sign-in: shows the count, and Poll now asks first, naming it; only "Try once more" polls, confirmed', async () => {
    const refused = instance({
      state: 'needs-attention',
      nextPollAt: undefined,
      lastError: { message: 'Sage CRM refused the sign-in of "admin"', kind: 'auth', advice: 'check the username and password', at: now },
      signIn: { state: 'confirm-first', refused: 2, lastRefusedAt: now },
    });
    instances.list = [refused];
    render(LockoutDialog);
    render(InstanceCard, { instance: refused });
    const card = screen.getByRole('article', { name: 'Acme CRM' });
    expect(within(card).getByTestId('refused-sign-ins')).toHaveTextContent('2 refused sign-ins since the last success: the account may lock');
    expect(within(card).getByText('not scheduled (sign-in refused)')).toBeInTheDocument();

    await click(within(card).getByRole('button', { name: 'Poll now' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign in again with refused credentials?' });
    expect(within(dialog).getByTestId('refused-count')).toHaveTextContent('2 refused sign-ins since the last success');
    await click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.pollNow).not.toHaveBeenCalled();

    await click(within(card).getByRole('button', { name: 'Poll now' }));
    await click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Try once more' }));
    await waitFor(() => expect(api.pollNow).toHaveBeenCalledWith(4, undefined, { confirmLockoutRisk: true }));
    instances.list = [];
  });

  it('needs setup: says so, links each item to its field, and offers neither polling nor enabling', () => {
    const setup = [
      { path: 'configuration.subdomain', message: 'placeholder <YOUR_TENANT>: fill in before enabling' },
      { path: 'configuration.password', message: 'Password is not stored yet: save it with the credentials' },
    ];
    render(InstanceCard, { instance: { ...instance({ state: 'disabled' }), enabled: false, setup } });
    const card = screen.getByRole('article', { name: 'Acme CRM' });
    expect(within(card).getByText('Needs setup')).toBeInTheDocument();
    const checklist = within(card).getByRole('list', { name: 'Setup checklist of Acme CRM' });
    expect(within(checklist).getByRole('link', { name: 'configuration.subdomain' })).toHaveAttribute('href', '#/instances/4?field=configuration.subdomain');
    expect(within(checklist).getByRole('link', { name: 'configuration.password' })).toHaveAttribute('href', '#/instances/4?field=configuration.password');
    expect(within(card).getByText('not scheduled (needs setup)')).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Poll now' })).toBeDisabled();
    expect(within(card).getByRole('button', { name: 'Enable' })).toBeDisabled();
  });

  it('polls now and says what it found', async () => {
    api.pollNow.mockResolvedValue({ instanceId: 4, resources: [{ resource: 'accounts', events: 2, records: 2, warnings: [] }, { resource: 'contacts', events: 0, records: 0, warnings: [] }] });
    render(InstanceCard, { instance: instance() });
    await click(screen.getByRole('button', { name: 'Poll now' }));
    await screen.findByText('Polled: 2 new events (accounts 2)');
  });

  it('pauses for a while, or resumes', async () => {
    const { unmount } = render(InstanceCard, { instance: instance() });
    await click(screen.getByRole('button', { name: 'Pause ▾' }));
    await click(screen.getByRole('button', { name: 'Pause for 1 hour' }));
    await waitFor(() => expect(api.pause).toHaveBeenCalledTimes(1));
    const [target, until] = api.pause.mock.calls[0] as [number, string];
    expect(target).toBe(4);
    expect(Date.parse(until) - Date.now()).toBeGreaterThan(59 * 60_000);
    unmount();
    render(InstanceCard, { instance: instance({ state: 'paused', pausedUntil: null }) });
    expect(screen.getByText('paused until resumed')).toBeInTheDocument();
    await click(screen.getByRole('button', { name: 'Resume' }));
    expect(api.resume).toHaveBeenCalledWith(4);
  });

  it('shows one box per cause: an unreachable host that failed five resources is one box naming them, its URL shortened (whole on a click)', async () => {
    const names = ['accounts', 'contacts', 'leads', 'opportunities', 'users'];
    const unreachable = (resource: string) => ({ message: `cannot reach https://crm.example.com/sdata/crmj/sagecrm2/-/${resource}?where=Comp_UpdatedDate%20gt%20%402024-03-01T10%3A00%3A00Z%40: connection refused`, kind: 'unavailable' as const, advice: 'Check that the server is up', at: now - 60_000 });
    const resources = names.map((name) => ({ name, lastEvents: 0, lastRecords: 0, warnings: [], lastError: unreachable(name) }));
    render(InstanceCard, { instance: instance({ state: 'backing-off', consecutiveFailures: 2, lastError: unreachable('accounts'), resources }) });
    const card = screen.getByRole('article', { name: 'Acme CRM' });
    expect(within(card).getAllByText('Server unreachable')).toHaveLength(1);
    expect(within(card).getByText(names.join(', '))).toBeInTheDocument();
    expect(card.textContent).not.toContain('%40');
    const short = within(card).getByRole('button', { name: /^crm\.example\.com\/sdata\/crmj\/sagecrm2\/-\/\w+: show the whole URL$/ });
    await click(short);
    expect(within(card).getByText(/^https:\/\/crm\.example\.com\/sdata\/crmj\/sagecrm2\/-\/\w+\?where=Comp_UpdatedDate%20gt/)).toBeInTheDocument();
  });
});
