#pragma once

#include "adapters/postgres/PgPool.h"
#include "core/ports/AgendaPublisher.h"
#include "fhir/store/ResourceStore.h"

namespace sas::app
{

/// The agenda SAS in the FHIR façade (issue 4 point 2): each place's free occurrences from now to the index horizon
/// are stored as IG-shaped resources, so the façade's INT_R01 searches (`GET /fhir/Slot?schedule.actor:Practitioner.
/// identifier=…&_include=Slot:schedule…`) answer them like a vendor's: Practitioner `sas-agenda-<practitioner id>`
/// (its IDNPS identifier), Schedule `sas-agenda-<place id>` (actor: that Practitioner), Slot
/// `sas-agenda-<place id>-<rule id>-<yyyymmdd>` (free, start/end, AMB/VR/HH serviceType codings); a plage with N
/// places left is N Slots over its hours, `…-<yyyymmdd>-1` to `…-N` (a FHIR Slot is one appointment). Written in one
/// store transaction per place, owner AGENDA_OWNER (vendors get 403 on them), only what differs from what is stored
/// (full occurrences and past ones are deleted), so concurrent nodes converge without version churn.
class AgendaSlotPublisher final : public core::AgendaPublisher
{
public:
    AgendaSlotPublisher(fhir::store::ResourceStore& store, adapters::postgres::PgPool& pool)
        : _store(store), _pool(pool)
    {
    }

    core::Status publish(const std::string& placeId, const core::Practitioner* practitioner,
                         const std::vector<core::SlotOccurrence>& free) override;

private:
    fhir::store::ResourceStore& _store;
    adapters::postgres::PgPool& _pool;
};

} // namespace sas::app
