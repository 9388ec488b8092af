#pragma once

#include "adapters/postgres/PgWriteHook.h"

#include <functional>
#include <string>
#include <vector>

namespace sas::adapters::pushedslots
{

/// Slot push in the write path (issue 4 point 3, issue 5): every Slot version written through the FHIR façade becomes
/// a `pushed_slot` row — free or not, its times, modalities and INT_SSO link — attributed to a directory place by
/// `pushed_slot_place()` (migration 0012: Slot.schedule → Schedule.actor → Practitioner national identifier →
/// place, a Location actor's postcode choosing among the practitioner's places), in the SAME transaction; a write of a
/// Schedule re-attributes its Slots; a DELETE of a Slot removes its row. Every place whose offer changed is NOTIFYed
/// on sas_agenda inside the transaction (other nodes refresh on commit) and handed to `refreshPlaces` after the commit
/// (this node answers its next search with it). Ownership is the store's: a vendor cannot write another's Slot.
class PushedSlotWriteHook final : public postgres::PgWriteHook
{
public:
    explicit PushedSlotWriteHook(std::function<void(const std::vector<std::string>&)> refreshPlaces)
        : _refreshPlaces(std::move(refreshPlaces))
    {
    }

    core::Status afterWrite(postgres::PgConnection& connection, const fhir::store::ResourceWrite& write,
                            const fhir::store::WriteOutcome& outcome) override;
    core::Status afterDelete(postgres::PgConnection& connection, const fhir::store::ResourceDelete& removal,
                             const fhir::store::WriteOutcome& outcome) override;
    void afterCommit() override;

private:
    std::function<void(const std::vector<std::string>&)> _refreshPlaces;
};

} // namespace sas::adapters::pushedslots
