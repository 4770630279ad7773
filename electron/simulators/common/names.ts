/** Realistic-looking people, companies and contact details for the seeded data generators (the word lists: words.json). */

import type { Rng } from './prng.ts';
import words from './words.json' with { type: 'json' };

const { firstNames, lastNames, companyStems, companyEndings, companySuffixes, streets } = words;

export const { cities: CITIES, jobTitles: JOB_TITLES, industries: INDUSTRIES, dealWords: DEAL_WORDS, taskVerbs: TASK_VERBS } = words;

export interface PersonName {
  first: string;
  last: string;
}

export function personName(rng: Rng): PersonName {
  return { first: rng.pick(firstNames), last: rng.pick(lastNames) };
}

export function companyName(rng: Rng): string {
  const style = rng.int(0, 3);
  if (style === 0) return `${rng.pick(companyStems)}${rng.pick(companyEndings)}`;
  if (style === 1) return `${rng.pick(companyStems)}${rng.pick(companyEndings)} ${rng.pick(companySuffixes)}`;
  if (style === 2) return `${rng.pick(lastNames)} & ${rng.pick(lastNames)} ${rng.pick(companySuffixes)}`;
  return `${rng.pick(companyStems)} ${rng.pick(INDUSTRIES)} ${rng.pick(companySuffixes)}`;
}

/** ASCII-only lowercase slug for domains and mailboxes (strips accents and punctuation). */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

export function domainFor(company: string): string {
  const kept = company.split(/\s+/).filter((word) => !companySuffixes.includes(word) && word !== '&');
  return `${slug(kept.slice(0, 2).join('')) || 'example'}.example.com`;
}

export function emailFor(name: PersonName, domain: string): string {
  return `${slug(name.first)}.${slug(name.last)}@${domain}`;
}

export function phoneNumber(rng: Rng): string {
  return `+1 ${rng.int(200, 989)}-555-${String(rng.int(0, 9999)).padStart(4, '0')}`;
}

export function streetAddress(rng: Rng): string {
  return `${rng.int(1, 400)} ${rng.pick(streets)}`;
}
