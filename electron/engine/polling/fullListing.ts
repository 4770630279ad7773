/**
 * The ids of a full listing (pages flagged `fullListing`: a change tracking session that started,
 * or started over), collected while a poll reads them. Kept exact (strings, not hashes): the known
 * ids it lacks are reported deleted.
 */
import type { FetchedPage } from '../connectors/types.ts';

export class FullListing {
  #ids: Set<string> | undefined = new Set();
  #read = false;

  /** Whether this page is part of a full listing (its ids are to be noted). */
  page(page: FetchedPage): boolean {
    const listing = page.fullListing === true;
    this.#read ||= listing;
    return listing;
  }

  /** A record without a readable id still exists: without its id, the listing cannot tell what was deleted. */
  note(objectId: string | undefined): void {
    if (objectId === undefined) this.#ids = undefined;
    else this.#ids?.add(objectId);
  }

  /** Every id listed, when a full listing was read and each of its ids could be read. */
  ids(): Set<string> | undefined {
    return this.#read ? this.#ids : undefined;
  }
}
