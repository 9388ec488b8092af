#pragma once

#include "adapters/lrm/LenientQuery.h"

#include <string>
#include <vector>

namespace sas::adapters::lrm
{

/// The message the platform shows when the origin is unknown or inactive (lrm-hub.md §1.3), word for word.
constexpr const char* ORIGIN_ERROR_MESSAGE =
    "Le flux entre le logiciel de régulation médicale à l'origine de la recherche et la plateforme numérique SAS "
    "est désactivé pour des raisons techniques. Veuillez contacter le support pour plus de renseignements.";

/// The specialty searched when the LRM sends none or one the catalogue cannot name (lrm-hub.md §1.3).
constexpr const char* DEFAULT_SPECIALTY_LABEL = "Consultation de médecine générale";

/// The preferred-doctor messages of the platform (sas_pf_001, sas_pf_002).
constexpr const char* PREFERRED_DOCTOR_NOT_IDENTIFIED =
    "Le médecin traitant renseigné dans le logiciel de régulation médicale n'a pas pu être identifié";
constexpr const char* PREFERRED_DOCTOR_NOT_GIVEN =
    "Le médecin traitant n'a pas été renseigné dans le logiciel de régulation médicale";

/// One analytics event of the platform's front end (lrm-hub.md §1.3–1.4), kept so operators see how each LRM
/// calls: name and a short outcome, never a parameter value.
struct CallEvent
{
    std::string name;    ///< "LrmRedirectionStatus", "LrmUrlAddressResult", "LrmSpecialtyUrlFormat"…
    std::string outcome; ///< "search_error", "failed", "normed"…
};

/// What a contextual call (INT_L01, `GET /sas/recherche?origin=…`) asks for, after the platform's rules
/// (lrm-hub.md §1.3–1.6, behaviours 1–32 of §4).
struct ContextualCall
{
    enum class Decision
    {
        NotLrm,       ///< no `origin` key: an ordinary search on `loc`/`text`
        OriginError,  ///< `origin` empty, unknown or inactive: the error page with ORIGIN_ERROR_MESSAGE
        RedirectHome, ///< no usable address: the home page
        Search,       ///< search at `addressString`
    };
    Decision decision = Decision::NotLrm;

    std::string origin;
    std::string dialect;      ///< the installation's LRM dialect, when the origin is known
    std::string loc;          ///< NotLrm only: `loc` as sent
    std::string text;         ///< NotLrm only: `text` as sent

    // Address (Search)
    std::string streetNumber; ///< digits only ("12bis" → "12")
    std::string streetName;   ///< ucwords()
    std::string inseeCode;    ///< padded to 5 characters, empty when not sent
    std::string city;         ///< from the INSEE code, else the `city` parameter (ucwords)
    std::string departement;  ///< code, from the INSEE code
    std::string departementLabel; ///< shown after the city, except for Paris
    std::string addressString;    ///< "12 Rue De La Paix, Paris": what the regulator sees and the geocoder reads

    struct Specialty
    {
        enum class Kind
        {
            NotTransmitted,
            Normed,   ///< urn:oid:<oid>|<code>
            FullText, ///< anything else, used as typed
        };
        Kind kind = Kind::NotTransmitted;
        std::string oid;
        std::string code;
        std::string label; ///< what is searched: the catalogue's label, the text, or DEFAULT_SPECIALTY_LABEL
    } specialty;

    struct PreferredDoctor
    {
        enum class Kind
        {
            None,     ///< not sent (sas_pf_002) or rejected (sas_pf_001)
            Normed,   ///< urn:oid:1.2.250.1.71.4.2.1|8 + 11 characters
            FullText, ///< a name or a bare number, searched in the directory
        };
        Kind kind = Kind::None;
        std::string rpps; ///< Normed: the 11 characters after the prefix 8
        std::string text; ///< FullText
        std::string practitionerId; ///< set by resolvePreferredDoctor when the directory knows them
        std::string errorCode;    ///< "", "sas_pf_001" or "sas_pf_002"
        std::string errorMessage; ///< the platform's message for errorCode
    } preferredDoctor;

    std::vector<std::string> ignoredParameters; ///< keys the contextual call does not know (logged by name)
    std::vector<DecodingNotice> notices;        ///< what decoding forgave
    std::vector<CallEvent> events;
};

} // namespace sas::adapters::lrm
