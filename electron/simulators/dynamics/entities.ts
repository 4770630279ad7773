/**
 * The Dataverse tables the product polls, as entity sets with their primary keys, column types
 * (for `$filter` type checking and serialization; the schema is entitySets.json) and realistic generated rows.
 */

import { CITIES, DEAL_WORDS, INDUSTRIES, JOB_TITLES, TASK_VERBS, companyName, domainFor, emailFor, personName, phoneNumber } from '../common/names.ts';
import { typedColumns } from '../common/tables.ts';
import type { RowMaker } from '../common/tables.ts';
import schema from './entitySets.json' with { type: 'json' };

/** Column types, named after the Edm types Dataverse reports them as. */
export type DvType = 'guid' | 'string' | 'int' | 'bigint' | 'decimal' | 'bool' | 'datetime' | 'date';

export const EDM_TYPE_NAMES: Record<DvType, string> = {
  guid: 'Edm.Guid', string: 'Edm.String', int: 'Edm.Int32', bigint: 'Edm.Int64', decimal: 'Edm.Decimal',
  bool: 'Edm.Boolean', datetime: 'Edm.DateTimeOffset', date: 'Edm.Date',
};

export type EntitySetName = 'accounts' | 'contacts' | 'leads' | 'opportunities' | 'tasks' | 'annotations' | 'activitypointers';

export interface GenerateContext {
  /** A random existing row id of a set generated earlier (or null when it has none). */
  ref(set: EntitySetName): string | null;
  /** A random owning system user. */
  owner(): string;
}

export interface DvEntitySet extends RowMaker<GenerateContext> {
  setName: EntitySetName;
  logicalName: string;
  schemaName: string;
  primaryKey: string;
  /** Every column in serialization order, with its type. */
  fields: Record<string, DvType>;
  /** Recomputes calculated columns (e.g. fullname) after a change. */
  derive?(values: Record<string, unknown>): void;
}

/** A set's generators, beside its schema in entitySets.json. */
type SetRows = RowMaker<GenerateContext> & Pick<DvEntitySet, 'derive'>;

const DAY_MS = 86_400_000;

function fullName(values: Record<string, unknown>): void {
  const parts = [values.firstname, values.lastname].filter((part) => typeof part === 'string' && part !== '');
  values.fullname = parts.length > 0 ? parts.join(' ') : null;
}

const accounts: SetRows = {
  generate(rng, context) {
    const name = companyName(rng);
    const domain = domainFor(name);
    const active = rng.chance(0.9);
    return {
      name, accountnumber: `ACC-${String(rng.int(1, 999_999)).padStart(6, '0')}`, telephone1: phoneNumber(rng), emailaddress1: `info@${domain}`,
      websiteurl: `https://www.${domain}`, address1_city: rng.pick(CITIES), industrycode: rng.int(1, INDUSTRIES.length),
      revenue: rng.int(10, 5000) * 1000, numberofemployees: rng.int(1, 5000), statecode: active ? 0 : 1, statuscode: active ? 1 : 2,
      _primarycontactid_value: context.ref('contacts'),
    };
  },
  randomEdit: (rng) => rng.pick([{ telephone1: phoneNumber(rng) }, { revenue: rng.int(10, 5000) * 1000 }, { numberofemployees: rng.int(1, 5000) }]),
};

const contacts: SetRows = {
  generate(rng, context) {
    const name = personName(rng);
    return {
      firstname: name.first, lastname: name.last, fullname: `${name.first} ${name.last}`, jobtitle: rng.pick(JOB_TITLES),
      emailaddress1: emailFor(name, domainFor(companyName(rng))), telephone1: phoneNumber(rng), address1_city: rng.pick(CITIES),
      statecode: 0, statuscode: 1, _parentcustomerid_value: context.ref('accounts'),
    };
  },
  randomEdit: (rng) => rng.pick([{ jobtitle: rng.pick(JOB_TITLES) }, { telephone1: phoneNumber(rng) }, { address1_city: rng.pick(CITIES) }]),
  derive: fullName,
};

const leads: SetRows = {
  generate(rng, context) {
    const name = personName(rng);
    const company = companyName(rng);
    return {
      subject: `${rng.pick(DEAL_WORDS)} enquiry`, firstname: name.first, lastname: name.last, fullname: `${name.first} ${name.last}`,
      companyname: company, emailaddress1: emailFor(name, domainFor(company)), telephone1: phoneNumber(rng), leadsourcecode: rng.int(1, 10),
      leadqualitycode: rng.int(1, 3), statecode: 0, statuscode: 1, _parentaccountid_value: rng.chance(0.3) ? context.ref('accounts') : null,
    };
  },
  randomEdit: (rng) => rng.pick([{ leadqualitycode: rng.int(1, 3) }, { telephone1: phoneNumber(rng) }]),
  derive: fullName,
};

const opportunities: SetRows = {
  generate(rng, context) {
    return {
      name: `${rng.pick(DEAL_WORDS)} ${rng.int(2024, 2026)}`, estimatedvalue: rng.int(10, 2000) * 50, closeprobability: rng.int(0, 10) * 10,
      estimatedclosedate: Date.UTC(2024, 0, 1) + rng.int(0, 900) * DAY_MS, stepname: rng.pick(['1-Qualify', '2-Develop', '3-Propose', '4-Close']),
      statecode: 0, statuscode: 1, _parentaccountid_value: context.ref('accounts'), _parentcontactid_value: context.ref('contacts'),
    };
  },
  randomEdit: (rng) => rng.pick([{ closeprobability: rng.int(0, 10) * 10 }, { stepname: rng.pick(['1-Qualify', '2-Develop', '3-Propose', '4-Close']) }]),
};

const tasks: SetRows = {
  generate(rng, context) {
    const done = rng.chance(0.4);
    return {
      activitytypecode: 'task', subject: `${rng.pick(TASK_VERBS)} ${personName(rng).first}`, description: null,
      scheduledend: Date.UTC(2024, 0, 1) + rng.int(0, 900) * DAY_MS, prioritycode: rng.int(0, 2), statecode: done ? 1 : 0,
      statuscode: done ? 5 : 2, _regardingobjectid_value: context.ref(rng.pick(['accounts', 'contacts', 'opportunities'] as const)), percentcomplete: done ? 100 : rng.int(0, 9) * 10,
    };
  },
  randomEdit: (rng) => rng.pick([{ percentcomplete: rng.int(0, 10) * 10 }, { prioritycode: rng.int(0, 2) }]),
};

const annotations: SetRows = {
  generate(rng, context) {
    const document = rng.chance(0.2);
    const target = rng.pick(['accounts', 'contacts', 'opportunities'] as const);
    return {
      subject: rng.pick(['Call notes', 'Meeting summary', 'Requirements', 'Pricing discussion', 'Complaint']),
      notetext: `${rng.pick(TASK_VERBS)} ${personName(rng).first} about ${rng.pick(DEAL_WORDS).toLowerCase()}.`,
      isdocument: document, filename: document ? `proposal-${rng.int(100, 999)}.pdf` : null, mimetype: document ? 'application/pdf' : null,
      filesize: document ? rng.int(10_000, 2_000_000) : 0, objecttypecode: target.slice(0, -1).replace(/ie$/, 'y'), _objectid_value: context.ref(target),
    };
  },
  randomEdit: (rng) => ({ notetext: `Updated: ${rng.pick(DEAL_WORDS)}` }),
};

/**
 * The activitypointer view: every activity, whatever its type. Rows stored here are the
 * non-task activities (phone calls, emails, appointments); tasks are shown here too (see the store).
 */
const activitypointers: SetRows = {
  generate(rng, context) {
    const type = rng.pick(['phonecall', 'email', 'appointment'] as const);
    const who = personName(rng).first;
    return {
      activitytypecode: type, subject: type === 'phonecall' ? `Call with ${who}` : type === 'email' ? `RE: ${rng.pick(DEAL_WORDS)}` : `Meeting with ${who}`,
      description: null, scheduledend: Date.UTC(2024, 0, 1) + rng.int(0, 900) * DAY_MS, prioritycode: rng.int(0, 2), statecode: 1, statuscode: 2,
      _regardingobjectid_value: context.ref(rng.pick(['accounts', 'contacts'] as const)),
    };
  },
  randomEdit: (rng) => ({ prioritycode: rng.int(0, 2) }),
};

const ROW_MAKERS: Record<EntitySetName, SetRows> = { accounts, contacts, leads, opportunities, tasks, annotations, activitypointers };

/** In generation order (the order of entitySets.json): later sets reference earlier ones. */
export const DV_ENTITY_SETS: readonly DvEntitySet[] = Object.entries(schema).map(([setName, { fields, ...names }]) => ({
  setName: setName as EntitySetName,
  ...names,
  fields: typedColumns(`entitySets.json ${setName}`, fields, Object.keys(EDM_TYPE_NAMES) as DvType[]),
  ...ROW_MAKERS[setName as EntitySetName],
}));

/** Finds a set by entity set name or logical name (`accounts` or `account`). */
export function findEntitySet(name: string): DvEntitySet | undefined {
  return DV_ENTITY_SETS.find((set) => set.setName === name || set.logicalName === name);
}
