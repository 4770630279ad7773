/** Settings: each control saves at once through the API; the theme follows the OS unless forced. */
import { render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api as client } from '../../renderer/src/lib/api.ts';
import SettingsView from '../../renderer/src/views/SettingsView.svelte';
import type { FakeApi } from './fakeApi.ts';
import { click, type } from './interact.ts';

vi.mock('../../renderer/src/lib/api.ts', async () => {
  const { fakeApi } = await import('./fakeApi.ts');
  return { api: fakeApi(), subscribe: () => () => undefined };
});

const api = client as unknown as FakeApi;

beforeEach(() => vi.clearAllMocks());

describe('Settings', () => {
  it('forces a theme or follows the system', async () => {
    render(SettingsView, {});
    await click(await screen.findByLabelText('Dark'));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(api.updateSettings).toHaveBeenCalledWith({ theme: 'dark' });
    // jsdom has no prefers-color-scheme: the system reads as light.
    await click(screen.getByLabelText('Follow the system'));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('light'));
  });

  it('saves notifications and start at login as they change', async () => {
    render(SettingsView, {});
    await click(await screen.findByLabelText('Mute all notifications'));
    expect(api.updateSettings).toHaveBeenCalledWith({ notifications: { muted: true, mutedInstances: [] } });
    await click(screen.getByLabelText('Start at login, in the tray'));
    expect(api.updateSettings).toHaveBeenCalledWith({ startAtLogin: true });
    expect(screen.getByText(/Applies to the desktop app/)).toBeInTheDocument();
  });

  it('checks retention before saving it', async () => {
    render(SettingsView, {});
    const days = await screen.findByLabelText('Keep events for (days)');
    await waitFor(() => expect(days).toHaveValue(90));
    await type(days, '');
    await type(days, '0');
    await click(screen.getByRole('button', { name: 'Save retention' }));
    expect(days).toHaveAccessibleDescription('Keep events for 1 to 3650 days.');
    expect(api.updateSettings).not.toHaveBeenCalled();
    await type(days, '');
    await type(days, '30');
    await click(screen.getByRole('button', { name: 'Save retention' }));
    expect(api.updateSettings).toHaveBeenCalledWith({ retention: { maxAgeDays: 30, maxEventsPerInstance: 100_000 } });
  });
});
