#pragma once

#include "adapters/postgres/PgConnection.h"
#include "fhir/store/ResourceStore.h"

namespace sas::adapters::postgres
{

/// Work that must commit with a resource write (the orientation and outbox rows of an Appointment): the store calls
/// afterWrite() inside the write's transaction once the new version is stored, on the same connection; an error
/// rolls the whole write back and is the write's answer. afterDelete() likewise for a delete (`outcome.unchanged` when
/// the resource was already deleted). afterCommit() runs after that transaction committed.
class PgWriteHook
{
public:
    virtual ~PgWriteHook() = default;
    virtual core::Status afterWrite(PgConnection& connection, const fhir::store::ResourceWrite& write,
                                    const fhir::store::WriteOutcome& outcome) = 0;
    virtual core::Status afterDelete(PgConnection&, const fhir::store::ResourceDelete&, const fhir::store::WriteOutcome&)
    {
        return {};
    }
    virtual void afterCommit() { }
};

} // namespace sas::adapters::postgres
