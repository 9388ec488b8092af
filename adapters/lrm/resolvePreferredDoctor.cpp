#include "adapters/lrm/resolvePreferredDoctor.h"

#include "core/search/foldText.h"

#include <algorithm>

namespace sas::adapters::lrm
{
namespace
{

using DoctorKind = ContextualCall::PreferredDoctor::Kind;

bool matchesText(const core::Practitioner& practitioner, const std::string& folded, const std::string& raw)
{
    if (practitioner.nationalId.kind == core::NationalId::Kind::Rpps &&
        (raw == practitioner.nationalId.value || raw == practitioner.nationalId.prefixed()))
        return true;
    const std::string family = core::foldText(practitioner.familyName);
    const std::string given = core::foldText(practitioner.givenName);
    return !family.empty() && (folded == family || folded == given + " " + family || folded == family + " " + given);
}

} // namespace

void resolvePreferredDoctor(ContextualCall& call, const std::vector<core::Practitioner>& directory)
{
    auto& doctor = call.preferredDoctor;
    if (doctor.kind == DoctorKind::None)
        return;
    const std::string folded = core::foldText(doctor.text);
    std::vector<const core::Practitioner*> matches;
    for (const core::Practitioner& practitioner : directory)
    {
        const bool match = doctor.kind == DoctorKind::Normed
                               ? practitioner.nationalId.kind == core::NationalId::Kind::Rpps &&
                                     practitioner.nationalId.value == doctor.rpps
                               : matchesText(practitioner, folded, doctor.text);
        if (match)
            matches.push_back(&practitioner);
    }
    const bool one = !matches.empty() && std::all_of(matches.begin(), matches.end(), [&](const core::Practitioner* p) {
        return p->nationalId.value == matches.front()->nationalId.value;
    });
    if (!one)
    {
        doctor = {};
        doctor.errorCode = "sas_pf_001";
        doctor.errorMessage = PREFERRED_DOCTOR_NOT_IDENTIFIED;
        call.events.push_back({"LrmPreferredDoctor", matches.empty() ? "notFound" : "ambiguous"});
        return;
    }
    doctor.practitionerId = matches.front()->id;
    call.events.push_back({"LrmPreferredDoctor", "found"});
}

} // namespace sas::adapters::lrm
