// Loads the generator's vendor JSON (vendor.ndjson, one resource a line) into the Medplum in-memory peer through
// its own REST API: transaction Bundles of PUT entries, so the peer keeps our ids (it creates on PUT) and the
// peer's search targets (targets-peer.txt) name the same practitioners as the gateway's.
// Usage: node peer-load.cjs <base, e.g. http://127.0.0.1:18090/fhir/R4> <vendor.ndjson> [entries per Bundle]
'use strict';
const fs = require('node:fs');
const readline = require('node:readline');

const base = process.argv[2];
const file = process.argv[3];
const perBundle = Number(process.argv[4] || 1000);
if (!/^http:\/\/127\.0\.0\.1:/.test(base || '') || !file) {
  console.error('usage: node peer-load.cjs http://127.0.0.1:PORT/fhir/R4 vendor.ndjson [entries per Bundle]');
  process.exit(2);
}

async function send(entries) {
  const response = await fetch(base, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json' },
    body: JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: entries }),
    signal: AbortSignal.timeout(120000),
  });
  const body = await response.json();
  if (response.status >= 300 || body.resourceType !== 'Bundle') {
    throw new Error(`HTTP ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
}

(async () => {
  const started = Date.now();
  let entries = [];
  let count = 0;
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const resource = JSON.parse(line);
    entries.push({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } });
    if (entries.length === perBundle) {
      await send(entries);
      count += entries.length;
      entries = [];
    }
  }
  if (entries.length) {
    await send(entries);
    count += entries.length;
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`peer loaded ${count} resources in ${seconds.toFixed(1)} s (${(count / seconds).toFixed(0)} resources/s)`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
