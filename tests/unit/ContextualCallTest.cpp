// The contextual call (INT_L01): the numbered behaviours 1–32 of lrm-hub.md §4, over the real reference data
// (La Poste INSEE table, SAS radius table for département labels, JDV_J239 for specialty labels).
#include "adapters/lrm/parseContextualCall.h"
#include "adapters/lrm/resolvePreferredDoctor.h"
#include "tests/unit/LrmReferenceData.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace sas::adapters::lrm;
using Decision = ContextualCall::Decision;
using SpecialtyKind = ContextualCall::Specialty::Kind;
using DoctorKind = ContextualCall::PreferredDoctor::Kind;

namespace
{

struct References
{
    OriginRegistry origins{{{"SAMU33-EXOS", "exos", "fr.health.samu330", true},
                            {"SAMU31-APPLIGOS", "appligos", "fr.health.samu310", false}}};
};

const References& references()
{
    static const References shared;
    return shared;
}

ContextualCall call(const std::string& query)
{
    const References& r = references();
    const auto& data = sas::test::LrmReferenceData::shared();
    return parseContextualCall(decodeLenientQuery(query), ContextualCallReferences{r.origins, data.communes, data.specialties});
}

ContextualCall lrm(const std::string& rest)
{
    return call("origin=SAMU33-EXOS&" + rest);
}

bool hasEvent(const ContextualCall& c, const std::string& name, const std::string& outcome)
{
    return std::any_of(c.events.begin(), c.events.end(),
                       [&](const CallEvent& e) { return e.name == name && e.outcome == outcome; });
}

bool hasNotice(const ContextualCall& c, DecodingNotice::Kind kind, const std::string& key)
{
    return std::any_of(c.notices.begin(), c.notices.end(),
                       [&](const DecodingNotice& n) { return n.kind == kind && n.key == key; });
}

} // namespace

TEST(ContextualCall, B01_AddressFromStreetAndParisInsee)
{
    auto c = lrm("streetnumber=12&streetname=rue%20de%20la%20paix&inseecode=75102&city=Paris");
    EXPECT_EQ(c.decision, Decision::Search);
    EXPECT_EQ(c.addressString, "12 Rue De La Paix, Paris");
    EXPECT_EQ(c.inseeCode, "75102");
    EXPECT_TRUE(c.departementLabel.empty());
    EXPECT_EQ(c.dialect, "exos");
    EXPECT_TRUE(hasEvent(c, "LrmUrlAddressResult", "success"));
}

TEST(ContextualCall, B02_NoOriginIsAnOrdinarySearch)
{
    auto c = call("loc=Lyon&text=p%C3%A9diatre");
    EXPECT_EQ(c.decision, Decision::NotLrm);
    EXPECT_EQ(c.loc, "Lyon");
    EXPECT_EQ(c.text, "pédiatre");
}

TEST(ContextualCall, B03_UnknownOrInactiveOriginIsTheErrorPage)
{
    for (const char* query : {"origin=SAMU99&inseecode=75102", "origin=SAMU31-APPLIGOS&inseecode=31555"})
    {
        auto c = call(query);
        EXPECT_EQ(c.decision, Decision::OriginError) << query;
        EXPECT_TRUE(hasEvent(c, "LrmRedirectionStatus", "search_error")) << query;
    }
    EXPECT_EQ(std::string(ORIGIN_ERROR_MESSAGE),
              "Le flux entre le logiciel de régulation médicale à l'origine de la recherche et la plateforme "
              "numérique SAS est désactivé pour des raisons techniques. Veuillez contacter le support pour plus de "
              "renseignements.");
}

TEST(ContextualCall, B04_EmptyOriginIsTheErrorPage)
{
    EXPECT_EQ(call("origin=&inseecode=75102").decision, Decision::OriginError);
    EXPECT_EQ(call("origin&inseecode=75102").decision, Decision::OriginError);
}

TEST(ContextualCall, B05_OriginIsComparedExactly)
{
    EXPECT_EQ(call("origin=samu33-exos&inseecode=75102").decision, Decision::OriginError);
    EXPECT_EQ(call("origin=SAMU33-EXOS%20&inseecode=75102").decision, Decision::OriginError);
    EXPECT_EQ(call("origin=SAMU33-EXOS&inseecode=75102").decision, Decision::Search);
}

TEST(ContextualCall, B06_NoAddressRedirectsHome)
{
    auto c = call("origin=SAMU33-EXOS");
    EXPECT_EQ(c.decision, Decision::RedirectHome);
    EXPECT_TRUE(hasEvent(c, "LrmUrlAddressResult", "failed"));
    EXPECT_TRUE(hasEvent(c, "LrmRedirectionStatus", "search_homepage"));
}

TEST(ContextualCall, B07_LocIsIgnoredForAnLrmSearch)
{
    EXPECT_EQ(lrm("loc=Lyon").decision, Decision::RedirectHome);
}

TEST(ContextualCall, B08_InseeWinsOverCity)
{
    auto c = lrm("inseecode=69123&city=Marseille");
    EXPECT_EQ(c.decision, Decision::Search);
    EXPECT_EQ(c.addressString, "Lyon, Rhône");
}

TEST(ContextualCall, B09_UnknownInseeNeverFallsBackToCity)
{
    EXPECT_EQ(lrm("inseecode=99999&city=Nantes").decision, Decision::RedirectHome);
}

TEST(ContextualCall, B10_CityWithoutInseeHasNoDepartement)
{
    auto c = lrm("city=lyon");
    EXPECT_EQ(c.addressString, "Lyon");
    EXPECT_TRUE(c.departement.empty());
}

TEST(ContextualCall, B11_InseeIsPaddedToFiveCharacters)
{
    auto c = lrm("inseecode=1053");
    EXPECT_EQ(c.inseeCode, "01053");
    EXPECT_EQ(c.addressString, "Bourg En Bresse, Ain");
}

TEST(ContextualCall, B12_OverseasAndCorsicaDepartementKeys)
{
    auto reunion = lrm("inseecode=97411");
    EXPECT_EQ(reunion.departement, "974");
    EXPECT_EQ(reunion.addressString, "St Denis, La Réunion");
    auto corsica = lrm("inseecode=2A004");
    EXPECT_EQ(corsica.departement, "2A");
    EXPECT_EQ(corsica.addressString, "Ajaccio, Corse-du-Sud");
}

TEST(ContextualCall, B13_EveryParisCodeIsParisWithoutDepartement)
{
    for (const char* code : {"75056", "75101", "75116", "75120"})
    {
        auto c = lrm(std::string("inseecode=") + code);
        EXPECT_EQ(c.addressString, "Paris") << code;
    }
    EXPECT_EQ(lrm("inseecode=13055").addressString, "Marseille, Bouches-du-Rhône");
    EXPECT_EQ(lrm("inseecode=69385").addressString, "Lyon, Rhône");
}

TEST(ContextualCall, B14_StreetNumberKeepsItsDigits)
{
    EXPECT_EQ(lrm("streetnumber=12bis&streetname=avenue%20foch&inseecode=75116").addressString,
              "12 Avenue Foch, Paris");
    EXPECT_EQ(lrm("streetnumber=12%20B&streetname=avenue%20foch&inseecode=75116").addressString,
              "12 Avenue Foch, Paris");
    EXPECT_EQ(lrm("streetnumber=bis&streetname=avenue%20foch&inseecode=75116").addressString, "Avenue Foch, Paris");
}

TEST(ContextualCall, B15_NumberWithoutStreetRedirectsHome)
{
    EXPECT_EQ(lrm("streetnumber=12&city=Nantes").decision, Decision::RedirectHome);
}

TEST(ContextualCall, B16_UcwordsOnlyRaisesFirstLetters)
{
    EXPECT_EQ(lrm("streetname=place%20bellecour&inseecode=69382").streetName, "Place Bellecour");
    EXPECT_EQ(lrm("streetname=RUE%20X&inseecode=69382").streetName, "RUE X");
    EXPECT_EQ(ucwords("cours de l'intendance"), "Cours De L'intendance");
}

TEST(ContextualCall, B17_PlusIsSpaceAndPipeMayBeRawOrEncoded)
{
    EXPECT_EQ(lrm("streetname=cours+de+l%27intendance&inseecode=33063").streetName, "Cours De L'intendance");
    EXPECT_EQ(lrm("inseecode=33063&practitioner=urn:oid:1.2.250.1.71.4.2.1|810002909371").preferredDoctor.rpps,
              "10002909371");
    EXPECT_EQ(lrm("inseecode=33063&practitioner=urn:oid:1.2.250.1.71.4.2.1%7C810002909371").preferredDoctor.rpps,
              "10002909371");
}

TEST(ContextualCall, B18_MalformedPercentDoesNotCrashAndIsNoted)
{
    auto c = lrm("streetname=rue%zz%2&inseecode=33063&city=%");
    EXPECT_EQ(c.decision, Decision::Search);
    EXPECT_EQ(c.streetName, "Rue%zz%2");
    EXPECT_TRUE(hasNotice(c, DecodingNotice::Kind::MalformedPercent, "streetname"));
}

TEST(ContextualCall, B19_Latin1IsRecoveredAndFlagged)
{
    auto c = lrm("streetname=all%E9e%20des%20ch%EAnes&inseecode=33063");
    EXPECT_EQ(c.streetName, "Allée Des Chênes");
    EXPECT_TRUE(hasNotice(c, DecodingNotice::Kind::Latin1Recovered, "streetname"));
    // Valid UTF-8 is never reinterpreted.
    EXPECT_EQ(lrm("streetname=all%C3%A9e&inseecode=33063").streetName, "Allée");
}

TEST(ContextualCall, B20_DuplicateKeysLastWinsAndIsNoted)
{
    auto c = call("origin=SAMU99&origin=SAMU33-EXOS&inseecode=33063");
    EXPECT_EQ(c.decision, Decision::Search);
    EXPECT_EQ(c.origin, "SAMU33-EXOS");
    EXPECT_TRUE(hasNotice(c, DecodingNotice::Kind::DuplicateKey, "origin"));
}

TEST(ContextualCall, B21_NormedSpecialtyTakesTheCataloguesLabel)
{
    auto c = lrm("inseecode=33063&specialty=urn:oid:1.2.250.1.213.2.28%7CSM54");
    EXPECT_EQ(c.specialty.kind, SpecialtyKind::Normed);
    EXPECT_EQ(c.specialty.oid, "1.2.250.1.213.2.28");
    EXPECT_EQ(c.specialty.code, "SM54");
    EXPECT_EQ(c.specialty.label, "Médecine générale");
    EXPECT_TRUE(hasEvent(c, "LrmSpecialtyUrlFormat", "normed"));
}

TEST(ContextualCall, B22_NormedSpecialtyWithoutLabelFallsBackToTheDefault)
{
    for (const char* specialty : {"urn:oid:1.2.250.1.213.2.28%7CZZ99", "urn:oid:1.2.3.4%7CSM54"})
    {
        auto c = lrm(std::string("inseecode=33063&specialty=") + specialty);
        EXPECT_EQ(c.specialty.kind, SpecialtyKind::Normed) << specialty;
        EXPECT_EQ(c.specialty.label, DEFAULT_SPECIALTY_LABEL) << specialty;
    }
}

TEST(ContextualCall, B23_FullTextAndMissingSpecialty)
{
    auto text = lrm("inseecode=33063&specialty=P%C3%A9diatrie");
    EXPECT_EQ(text.specialty.kind, SpecialtyKind::FullText);
    EXPECT_EQ(text.specialty.label, "Pédiatrie");
    EXPECT_TRUE(hasEvent(text, "LrmSpecialtyUrlFormat", "fullText"));
    auto missing = lrm("inseecode=33063");
    EXPECT_EQ(missing.specialty.kind, SpecialtyKind::NotTransmitted);
    EXPECT_EQ(missing.specialty.label, "Consultation de médecine générale");
    EXPECT_TRUE(hasEvent(missing, "LrmSpecialtyUrlFormat", "notTransmitted"));
}

TEST(ContextualCall, B24_NonAlphanumericCodeIsFreeText)
{
    auto c = lrm("inseecode=33063&specialty=urn:oid:1.2.250.1.213.2.28%7CSM-54");
    EXPECT_EQ(c.specialty.kind, SpecialtyKind::FullText);
    EXPECT_EQ(c.specialty.label, "urn:oid:1.2.250.1.213.2.28|SM-54");
}

TEST(ContextualCall, B25_SpecialitySpellingIsNotRead)
{
    auto c = lrm("inseecode=33063&speciality=urn:oid:1.2.250.1.213.2.28%7CSM54");
    EXPECT_EQ(c.specialty.kind, SpecialtyKind::NotTransmitted);
    EXPECT_EQ(c.ignoredParameters, std::vector<std::string>{"speciality"});
}

TEST(ContextualCall, B26_NormedPreferredDoctor)
{
    auto c = lrm("inseecode=33063&practitioner=urn:oid:1.2.250.1.71.4.2.1%7C810002909371");
    EXPECT_EQ(c.preferredDoctor.kind, DoctorKind::Normed);
    EXPECT_EQ(c.preferredDoctor.rpps, "10002909371");
    EXPECT_TRUE(c.preferredDoctor.errorCode.empty());
}

TEST(ContextualCall, B27_AdeliOrWrongLengthIsNotIdentified)
{
    for (const char* value : {"urn:oid:1.2.250.1.71.4.2.1%7C010002909371", "urn:oid:1.2.250.1.71.4.2.1%7C81000290937",
                              "urn:oid:1.2.250.1.71.4.2.1%7C8100029093711"})
    {
        auto c = lrm(std::string("inseecode=33063&practitioner=") + value);
        EXPECT_EQ(c.preferredDoctor.kind, DoctorKind::None) << value;
        EXPECT_EQ(c.preferredDoctor.errorCode, "sas_pf_001") << value;
        EXPECT_EQ(c.preferredDoctor.errorMessage, PREFERRED_DOCTOR_NOT_IDENTIFIED);
    }
}

TEST(ContextualCall, B28_OidWithoutIdentifierIsNotIdentified)
{
    auto c = lrm("inseecode=33063&practitioner=urn:oid:1.2.250.1.71.4.2.1");
    EXPECT_EQ(c.preferredDoctor.errorCode, "sas_pf_001");
}

TEST(ContextualCall, B29_OtherOidsOrColonsAreNotIdentified)
{
    for (const char* value : {"urn:oid:1.2.250.1.71.4.2.2%7C334173748400020", "Dr%20urn", "oid123", "Dupont:Jean"})
        EXPECT_EQ(lrm(std::string("inseecode=33063&practitioner=") + value).preferredDoctor.errorCode, "sas_pf_001")
            << value;
}

TEST(ContextualCall, B30_FullTextOrMissingPreferredDoctor)
{
    auto text = lrm("inseecode=33063&practitioner=Dupont");
    EXPECT_EQ(text.preferredDoctor.kind, DoctorKind::FullText);
    EXPECT_EQ(text.preferredDoctor.text, "Dupont");
    for (const char* query : {"inseecode=33063", "inseecode=33063&practitioner="})
    {
        auto missing = lrm(query);
        EXPECT_EQ(missing.preferredDoctor.errorCode, "sas_pf_002") << query;
        EXPECT_EQ(missing.preferredDoctor.errorMessage, PREFERRED_DOCTOR_NOT_GIVEN);
    }
}

TEST(ContextualCall, B31_PreferredDoctorMustBeOnePractitionerOfTheDirectory)
{
    using sas::core::NationalId;
    const std::vector<sas::core::Practitioner> directory{
        {"810002909371", {NationalId::Kind::Rpps, "10002909371"}, "Dupont", "Jean", "Médecin", {"SM54"}},
        {"810000000002", {NationalId::Kind::Rpps, "10000000002"}, "Dupont", "Marie", "Médecin", {"SM54"}},
        {"810000000003", {NationalId::Kind::Rpps, "10000000003"}, "Lefèvre", "Anne", "Médecin", {"SM54"}},
    };
    auto resolved = [&](const std::string& practitioner)
    {
        auto c = lrm("inseecode=33063&practitioner=" + practitioner);
        resolvePreferredDoctor(c, directory);
        return c.preferredDoctor;
    };
    EXPECT_EQ(resolved("urn:oid:1.2.250.1.71.4.2.1%7C810002909371").practitionerId, "810002909371");
    EXPECT_EQ(resolved("LEFEVRE").practitionerId, "810000000003");
    EXPECT_EQ(resolved("Anne+Lef%C3%A8vre").practitionerId, "810000000003");
    EXPECT_EQ(resolved("10002909371").practitionerId, "810002909371");
    // Two different RPPS for "Dupont": ambiguous, hidden.
    auto ambiguous = resolved("Dupont");
    EXPECT_EQ(ambiguous.errorCode, "sas_pf_001");
    EXPECT_TRUE(ambiguous.practitionerId.empty());
    EXPECT_EQ(resolved("urn:oid:1.2.250.1.71.4.2.1%7C899999999999").errorCode, "sas_pf_001");
    EXPECT_EQ(resolved("Inconnu").errorCode, "sas_pf_001");
}

TEST(ContextualCall, B32_UnknownParametersAreIgnoredByName)
{
    auto c = lrm("inseecode=33063&drm=DRM-123&regulator=abc&inseeCode=75102");
    EXPECT_EQ(c.decision, Decision::Search);
    EXPECT_EQ(c.inseeCode, "33063");
    EXPECT_EQ(c.ignoredParameters, (std::vector<std::string>{"drm", "regulator", "inseeCode"}));
}

TEST(ContextualCall, WorkedExampleBordeaux)
{
    EXPECT_EQ(lrm("streetnumber=5&streetname=cours+de+l%27intendance&inseecode=33063").addressString,
              "5 Cours De L'intendance, Bordeaux, Gironde");
}
