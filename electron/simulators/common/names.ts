/** Realistic-looking people, companies and contact details for the seeded data generators. */

import type { Rng } from './prng.ts';

const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Betty', 'Mark', 'Margaret', 'Paul', 'Sandra',
  'Steven', 'Ashley', 'Andrew', 'Emily', 'Kenneth', 'Donna', 'Joshua', 'Michelle', 'Kevin', 'Carol',
  'Brian', 'Amanda', 'George', 'Melissa', 'Timothy', 'Deborah', 'Yvonne', 'Susanna', 'Aoife', 'Sean',
  'Priya', 'Rahul', 'Wei', 'Mei', 'Hiroshi', 'Yuki', 'Olga', 'Dmitri', 'Fatima', 'Omar',
  'Lucía', 'Mateo', 'Chloé', 'Lukas', 'Zoë', 'Björn', 'Siobhán', 'Nuno', 'Ana', 'Kwame',
] as const;

const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  "O'Brien", 'McKay', 'Stubberød', 'Müller', 'Schmidt', 'Dubois', 'Rossi', 'Kowalski', 'Novak', 'Tanaka',
  'Sato', 'Kim', 'Patel', 'Singh', 'Chen', 'Wang', 'Ivanova', 'Okafor', 'Mensah', 'Van der Berg',
] as const;

const COMPANY_STEMS = [
  'Gate', 'North', 'Blue', 'Summit', 'Iron', 'Silver', 'Bright', 'Cedar', 'Harbor', 'Granite',
  'Pioneer', 'Atlas', 'Vertex', 'Nova', 'Quantum', 'Evergreen', 'Redwood', 'Falcon', 'Lakeside', 'Crest',
  'Fabri', 'Contoso', 'Litware', 'Proseware', 'Adatum', 'Tailspin', 'Woodgrove', 'Alpine', 'Coho', 'Wingtip',
] as const;

const COMPANY_ENDINGS = [
  'com', 'tech', 'works', 'soft', 'line', 'point', 'field', 'stone', 'wave', 'bridge', 'gate', 'core',
] as const;

const COMPANY_SUFFIXES = [
  'Ltd', 'Inc.', 'LLC', 'GmbH', 'plc', 'Group', 'Holdings', 'Partners', 'Trading', 'Solutions', 'Logistics', 'Industries',
] as const;

export const CITIES = [
  'New York', 'Chicago', 'Boston', 'Atlanta', 'Denver', 'Seattle', 'Austin', 'Dublin', 'London', 'Manchester',
  'Leeds', 'Toronto', 'Vancouver', 'Sydney', 'Melbourne', 'Berlin', 'Munich', 'Paris', 'Lyon', 'Madrid',
  'Lisbon', 'Oslo', 'Stockholm', 'Warsaw', 'Prague', 'Cape Town', 'Singapore', 'Tokyo', 'Mumbai', 'São Paulo',
] as const;

const STREETS = ['Main St', 'High Street', 'Oak Avenue', 'Park Road', 'Church Lane', 'Mill Road', 'Station Road', 'Elm Street', 'King Street', 'Harbour Way'] as const;

export const JOB_TITLES = [
  'CEO', 'CFO', 'Sales Director', 'Account Manager', 'Purchasing Manager', 'IT Manager', 'Office Manager',
  'Operations Director', 'Marketing Manager', 'Procurement Officer', 'Finance Controller', 'Project Lead',
] as const;

export const INDUSTRIES = [
  'Manufacturing', 'Retail', 'Finance', 'Healthcare', 'Education', 'Construction', 'Logistics', 'Software',
  'Hospitality', 'Agriculture', 'Energy', 'Legal Services',
] as const;

export const DEAL_WORDS = [
  'Renewal', 'Upgrade', 'New licences', 'Support contract', 'Hardware refresh', 'Consulting', 'Expansion',
  'Pilot', 'Migration', 'Training', 'Annual maintenance', 'Cloud move',
] as const;

export const TASK_VERBS = ['Call', 'Email', 'Send quote to', 'Follow up with', 'Book meeting with', 'Prepare proposal for', 'Chase invoice for'] as const;

export interface PersonName {
  first: string;
  last: string;
}

export function personName(rng: Rng): PersonName {
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

export function companyName(rng: Rng): string {
  const style = rng.int(0, 3);
  if (style === 0) return `${rng.pick(COMPANY_STEMS)}${rng.pick(COMPANY_ENDINGS)}`;
  if (style === 1) return `${rng.pick(COMPANY_STEMS)}${rng.pick(COMPANY_ENDINGS)} ${rng.pick(COMPANY_SUFFIXES)}`;
  if (style === 2) return `${rng.pick(LAST_NAMES)} & ${rng.pick(LAST_NAMES)} ${rng.pick(COMPANY_SUFFIXES)}`;
  return `${rng.pick(COMPANY_STEMS)} ${rng.pick(INDUSTRIES)} ${rng.pick(COMPANY_SUFFIXES)}`;
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
  const words = company.split(/\s+/).filter((word) => !(COMPANY_SUFFIXES as readonly string[]).includes(word) && word !== '&');
  return `${slug(words.slice(0, 2).join('')) || 'example'}.example.com`;
}

export function emailFor(name: PersonName, domain: string): string {
  return `${slug(name.first)}.${slug(name.last)}@${domain}`;
}

export function phoneNumber(rng: Rng): string {
  return `+1 ${rng.int(200, 989)}-555-${String(rng.int(0, 9999)).padStart(4, '0')}`;
}

export function streetAddress(rng: Rng): string {
  return `${rng.int(1, 400)} ${rng.pick(STREETS)}`;
}
