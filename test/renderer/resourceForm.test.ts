/** The resource form's change settings: lists of field paths typed as text, checked by the shared validator where they sit. */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { validateInstance } from '../../shared/config/instance.ts';
import ResourceForm from '../../renderer/src/components/ResourceForm.svelte';
import { type } from './interact.ts';

const PATH = 'configuration.event.poller.configuration.opportunities';

function opportunities(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    url: "/opportunities?since=${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}",
    idField: 'id',
    datesConfiguration: { updatedDateField: 'updated', updatedDateFormat: 'milliseconds' },
    ...extra,
  };
}

function problems(resource: Record<string, unknown>) {
  return validateInstance({
    element: { key: 'generic' },
    name: 'CRM',
    configuration: { 'base.url': 'https://crm.example.com', 'event.poller.configuration': { opportunities: resource } },
  });
}

describe('the resource form: changes', () => {
  it('writes notifyOnFields as a list of paths', async () => {
    const resource = opportunities();
    render(ResourceForm, { resource, name: 'opportunities', elementKey: 'generic', path: PATH, errors: [], warnings: [] });
    await type(screen.getByLabelText('Notify only when these fields change'), "stage, ['Close Date']");
    expect(resource.notifyOnFields).toEqual(['stage', "['Close Date']"]);
    expect(problems(resource).valid).toBe(true);
  });

  it("shows a malformed path's message at the list it is in", () => {
    const resource = opportunities({ notifyOnFields: ['stage', 'owner..name'] });
    const { errors, warnings } = problems(resource);
    expect(errors.map((problem) => problem.path)).toEqual([`${PATH}.notifyOnFields[1]`]);
    render(ResourceForm, { resource, name: 'opportunities', elementKey: 'generic', path: PATH, errors, warnings });
    const field = screen.getByLabelText('Notify only when these fields change');
    expect(field).toHaveValue('stage, owner..name');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(/unexpected "\."/);
  });
});
