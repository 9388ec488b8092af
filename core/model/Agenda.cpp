#include "core/model/Agenda.h"

namespace sas::core
{

std::optional<Modality> parseModality(std::string_view code)
{
    if (code == "AMB")
        return Modality::InPerson;
    if (code == "VR")
        return Modality::Teleconsultation;
    if (code == "HH")
        return Modality::HomeVisit;
    return std::nullopt;
}

const char* modalityCode(Modality modality)
{
    switch (modality)
    {
    case Modality::InPerson: return "AMB";
    case Modality::Teleconsultation: return "VR";
    case Modality::HomeVisit: return "HH";
    }
    return "AMB";
}

} // namespace sas::core
