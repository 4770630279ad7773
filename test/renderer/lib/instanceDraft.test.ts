// @vitest-environment node
// Pure logic of the window: no DOM needed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addExampleResource,
  checkResourceName,
  copyResource,
  editableDocument,
  newDocument,
  problemsUnder,
  renameResource,
  resourceNames,
  uniqueResourceName,
} from '../../../renderer/src/lib/instanceDraft.ts';
import { validateInstance } from '../../../shared/config/instance.ts';
import { SEEDS } from '../../support/seeds.ts';

const fixture = (name: string) => JSON.parse(readFileSync(join(SEEDS, name), 'utf8')) as unknown;

describe('the editor document', () => {
  it('starts a new instance that validates except for its name', () => {
    for (const element of ['sagecrm', 'dynamicscrmadfs', 'generic']) {
      const document = newDocument(element);
      // Only the connection (server, user) is left to fill in.
      const { errors } = validateInstance({ ...document, name: 'x' });
      expect(errors.filter((problem) => !/^configuration\.(subdomain|username|user\.username|dynamics\.tenant|base\.url)$/.test(problem.path))).toEqual([]);
      expect(resourceNames(document)).toHaveLength(1);
    }
  });

  it('edits a poller configuration written as a JSON string, or as legacy lines, as an object', () => {
    const fromString = editableDocument(fixture('dynamicscrmadfs-instance-2016-string-config.json'));
    expect(resourceNames(fromString.document).length).toBeGreaterThan(0);
    expect(fromString.notes[0]).toMatch(/was a JSON string/);
    const fromLegacy = editableDocument({
      element: { key: 'sagecrm' },
      name: 'Legacy',
      configuration: {
        subdomain: 'crm.example.com',
        username: 'poller',
        'event.poller.urls': "accounts|/hubs/crm/accounts?where=Comp_UpdatedDate>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'|key|Comp_UpdatedDate|yyyy-MM-dd'T'HH:mm:ss'Z'|GMT|Comp_CreatedDate|yyyy-MM-dd'T'HH:mm:ss'Z'|GMT",
      },
    });
    expect(resourceNames(fromLegacy.document).length).toBeGreaterThan(0);
    expect(fromLegacy.document.configuration['event.poller.urls']).toBeUndefined();
    expect(fromLegacy.notes[0]).toMatch(/legacy event.poller.urls/);
    const plain = editableDocument(fixture('sagecrm-instance-example.json'));
    expect(plain.notes).toEqual([]);
    expect(validateInstance(fromLegacy.document).valid).toBe(true);
  });

  it('copies, renames (in place) and names resources', () => {
    const { document } = editableDocument(fixture('sagecrm-instance-example.json'));
    expect(uniqueResourceName(document, 'accounts')).toBe('accounts_copy');
    copyResource(document, 'accounts', 'accounts_copy');
    expect(uniqueResourceName(document, 'accounts')).toBe('accounts_copy2');
    renameResource(document, 'contacts', 'people');
    expect(resourceNames(document).slice(0, 2)).toEqual(['accounts', 'people']);
    expect(resourceNames(document).at(-1)).toBe('accounts_copy');
    expect(checkResourceName(document, 'people')).toMatch(/already exists/);
    expect(checkResourceName(document, 'people', 'people')).toBeUndefined();
    expect(checkResourceName(document, ' x')).toMatch(/spaces/);
    expect(checkResourceName(document, '')).toMatch(/give the resource a name/);
    const resources = document.configuration['event.poller.configuration'] as Record<string, unknown>;
    expect(resources.accounts_copy).toEqual(resources.accounts);
    expect(resources.accounts_copy).not.toBe(resources.accounts);
  });

  it('adds an example resource under a free name', () => {
    const document = newDocument('generic');
    expect(addExampleResource(document)).toBe('items_copy');
  });

  it('finds the problems inside a path, not those of a sibling that shares its prefix', () => {
    const problems = [
      { path: 'configuration.event.poller.configuration.items.url', message: 'a' },
      { path: 'configuration.event.poller.configuration.items_copy.url', message: 'b' },
      { path: 'configuration.event.poller.configuration.items', message: 'c' },
    ];
    expect(problemsUnder(problems, 'configuration.event.poller.configuration.items').map((problem) => problem.message)).toEqual(['a', 'c']);
  });
});
