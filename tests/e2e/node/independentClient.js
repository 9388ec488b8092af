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
    cert: readFileSync(`${pki}/vendor-demo.pem`),
    key: readFileSync(`${pki}/vendor-demo.key`),
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
  identifier: [{ system: RPPS, value: rpps }],
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
}

run()
  .catch((error) => failures.push(`unexpected error: ${error?.response?.status ?? ''} ${JSON.stringify(error?.response?.data ?? error?.message ?? error)}`))
  .finally(() => {
    console.log(`${checks} checks, ${failures.length} failed`);
    for (const failure of failures) console.log(`FAILED ${failure}`);
    process.exit(failures.length === 0 ? 0 : 1);
  });
