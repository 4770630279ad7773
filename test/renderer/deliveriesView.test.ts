/** The Deliveries view's detail: the exact payload and headers sent, the events with links, Copy as curl, Escape. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryRow } from '../../shared/api.ts';
import { api as client } from '../../renderer/src/lib/api.ts';
import DeliveriesView from '../../renderer/src/views/DeliveriesView.svelte';
import type { FakeApi } from './fakeApi.ts';
import { click } from './interact.ts';

vi.mock('../../renderer/src/lib/api.ts', async () => {
  const { fakeApi } = await import('./fakeApi.ts');
  return { api: fakeApi(), subscribe: () => () => undefined };
});

const api = client as unknown as FakeApi;

const ROW: DeliveryRow = {
  id: 12,
  instanceId: 3,
  instanceName: 'Acme',
  resource: 'contacts',
  endpoint: 'https://hook:•••@receiver.example.com/crm-events',
  state: 'delivered',
  eventCount: 2,
  attempts: 1,
  createdAt: '2024-05-01T08:30:02.000Z',
  lastStatus: 200,
};
const BODY = '{"topic":"contacts","message":{"events":[{"objectId":"c-1","changedFields":["stage"]}]}}';
const HEADERS = { 'Content-Type': 'application/json', 'webhook-id': 'msg-12', 'webhook-timestamp': '1714552202', 'webhook-signature': 'v1,abc+/=', Authorization: '***' };

beforeEach(() => {
  vi.clearAllMocks();
  api.queryDeliveries.mockResolvedValue({ deliveries: [ROW], total: 1 });
  api.getDeliveryAttempts.mockResolvedValue([{ at: '2024-05-01T08:30:03.000Z', status: 200, durationMs: 40, requestHeaders: HEADERS }]);
  api.getDelivery.mockResolvedValue({ ...ROW, body: BODY, eventIds: ['ev-1', 'ev-2'] });
});

describe('the Deliveries view', () => {
  it("shows a notification's headers as sent, its payload, its events as links; copies it as curl without a secret; Escape closes it", async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(DeliveriesView, {});
    await click(await screen.findByRole('button', { name: /^Details of notification 12/ }));
    const detail = await screen.findByRole('region', { name: 'Notification 12' });
    const headers = await within(detail).findByRole('table', { name: /Headers/ });
    expect(within(headers).getByRole('rowheader', { name: 'webhook-signature' }).nextElementSibling).toHaveTextContent('v1,abc+/=');
    expect(within(headers).getByRole('rowheader', { name: 'Authorization' }).nextElementSibling).toHaveTextContent('***');
    expect(within(detail).getByRole('link', { name: 'ev-1' })).toHaveAttribute('href', '#/events?instance=3&event=ev-1');

    await click(within(detail).getByRole('checkbox', { name: 'Exact text' }));
    expect(within(detail).getByText(BODY)).toBeInTheDocument();

    await click(within(detail).getByRole('button', { name: 'Copy as curl' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledOnce());
    const command = writeText.mock.calls[0]![0];
    expect(command).toContain("'https://hook:•••@receiver.example.com/crm-events'");
    expect(command).toContain("-H 'webhook-signature: v1,abc+/='");
    expect(command).toContain(`--data-binary '${BODY}'`);
    expect(command).not.toContain('Authorization');

    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Notification 12' })).not.toBeInTheDocument());
  });
});
