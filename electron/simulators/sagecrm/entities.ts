/**
 * The Sage CRM entities the product polls, with their prefixed column names and types, and how to
 * make up realistic rows for them (the schema: entities.json). Column names follow Sage's own capitalization (`Comp_UpdatedDate`).
 */

import { DEAL_WORDS, INDUSTRIES, JOB_TITLES, companyName, domainFor, emailFor, personName, phoneNumber, slug } from '../common/names.ts';
import { typedColumns } from '../common/tables.ts';
import type { RowMaker } from '../common/tables.ts';
import schema from './entities.json' with { type: 'json' };

const SAGE_FIELD_TYPES = ['int', 'decimal', 'string', 'datetime'] as const;

export type SageFieldType = (typeof SAGE_FIELD_TYPES)[number];

export type SageEntityName = 'company' | 'person' | 'lead' | 'opportunity' | 'user';

export interface GenerateContext {
  /** How many rows each entity starts with: ids 1..count exist, so references stay in range. */
  count: number;
}

export interface SageEntity extends RowMaker<GenerateContext> {
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

function entity(name: SageEntityName, rows: RowMaker<GenerateContext>): SageEntity {
  const { prefix, keyField, fields } = schema[name];
  return {
    name, prefix, keyField,
    createdField: `${prefix}_CreatedDate`,
    updatedField: `${prefix}_UpdatedDate`,
    deletedField: `${prefix}_Deleted`,
    timestampField: `${prefix}_TimeStamp`,
    createdByField: `${prefix}_CreatedBy`,
    updatedByField: `${prefix}_UpdatedBy`,
    fields: { [keyField]: 'int', ...typedColumns(`entities.json ${name}`, fields, SAGE_FIELD_TYPES), ...auditFields(prefix) },
    ...rows,
  };
}

const COMPANY_TYPES = ['Customer', 'Prospect', 'Supplier', 'Partner', 'Competitor'] as const;
const SOURCES = ['Web', 'Referral', 'Trade Show', 'Advertising', 'Cold Call', 'Partner'] as const;
const EMPLOYEE_BANDS = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1000+'] as const;
const LEAD_STAGES = ['NewLead', 'Qualified', 'Contacted', 'Proposal', 'Converted', 'Closed'] as const;
const OPPO_STAGES = ['Lead', 'Qualified', 'Quoted', 'Negotiating', 'Sold', 'Lost'] as const;
const DEPARTMENTS = ['Sales', 'Marketing', 'Support', 'Finance', 'Operations'] as const;
const DAY_MS = 86_400_000;

const company: RowMaker<GenerateContext> = {
  generate(rng, { count }) {
    const name = companyName(rng);
    const domain = domainFor(name);
    return {
      Comp_Name: name, Comp_Type: rng.pick(COMPANY_TYPES), Comp_Status: rng.chance(0.9) ? 'Active' : 'Inactive',
      Comp_Source: rng.pick(SOURCES), Comp_Sector: rng.pick(INDUSTRIES), Comp_Employees: rng.pick(EMPLOYEE_BANDS),
      Comp_WebSite: `http://www.${domain}`, Comp_EmailAddress: `info@${domain}`, Comp_PhoneNumber: phoneNumber(rng),
      Comp_PrimaryPersonId: rng.chance(0.8) ? rng.int(1, count) : null, Comp_PrimaryUserId: rng.int(1, count),
    };
  },
  randomEdit: (rng) => rng.pick([
    { Comp_Status: rng.chance(0.5) ? 'Active' : 'Inactive' },
    { Comp_Type: rng.pick(COMPANY_TYPES) },
    { Comp_PhoneNumber: phoneNumber(rng) },
    { Comp_Employees: rng.pick(EMPLOYEE_BANDS) },
  ]),
};

const person: RowMaker<GenerateContext> = {
  generate(rng, { count }) {
    const name = personName(rng);
    return {
      Pers_CompanyId: rng.int(1, count), Pers_Salutation: rng.pick(['Mr.', 'Ms.', 'Mrs.', 'Dr.', null]), Pers_FirstName: name.first,
      Pers_LastName: name.last, Pers_Title: rng.pick(JOB_TITLES), Pers_EmailAddress: emailFor(name, domainFor(companyName(rng))),
      Pers_PhoneNumber: phoneNumber(rng), Pers_Status: rng.chance(0.92) ? 'Active' : 'Inactive', Pers_PrimaryUserId: rng.int(1, count),
    };
  },
  randomEdit: (rng) => rng.pick([{ Pers_Title: rng.pick(JOB_TITLES) }, { Pers_PhoneNumber: phoneNumber(rng) }, { Pers_Status: rng.chance(0.5) ? 'Active' : 'Inactive' }]),
};

const lead: RowMaker<GenerateContext> = {
  generate(rng, { count }) {
    const name = personName(rng);
    const company = companyName(rng);
    return {
      Lead_Description: `${rng.pick(DEAL_WORDS)} enquiry`, Lead_CompanyName: company, Lead_PersonFirstName: name.first,
      Lead_PersonLastName: name.last, Lead_PersonEmail: emailFor(name, domainFor(company)), Lead_Source: rng.pick(SOURCES),
      Lead_Stage: rng.pick(LEAD_STAGES), Lead_Status: rng.chance(0.7) ? 'In Progress' : 'Closed', Lead_Rating: rng.pick(['Hot', 'Warm', 'Cold']),
      Lead_PrimaryCompanyId: rng.chance(0.3) ? rng.int(1, count) : null, Lead_AssignedUserId: rng.int(1, count),
    };
  },
  randomEdit: (rng) => rng.pick([{ Lead_Stage: rng.pick(LEAD_STAGES) }, { Lead_Rating: rng.pick(['Hot', 'Warm', 'Cold']) }]),
};

const opportunity: RowMaker<GenerateContext> = {
  generate: (rng, { count }) => ({
    Oppo_Description: `${rng.pick(DEAL_WORDS)} ${rng.int(2024, 2026)}`, Oppo_PrimaryCompanyId: rng.int(1, count),
    Oppo_PrimaryPersonId: rng.int(1, count), Oppo_AssignedUserId: rng.int(1, count), Oppo_Stage: rng.pick(OPPO_STAGES),
    Oppo_Status: rng.pick(['In Progress', 'Won', 'Lost']), Oppo_Forecast: rng.int(10, 2000) * 50, Oppo_Certainty: rng.int(0, 10) * 10,
    // A target close date, not a stamp: any day around the data window.
    Oppo_TargetClose: Date.UTC(2024, 0, 1) + rng.int(0, 900) * DAY_MS,
  }),
  randomEdit: (rng) => rng.pick([{ Oppo_Stage: rng.pick(OPPO_STAGES) }, { Oppo_Certainty: rng.int(0, 10) * 10 }, { Oppo_Forecast: rng.int(10, 2000) * 50 }]),
};

const user: RowMaker<GenerateContext> = {
  generate(rng) {
    const name = personName(rng);
    return {
      User_Logon: `${slug(name.first).slice(0, 1)}${slug(name.last)}`, User_FirstName: name.first, User_LastName: name.last,
      User_EmailAddress: emailFor(name, 'crm.example.com'), User_Department: rng.pick(DEPARTMENTS), User_Language: 'US',
      User_Disabled: rng.chance(0.05) ? 'Y' : null,
    };
  },
  randomEdit: (rng) => rng.pick([{ User_Department: rng.pick(DEPARTMENTS) }, { User_Disabled: rng.chance(0.5) ? 'Y' : null }]),
};

const ROW_MAKERS: Record<SageEntityName, RowMaker<GenerateContext>> = { company, person, lead, opportunity, user };

export const SAGE_ENTITIES: readonly SageEntity[] = (Object.keys(schema) as SageEntityName[]).map((name) => entity(name, ROW_MAKERS[name]));

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
