// An independent FHIR client nobody here wrote (fhir-kit-client) drives the real gateway over
// mutual TLS; every response body must pass the three offline validators.
// Usage: node independentClient.js <fhir base URL> <dev PKI directory>
// Exit code 0 when every check passes; the report lists each check and each problem.
import { readFileSync } from 'node:fs';
import { Agent, setGlobalDispatcher } from 'undici';
import { Client } from 'fhir-kit-client';
import { validateResource } from './validators.js';

const [baseUrl, pki] = process.argv.slice(2);
setGlobalDispatcher(new Agent({
  connect: {
    ca: readFileSync(`${pki}/ca.pem`),
    cert: readFileSync(`${pki}/admin.pem`),
    key: readFileSync(`${pki}/admin.key`),
  },
}));
const client = new Client({ baseUrl });
const RPPS = 'urn:oid:1.2.250.1.71.4.2.1';
const failures = [];
let checks = 0;

function check(name, condition, detail = '') {
  checks += 1;
  if (!condition) failures.push(`${name}: ${detail}`);
}

/** Validates a response body and every resource inside a Bundle. */
function validated(name, body) {
  const resources = [body, ...(body?.entry ?? []).map((e) => e.resource).filter(Boolean)];
  for (const resource of resources) {
    const errors = validateResource(resource);
    check(`${name}: ${resource.resourceType}/${resource.id ?? ''} passes the validators`, errors.length === 0, errors.join('; '));
  }
  return body;
}

const practitioner = (rpps, family) => ({
  resourceType: 'Practitioner',
  identifier: [{ type: { coding: [{ system: 'http://interopsante.org/fhir/CodeSystem/fr-v2-0203', code: 'IDNPS' }] }, system: RPPS, value: rpps }],
  name: [{ family, given: ['Claire'] }],
});

async function run() {
  const capabilities = validated('metadata', await client.capabilityStatement());
  check('metadata is a CapabilityStatement', capabilities.resourceType === 'CapabilityStatement');

  const created = validated('create', await client.create({ resourceType: 'Practitioner', body: practitioner('810000001111', 'Durand') }));
  check('create returns the resource with a server id', typeof created.id === 'string' && created.meta?.versionId === '1', JSON.stringify(created.meta));

  const read = validated('read', await client.read({ resourceType: 'Practitioner', id: created.id }));
  check('read returns what was created', read.name?.[0]?.family === 'Durand');

  const updated = validated('update', await client.update({
    resourceType: 'Practitioner', id: created.id, body: { ...read, name: [{ family: 'Durand-Petit' }] },
  }));
  check('update makes version 2', updated.meta?.versionId === '2', JSON.stringify(updated.meta));

  const searchParams = { identifier: `${RPPS}|810000002222` };
  const conditionalCreated = validated('conditional update (create)', await client.update({
    resourceType: 'Practitioner', searchParams, body: practitioner('810000002222', 'Bernard'),
  }));
  const conditionalUpdated = validated('conditional update (update)', await client.update({
    resourceType: 'Practitioner', searchParams, body: practitioner('810000002222', 'Bernard-Roy'),
  }));
  check('conditional update keeps the matched id', conditionalUpdated.id === conditionalCreated.id && conditionalUpdated.meta?.versionId === '2');

  const transaction = validated('transaction', await client.transaction({
    body: {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: 'urn:uuid:6f1c2e4a-0000-4000-8000-000000000001', resource: practitioner('810000003333', 'Moreau'), request: { method: 'POST', url: 'Practitioner' } },
        {
          fullUrl: 'urn:uuid:6f1c2e4a-0000-4000-8000-000000000002',
          resource: { resourceType: 'Schedule', actor: [{ reference: 'urn:uuid:6f1c2e4a-0000-4000-8000-000000000001' }] },
          request: { method: 'POST', url: 'Schedule' },
        },
      ],
    },
  }));
  check('transaction answers with a transaction-response', transaction.type === 'transaction-response' && transaction.entry?.length === 2);
  const scheduleLocation = transaction.entry?.[1]?.response?.location ?? '';
  const schedule = validated('read after transaction', await client.read({ resourceType: 'Schedule', id: scheduleLocation.split('/')[1] }));
  check('urn:uuid references were rewritten', schedule.actor?.[0]?.reference?.startsWith('Practitioner/'), schedule.actor?.[0]?.reference);

  const history = validated('history', await client.history({ resourceType: 'Practitioner', id: created.id }));
  check('history lists both versions', history.type === 'history' && history.total === 2);

  // The IG's three searches (sas-ig.md §1.2–1.4) over the demo data (the IG's examples).
  const modes = (bundle, mode) => (bundle.entry ?? []).filter((e) => e.search?.mode === mode).map((e) => `${e.resource.resourceType}/${e.resource.id}`);
  const intR01 = validated('INT_R01 search', await client.search({
    resourceType: 'Slot',
    searchParams: {
      _include: 'Slot:schedule',
      '_include:iterate': 'Schedule:actor',
      status: 'free',
      start: ['ge2021-11-04T14:19:35.760+00:00', 'le2021-11-06T23:59:59.999+00:00'],
      'schedule.actor:Practitioner.identifier': `${RPPS}|810002673899,${RPPS}|810100050075`,
      _count: '1000',
    },
  }));
  check('INT_R01 finds the 4 slots', intR01.type === 'searchset' && intR01.total === 4 && modes(intR01, 'match').length === 4, JSON.stringify(intR01.link));
  check('INT_R01 includes 3 schedules, 2 practitioners, 3 roles', modes(intR01, 'include').length === 8, modes(intR01, 'include').join());
  check('INT_R01 has one self link', intR01.link?.length === 1 && intR01.link[0].relation === 'self');
  const intR04 = validated('INT_R04 search', await client.search({
    resourceType: 'Slot',
    searchParams: {
      _include: ['Slot:schedule', 'Slot:service-type-reference'],
      '_include:iterate': ['Schedule:actor', 'HealthcareService:organization'],
      start: ['ge2024-06-12T16:20:00.000+02:00', 'le2024-06-15T16:20:00.000+02:00'],
      'schedule.actor:Practitioner.identifier': `${RPPS}|810002909371,${RPPS}|810001288385`,
      status: 'free',
    },
  }));
  check('INT_R04 finds the CPTS slots with services and organizations', intR04.total === 2 && modes(intR04, 'include').filter((r) => r.startsWith('HealthcareService/') || r.startsWith('Organization/')).length === 4, modes(intR04, 'include').join());
  const sos = validated('SOS search', await client.search({
    resourceType: 'Schedule',
    searchParams: {
      _revinclude: 'Slot:schedule',
      _include: 'Schedule:actor:Location',
      '_include:iterate': 'Location:organization',
      '_has:Slot:schedule:start': ['ge2023-08-18T09:00:00+02:00', 'le2023-08-20T08:00:00+02:00'],
      '_has:Slot:schedule:status': 'free',
      'actor:Location.organization.identifier': 'urn:oid:1.2.250.1.71.4.2.2|334173748400020,urn:oid:1.2.250.1.71.4.2.2|392080466300010',
      _count: '1000',
    },
  }));
  check('SOS matches 3 schedules and includes their 4 free slots', sos.total === 3 && modes(sos, 'include').filter((r) => r.startsWith('Slot/')).length === 4, modes(sos, 'include').join());
  const empty = validated('empty search', await client.search({ resourceType: 'Slot', searchParams: { 'schedule.actor:Practitioner.identifier': `${RPPS}|899999999999` } }));
  check('no match is total 0 with a self link and no entry', empty.total === 0 && empty.entry === undefined && empty.link?.[0]?.relation === 'self');
}

run()
  .catch((error) => failures.push(`unexpected error: ${error?.response?.status ?? ''} ${JSON.stringify(error?.response?.data ?? error?.message ?? error)}`))
  .finally(() => {
    console.log(`${checks} checks, ${failures.length} failed`);
    for (const failure of failures) console.log(`FAILED ${failure}`);
    process.exit(failures.length === 0 ? 0 : 1);
  });
