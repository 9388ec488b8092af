#pragma once

#include "adapters/postgres/PgWriteHook.h"

#include <vector>

namespace sas::adapters::postgres
{

/// Several write hooks behind the store's one (appointments, pushed slots): each sees every write, in order; the first
/// error rolls the write back.
class PgWriteHooks final : public PgWriteHook
{
public:
    explicit PgWriteHooks(std::vector<PgWriteHook*> hooks) : _hooks(std::move(hooks)) { }

    core::Status afterWrite(PgConnection& connection, const fhir::store::ResourceWrite& write,
                            const fhir::store::WriteOutcome& outcome) override
    {
        for (PgWriteHook* hook : _hooks)
            if (auto done = hook->afterWrite(connection, write, outcome); !done)
                return done;
        return {};
    }
    core::Status afterDelete(PgConnection& connection, const fhir::store::ResourceDelete& removal,
                             const fhir::store::WriteOutcome& outcome) override
    {
        for (PgWriteHook* hook : _hooks)
            if (auto done = hook->afterDelete(connection, removal, outcome); !done)
                return done;
        return {};
    }
    void afterCommit() override
    {
        for (PgWriteHook* hook : _hooks)
            hook->afterCommit();
    }

private:
    std::vector<PgWriteHook*> _hooks;
};

} // namespace sas::adapters::postgres
