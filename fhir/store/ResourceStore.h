#pragma once

#include "core/Result.h"
#include "core/ports/AuditTrail.h"
#include "fhir/search/SearchIndexEntry.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sas::fhir::store
{

/// One stored version of a FHIR resource. `json` is the canonical JSON body with meta.versionId
/// and meta.lastUpdated in it; empty for a delete.
struct StoredResource
{
    std::string type;
    std::string id;
    int version = 0;
    std::string lastUpdated; ///< FHIR instant, UTC, milliseconds
    bool deleted = false;
    std::string method;      ///< POST, PUT or DELETE: how this version was made (history)
    std::string json;
    std::string owner;       ///< identity that wrote the current version ("" for operators' loads)
    /// A search entry's fullUrl when the resource is not served here (a booking vendor's slot, at the vendor's
    /// base URL); empty: the façade's own `<base>/<type>/<id>`.
    std::string fullUrl = {}; // initialised: the adapters build StoredResource by position, without it
};

/// Renders the body of a new version once the store has chosen its id, number and time, so
/// id, meta.versionId and meta.lastUpdated are always the server's.
using RenderVersion = std::function<std::string(const std::string& id, int version, const std::string& lastUpdated)>;

/// A write of one resource.
struct ResourceWrite
{
    std::string type;
    std::string id;
    std::string owner;                 ///< identity that writes it ("" for operators' loads)
    std::optional<int> expectedVersion; ///< If-Match: PreconditionFailed unless current
    bool createOnly = false;           ///< Conflict when the id exists (create with a chosen id)
    bool ownerOnly = false;            ///< Forbidden when the resource (live or deleted) belongs to another owner
    RenderVersion render;
    search::SearchIndex index;         ///< search values of the new version
    core::AuditAgent agent;            ///< recorded with the write in the same transaction; empty kind: not audited
};

/// A delete of one resource.
struct ResourceDelete
{
    std::string type;
    std::string id;
    std::string owner;
    std::optional<int> expectedVersion;
    bool ownerOnly = false; ///< Forbidden when the resource belongs to another owner
    core::AuditAgent agent; ///< recorded with the delete in the same transaction; empty kind: not audited
};

/// What a write did.
struct WriteOutcome
{
    StoredResource stored;
    bool created = false;   ///< true when no live version existed before (201 rather than 200)
    bool unchanged = false; ///< a delete of a resource already deleted: no version was written
};

/// The condition of a conditional create or update: the resources having one token, the IG's
/// `identifier=system|value`.
struct TokenCondition
{
    std::string parameter;
    std::string system;
    std::string code;
};

/// What to do when the condition matches exactly one resource.
enum class OnMatch
{
    ReturnExisting, ///< If-None-Exist: create nothing, answer with the match
    Update,         ///< conditional update: the write becomes an update of the match
};

/// A conditional create or update: none matches → `write` creates (with its id); one → OnMatch;
/// several → PreconditionFailed. Race-free: concurrent writes with the same condition are
/// serialised, so two of them can never both create.
struct ConditionalWrite
{
    ResourceWrite write;
    TokenCondition condition;
    OnMatch onMatch = OnMatch::Update;
};

/// A page of history, newest first.
struct HistoryPage
{
    std::vector<StoredResource> versions;
    long total = 0;
};

/// One database transaction over the store, for transaction Bundles: every write and lookup
/// commits together or not at all. Destroying it without commit() rolls everything back.
class StoreTransaction
{
public:
    virtual ~StoreTransaction() = default;

    /// Ids of live resources having the token, under a lock on the condition held until the end
    /// of the transaction (so a concurrent conditional create cannot slip in between).
    virtual core::Result<std::vector<std::string>> findByToken(const std::string& type, const TokenCondition& condition) = 0;
    virtual core::Result<WriteOutcome> write(const ResourceWrite& write) = 0;
    virtual core::Result<WriteOutcome> remove(const ResourceDelete& removal) = 0;
    /// The current version as this transaction sees it (its own writes included), `owner` filled; NotFound or Gone
    /// as ResourceStore::read. A transaction Bundle's GET entries.
    virtual core::Result<StoredResource> read(const std::string& type, const std::string& id) = 0;
    virtual core::Status commit() = 0;
};

/// The system of record for FHIR resources: every version kept, a typed search index of the
/// current ones. Writes of one resource are serialised; each write is one transaction.
/// Implemented by adapters/postgres/PgResourceStore.
class ResourceStore
{
public:
    virtual ~ResourceStore() = default;

    /// The current version; NotFound when it never existed, Gone when its last version is a delete.
    virtual core::Result<StoredResource> read(const std::string& type, const std::string& id) = 0;
    /// One version; NotFound for an unknown version, Gone when that version is a delete.
    virtual core::Result<StoredResource> readVersion(const std::string& type, const std::string& id, int version) = 0;
    /// The identity owning a resource: the writer of its latest version, deleted or not ("" for operators' loads);
    /// NotFound when it never existed. A vendor reads only what it owns (rest/ownerScope).
    virtual core::Result<std::string> owner(const std::string& type, const std::string& id) = 0;

    /// Creates or updates (a new version); see ResourceWrite for the conditions.
    virtual core::Result<WriteOutcome> write(const ResourceWrite& write) = 0;

    /// Deletes: a new version marked deleted, search index removed. NotFound when it never
    /// existed; a resource already deleted is left as it is (created = false, no new version).
    virtual core::Result<WriteOutcome> remove(const ResourceDelete& removal) = 0;

    /// History of one resource (id non-empty), of a type (id empty) or of everything (both
    /// empty), newest first, at most `count` versions after skipping `offset`.
    virtual core::Result<HistoryPage> history(const std::string& type, const std::string& id, int count, int offset) = 0;

    /// Opens a unit of work (see StoreTransaction).
    virtual core::Result<std::unique_ptr<StoreTransaction>> begin() = 0;

    /// See ConditionalWrite. `created` tells whether a new resource was made.
    virtual core::Result<WriteOutcome> writeConditional(const ConditionalWrite& write) = 0;
};

} // namespace sas::fhir::store
