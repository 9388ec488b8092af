#include "core/agenda/participationRules.h"

#include <algorithm>

namespace sas::core
{

Status validateParticipation(const ParticipationSettings& settings,
                             const std::function<bool(const std::string& finess)>& structureExists,
                             const std::vector<std::string>& placeIds)
{
    Error error{ErrorCode::Unprocessable, "invalid participation settings", {}};
    const auto problem = [&](std::string text, std::string where) {
        error.with({Severity::Error, "business-rule", std::move(text), std::move(where)});
    };
    if (settings.participates)
    {
        if (!settings.via)
            problem("Missing SAS participation method.", "via");
        const auto via = settings.via.value_or(ParticipationVia::Individual);
        if (via == ParticipationVia::Cpts || via == ParticipationVia::Msp)
        {
            if (settings.structureFiness.empty())
                problem("Missing FINESS number.", "structureFiness");
            else if (!structureExists(settings.structureFiness))
                problem("Not existing FINESS number.", "structureFiness");
        }
        if (via == ParticipationVia::Cpts)
        {
            if (settings.cptsPlaceIds.empty())
                problem("Veuillez indiquer au moins un lieu d'activité.", "cptsPlaceIds");
            for (const auto& placeId : settings.cptsPlaceIds)
                if (std::find(placeIds.begin(), placeIds.end(), placeId) == placeIds.end())
                    problem("place " + placeId + " is not one of the practitioner's places", "cptsPlaceIds");
        }
        if (via == ParticipationVia::SosMedecins && settings.sosSiret.empty())
            problem("Missing SIRET of the SOS Médecins association.", "sosSiret");
        if (settings.via && via != ParticipationVia::SosMedecins)
        {
            if (!settings.hasSoftware)
                problem("Veuillez indiquer si vous disposez d'un logiciel de rendez-vous.", "hasSoftware");
            const bool software = settings.hasSoftware.value_or(false);
            // Without an interfaced software (or with its slots refused) the agenda SAS is the only
            // source, so the 2-hour weekly declaration is what makes participation real.
            if (settings.hasSoftware && (!software || settings.editorDisabled) && !settings.hoursDeclared)
                problem("Veuillez déclarer sur l'honneur la mise à disposition de disponibilités pour le SAS.",
                        "hoursDeclared");
        }
    }
    if (!error.issues.empty())
        return fail(std::move(error));
    return {};
}

Status validateStructureSettings(const Structure& structure, const StructureSettings& settings)
{
    Error error{ErrorCode::Unprocessable, "invalid structure settings", {}};
    const auto problem = [&](std::string text, std::string where) {
        error.with({Severity::Error, "business-rule", std::move(text), std::move(where)});
    };
    if (structure.kind == StructureKind::Cds && settings.participates)
    {
        if (settings.practitionerCount < 1)
            problem("a centre de santé participates with at least one practitioner", "practitionerCount");
        if (!settings.hoursDeclared)
            problem("Veuillez déclarer sur l'honneur la mise à disposition de disponibilités pour le SAS.",
                    "hoursDeclared");
    }
    if (structure.kind == StructureKind::SosMedecins && settings.participates && !settings.hoursDeclared)
        problem("Veuillez déclarer sur l'honneur la mise à disposition de disponibilités pour le SAS.", "hoursDeclared");
    if ((structure.kind == StructureKind::Cpts || structure.kind == StructureKind::Msp) && settings.participates)
        problem("a CPTS or an MSP participates through its practitioners' settings", "participates");
    if (!error.issues.empty())
        return fail(std::move(error));
    return {};
}

bool mayEditOwnAgenda(const ParticipationSettings& settings)
{
    return settings.editorDisabled && settings.via != ParticipationVia::SosMedecins;
}

} // namespace sas::core
