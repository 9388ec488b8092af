#pragma once

#include "core/Result.h"
#include "fhir/model/Node.h"
#include "fhir/rest/ResourceServices.h"

#include <string>

namespace sas::fhir::rest
{

/// Who submits a Bundle: written into each resource's owner, and whether ownership is enforced.
struct Submitter
{
    std::string owner;
    bool ownerOnly = false;
    core::AuditAgent agent; ///< every entry's write is audited under this agent
};

/// Processes a `transaction` Bundle atomically: every entry checked first (URLs, types, profile
/// rules: all issues at once, located as `Bundle.entry[i]…`), then in one store transaction
/// conditional creates/updates and conditional references (`Type?identifier=system|value`)
/// resolved under locks, `urn:uuid` fullUrls rewritten to the new ids, DELETEs then POSTs then
/// PUTs applied, then GETs (`[type]/[id]` reads) answered from what the transaction sees; any
/// failure (a GET of an unknown resource included) rolls everything back and names the entry.
/// Returns the `transaction-response` Bundle, entries in request order.
core::Result<Node> processTransaction(const Node& bundle, const ResourceServices& services, const Submitter& submitter);

/// Processes a `batch` Bundle: each entry on its own (GET `[type]/[id]` reads included); failures
/// become that entry's response status and OperationOutcome. Returns the `batch-response` Bundle.
/// A vendor's GET of an owned type it did not write is 404, as outside Bundles.
core::Result<Node> processBatch(const Node& bundle, const ResourceServices& services, const Submitter& submitter);

} // namespace sas::fhir::rest
