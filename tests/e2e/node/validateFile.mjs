// Checks one FHIR JSON file (a resource or a Bundle and every entry's resource) with the three offline R4
// validators of validators.js; prints each error and exits 1 when there is any. Used by tests/e2e/VendorSearchTest.cpp.
import { readFileSync } from 'node:fs';
import { validateResource } from './validators.js';

const resource = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const errors = validateResource(resource).map((e) => `${resource.resourceType}: ${e}`);
for (const entry of resource.entry ?? [])
  for (const error of validateResource(entry.resource))
    errors.push(`${entry.fullUrl}: ${error}`);
for (const error of errors) console.log(error);
console.log(`${errors.length} errors`);
process.exit(errors.length === 0 ? 0 : 1);
