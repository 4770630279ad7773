/**
 * The Sage CRM entities the product polls, with their prefixed column names and types, and how to
 * make up realistic rows for them. Column names follow Sage's own capitalization (`Comp_UpdatedDate`).
 */

import { DEAL_WORDS, INDUSTRIES, JOB_TITLES, companyName, domainFor, emailFor, personName, phoneNumber, slug } from '../common/names.ts';
import type { Rng } from '../common/prng.ts';

export type SageFieldType = 'int' | 'decimal' | 'string' | 'datetime';

export type SageEntityName = 'company' | 'person' | 'lead' | 'opportunity' | 'user';

export interface GenerateContext {
  /** How many rows each entity starts with: ids 1..count exist, so references stay in range. */
  count: number;
}

export interface SageEntity {
  name: SageEntityName;
  prefix: string;
  keyField: string;
  createdField: string;
  updatedField: string;
  deletedField: string;
  /** Sage keeps a `*_TimeStamp` column alongside `*_UpdatedDate`; we keep them equal. */
  timestampField: string;
  createdByField: string;
  updatedByField: string;
  /** Every column in serialization order, with its type. */
  fields: Record<string, SageFieldType>;
  /** Business columns of a new row (no key, stamps or deleted flag). */
  generate(rng: Rng, context: GenerateContext): Record<string, unknown>;
  /** Business columns a user might change in an edit. */
  randomEdit(rng: Rng): Record<string, unknown>;
}

/** The audit columns every Sage table has, named with the table prefix. */
function auditFields(prefix: string): Record<string, SageFieldType> {
  return {
    [`${prefix}_CreatedBy`]: 'int',
    [`${prefix}_CreatedDate`]: 'datetime',
    [`${prefix}_UpdatedBy`]: 'int',
    [`${prefix}_UpdatedDate`]: 'datetime',
    [`${prefix}_TimeStamp`]: 'datetime',
    [`${prefix}_Deleted`]: 'int',
  };
}

function entity(name: SageEntityName, prefix: string, keyField: string, fields: Record<string, SageFieldType>, generate: SageEntity['generate'], randomEdit: SageEntity['randomEdit']): SageEntity {
  return {
    name, prefix, keyField,
    createdField: `${prefix}_CreatedDate`,
    updatedField: `${prefix}_UpdatedDate`,
    deletedField: `${prefix}_Deleted`,
    timestampField: `${prefix}_TimeStamp`,
    createdByField: `${prefix}_CreatedBy`,
    updatedByField: `${prefix}_UpdatedBy`,
    fields: { [keyField]: 'int', ...fields, ...auditFields(prefix) },
    generate,
    randomEdit,
  };
}

const COMPANY_TYPES = ['Customer', 'Prospect', 'Supplier', 'Partner', 'Competitor'] as const;
const SOURCES = ['Web', 'Referral', 'Trade Show', 'Advertising', 'Cold Call', 'Partner'] as const;
const EMPLOYEE_BANDS = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1000+'] as const;
const LEAD_STAGES = ['NewLead', 'Qualified', 'Contacted', 'Proposal', 'Converted', 'Closed'] as const;
const OPPO_STAGES = ['Lead', 'Qualified', 'Quoted', 'Negotiating', 'Sold', 'Lost'] as const;
const DEPARTMENTS = ['Sales', 'Marketing', 'Support', 'Finance', 'Operations'] as const;
const DAY_MS = 86_400_000;

const company = entity('company', 'Comp', 'Comp_CompanyId', {
  Comp_Name: 'string', Comp_Type: 'string', Comp_Status: 'string', Comp_Source: 'string', Comp_Sector: 'string',
  Comp_Employees: 'string', Comp_WebSite: 'string', Comp_EmailAddress: 'string', Comp_PhoneNumber: 'string',
  Comp_PrimaryPersonId: 'int', Comp_PrimaryUserId: 'int',
}, (rng, { count }) => {
  const name = companyName(rng);
  const domain = domainFor(name);
  return {
    Comp_Name: name, Comp_Type: rng.pick(COMPANY_TYPES), Comp_Status: rng.chance(0.9) ? 'Active' : 'Inactive',
    Comp_Source: rng.pick(SOURCES), Comp_Sector: rng.pick(INDUSTRIES), Comp_Employees: rng.pick(EMPLOYEE_BANDS),
    Comp_WebSite: `http://www.${domain}`, Comp_EmailAddress: `info@${domain}`, Comp_PhoneNumber: phoneNumber(rng),
    Comp_PrimaryPersonId: rng.chance(0.8) ? rng.int(1, count) : null, Comp_PrimaryUserId: rng.int(1, count),
  };
}, (rng) => rng.pick([
  { Comp_Status: rng.chance(0.5) ? 'Active' : 'Inactive' },
  { Comp_Type: rng.pick(COMPANY_TYPES) },
  { Comp_PhoneNumber: phoneNumber(rng) },
  { Comp_Employees: rng.pick(EMPLOYEE_BANDS) },
]));

const person = entity('person', 'Pers', 'Pers_PersonId', {
  Pers_CompanyId: 'int', Pers_Salutation: 'string', Pers_FirstName: 'string', Pers_LastName: 'string', Pers_Title: 'string',
  Pers_EmailAddress: 'string', Pers_PhoneNumber: 'string', Pers_Status: 'string', Pers_PrimaryUserId: 'int',
}, (rng, { count }) => {
  const name = personName(rng);
  return {
    Pers_CompanyId: rng.int(1, count), Pers_Salutation: rng.pick(['Mr.', 'Ms.', 'Mrs.', 'Dr.', null]), Pers_FirstName: name.first,
    Pers_LastName: name.last, Pers_Title: rng.pick(JOB_TITLES), Pers_EmailAddress: emailFor(name, domainFor(companyName(rng))),
    Pers_PhoneNumber: phoneNumber(rng), Pers_Status: rng.chance(0.92) ? 'Active' : 'Inactive', Pers_PrimaryUserId: rng.int(1, count),
  };
}, (rng) => rng.pick([{ Pers_Title: rng.pick(JOB_TITLES) }, { Pers_PhoneNumber: phoneNumber(rng) }, { Pers_Status: rng.chance(0.5) ? 'Active' : 'Inactive' }]));

const lead = entity('lead', 'Lead', 'Lead_LeadId', {
  Lead_Description: 'string', Lead_CompanyName: 'string', Lead_PersonFirstName: 'string', Lead_PersonLastName: 'string',
  Lead_PersonEmail: 'string', Lead_Source: 'string', Lead_Stage: 'string', Lead_Status: 'string', Lead_Rating: 'string',
  Lead_PrimaryCompanyId: 'int', Lead_AssignedUserId: 'int',
}, (rng, { count }) => {
  const name = personName(rng);
  const company = companyName(rng);
  return {
    Lead_Description: `${rng.pick(DEAL_WORDS)} enquiry`, Lead_CompanyName: company, Lead_PersonFirstName: name.first,
    Lead_PersonLastName: name.last, Lead_PersonEmail: emailFor(name, domainFor(company)), Lead_Source: rng.pick(SOURCES),
    Lead_Stage: rng.pick(LEAD_STAGES), Lead_Status: rng.chance(0.7) ? 'In Progress' : 'Closed', Lead_Rating: rng.pick(['Hot', 'Warm', 'Cold']),
    Lead_PrimaryCompanyId: rng.chance(0.3) ? rng.int(1, count) : null, Lead_AssignedUserId: rng.int(1, count),
  };
}, (rng) => rng.pick([{ Lead_Stage: rng.pick(LEAD_STAGES) }, { Lead_Rating: rng.pick(['Hot', 'Warm', 'Cold']) }]));

const opportunity = entity('opportunity', 'Oppo', 'Oppo_OpportunityId', {
  Oppo_Description: 'string', Oppo_PrimaryCompanyId: 'int', Oppo_PrimaryPersonId: 'int', Oppo_AssignedUserId: 'int',
  Oppo_Stage: 'string', Oppo_Status: 'string', Oppo_Forecast: 'decimal', Oppo_Certainty: 'int', Oppo_TargetClose: 'datetime',
}, (rng, { count }) => ({
  Oppo_Description: `${rng.pick(DEAL_WORDS)} ${rng.int(2024, 2026)}`, Oppo_PrimaryCompanyId: rng.int(1, count),
  Oppo_PrimaryPersonId: rng.int(1, count), Oppo_AssignedUserId: rng.int(1, count), Oppo_Stage: rng.pick(OPPO_STAGES),
  Oppo_Status: rng.pick(['In Progress', 'Won', 'Lost']), Oppo_Forecast: rng.int(10, 2000) * 50, Oppo_Certainty: rng.int(0, 10) * 10,
  // A target close date, not a stamp: any day around the data window.
  Oppo_TargetClose: Date.UTC(2024, 0, 1) + rng.int(0, 900) * DAY_MS,
}), (rng) => rng.pick([{ Oppo_Stage: rng.pick(OPPO_STAGES) }, { Oppo_Certainty: rng.int(0, 10) * 10 }, { Oppo_Forecast: rng.int(10, 2000) * 50 }]));

const user = entity('user', 'User', 'User_UserId', {
  User_Logon: 'string', User_FirstName: 'string', User_LastName: 'string', User_EmailAddress: 'string', User_Department: 'string',
  User_Language: 'string', User_Disabled: 'string',
}, (rng) => {
  const name = personName(rng);
  return {
    User_Logon: `${slug(name.first).slice(0, 1)}${slug(name.last)}`, User_FirstName: name.first, User_LastName: name.last,
    User_EmailAddress: emailFor(name, 'crm.example.com'), User_Department: rng.pick(DEPARTMENTS), User_Language: 'US',
    User_Disabled: rng.chance(0.05) ? 'Y' : null,
  };
}, (rng) => rng.pick([{ User_Department: rng.pick(DEPARTMENTS) }, { User_Disabled: rng.chance(0.5) ? 'Y' : null }]));

export const SAGE_ENTITIES: readonly SageEntity[] = [company, person, lead, opportunity, user];

/** Finds an entity by its Sage name, case-insensitively. */
export function findSageEntity(name: string): SageEntity | undefined {
  const wanted = name.toLowerCase();
  return SAGE_ENTITIES.find((candidate) => candidate.name === wanted);
}

/** Resolves a column name case-insensitively to its canonical spelling (undefined when unknown). */
export function canonicalField(definition: SageEntity, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.keys(definition.fields).find((field) => field.toLowerCase() === wanted);
}
