// The RPPS extraction parser and import driver (adapters/rpps) over lines built in the official format.
#include "adapters/geo/PostcodeGeocoder.h"
#include "adapters/geo/loadReferenceData.h"
#include "adapters/rpps/RppsImporter.h"
#include "adapters/rpps/normalisePhone.h"
#include "tests/support/RppsLines.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

using namespace sas;
using adapters::geo::Commune;
using adapters::geo::PostcodeGeocoder;
using adapters::rpps::ActivityMapper;
using adapters::rpps::ImportReport;
using adapters::rpps::LineProblem;
using adapters::rpps::RppsImporter;
using adapters::rpps::SasActivityFilter;
using test::RppsActivityLine;

namespace
{

PostcodeGeocoder geocoder()
{
    return PostcodeGeocoder({{"33063", "BORDEAUX", "33000", "33", {44.8572445351, -0.57369678116}},
                             {"33281", "MERIGNAC", "33700", "33", {44.8322953289, -0.681733084891}},
                             {"31555", "TOULOUSE", "31000", "31", {43.5963814303, 1.43167293364}},
                             {"75111", "PARIS 11", "75011", "75", {48.8590592213, 2.38005411531}},
                             {"97411", "ST DENIS", "97400", "974", {-20.9329708192, 55.4467675182}}});
}

SasActivityFilter filter()
{
    return SasActivityFilter({"SM04", "SM40", "SM54"}, {"40", "50", "60", "70"});
}

RppsActivityLine gp(std::string rpps, std::string family, std::string postcode, std::string insee, std::string commune)
{
    RppsActivityLine line;
    line.id = std::move(rpps);
    line.family = std::move(family);
    line.given = "Anne";
    line.number = "12";
    line.streetType = "Rue";
    line.street = "SAINTE-CATHERINE";
    line.postcode = std::move(postcode);
    line.insee = std::move(insee);
    line.commune = std::move(commune);
    line.phone = "05 56 00 00 01";
    return line;
}

adapters::rpps::MappedLine mapText(ActivityMapper& mapper, const std::string& text, std::uint32_t number = 2)
{
    auto header = adapters::rpps::readRppsHeader(test::rppsHeader());
    EXPECT_TRUE(header.has_value());
    std::vector<std::string_view> scratch;
    adapters::rpps::RppsLine line;
    auto problem = adapters::rpps::splitRppsLine(text, *header, scratch, line);
    EXPECT_FALSE(problem.has_value()) << problem->reason;
    return mapper.map(line, number);
}

/// Records what the importer hands the port; apply() counts distinct practitioners and places as added.
class RecordingStore final : public core::DirectoryImportStore
{
public:
    core::Result<std::int64_t> beginRun(const std::string&, const core::ImportScope&) override
    {
        ++begun;
        return 7;
    }
    core::Status stage(std::int64_t, const std::vector<core::ImportedActivity>& activities) override
    {
        ++batches;
        staged.insert(staged.end(), activities.begin(), activities.end());
        return {};
    }
    core::Result<core::ImportApplied> apply(std::int64_t, const core::ImportScope&, std::size_t,
                                            const std::function<void(std::size_t, std::size_t)>& progress) override
    {
        ++applied;
        std::set<std::string> practitioners, places;
        for (const auto& a : staged)
        {
            practitioners.insert(a.practitioner.id);
            if (a.place)
                places.insert(a.place->place.id);
        }
        progress(1, 1);
        core::ImportApplied result;
        result.practitioners.added = practitioners.size();
        result.places.added = places.size();
        return result;
    }
    core::Status abandon(std::int64_t, const std::string& why) override
    {
        abandoned = why;
        return {};
    }
    core::Status complete(std::int64_t, const std::string&) override
    {
        ++completed;
        return {};
    }

    int begun = 0, batches = 0, applied = 0, completed = 0;
    std::string abandoned;
    std::vector<core::ImportedActivity> staged;
};

ImportReport importText(RecordingStore& store, const std::string& text, std::set<std::string> departements = {},
                        adapters::rpps::ImportOptions options = {})
{
    const auto places = geocoder();
    ActivityMapper mapper(filter(), places, departements);
    RppsImporter importer(store, mapper, options);
    std::istringstream in(text);
    return importer.run(in, "test.txt", {{departements.begin(), departements.end()}});
}

std::vector<std::uint32_t> lines(const adapters::rpps::LineList& list)
{
    std::vector<std::uint32_t> out;
    for (const auto& [line, detail] : list.first)
        out.push_back(line);
    return out;
}

} // namespace

TEST(RppsHeader, TheOfficialHeaderIsAcceptedAndItsColumnsFound)
{
    auto header = adapters::rpps::readRppsHeader(test::rppsHeader());
    ASSERT_TRUE(header.has_value()) << header.error().message;
    EXPECT_EQ(header->fieldCount, 53u); // 52 columns, each followed by '|'
    EXPECT_EQ(header->index[static_cast<std::size_t>(adapters::rpps::RppsField::SkillCode)], 15u);
    // The sample the ANS publishes (first line of ../shared/data/rpps) starts the same way.
    EXPECT_EQ(test::rppsHeader().substr(0, 42), "Type d'identifiant PP|Identifiant PP|Ident");
}

TEST(RppsHeader, RenamedColumnsWrongSeparatorAndLatin1AreNotThisExtraction)
{
    std::string renamed = test::rppsHeader();
    renamed.replace(renamed.find("Nom d'exercice"), 14, "Nom");
    renamed.replace(renamed.find("Code postal (coord. structure)"), 30, "CP");
    auto missing = adapters::rpps::readRppsHeader(renamed);
    ASSERT_FALSE(missing.has_value());
    ASSERT_EQ(missing.error().issues.size(), 2u);
    EXPECT_EQ(missing.error().issues[0].diagnostics, "line 1: column 'Nom d'exercice' is missing (renamed?)");
    EXPECT_EQ(missing.error().issues[1].diagnostics, "line 1: column 'Code postal (coord. structure)' is missing (renamed?)");

    std::string semicolons = test::rppsHeader();
    for (char& c : semicolons)
        if (c == '|')
            c = ';';
    auto separator = adapters::rpps::readRppsHeader(semicolons);
    ASSERT_FALSE(separator.has_value());
    EXPECT_NE(separator.error().message.find("not separated by '|' (found ';')"), std::string::npos) << separator.error().message;

    std::string latin1 = test::rppsHeader();
    latin1.replace(latin1.find("Code civilit\xC3\xA9"), 15, "Code civilit\xE9"); // é in ISO-8859-1
    auto encoding = adapters::rpps::readRppsHeader(latin1);
    ASSERT_FALSE(encoding.has_value());
    EXPECT_NE(encoding.error().message.find("not UTF-8"), std::string::npos);
}

TEST(RppsLine, TruncatedOverlongAndLatin1LinesAreProblems)
{
    auto header = *adapters::rpps::readRppsHeader(test::rppsHeader());
    std::vector<std::string_view> scratch;
    adapters::rpps::RppsLine line;
    const std::string good = gp("10000000001", "MARTIN", "33000", "33063", "BORDEAUX").text();
    EXPECT_FALSE(adapters::rpps::splitRppsLine(good, header, scratch, line).has_value());
    EXPECT_EQ(line[adapters::rpps::RppsField::FamilyName], "MARTIN");

    auto truncated = adapters::rpps::splitRppsLine(good.substr(0, 120), header, scratch, line);
    ASSERT_TRUE(truncated.has_value());
    EXPECT_EQ(truncated->reason, "truncated line");

    auto overlong = adapters::rpps::splitRppsLine(good + "extra|", header, scratch, line);
    ASSERT_TRUE(overlong.has_value());
    EXPECT_EQ(overlong->reason, "too many fields");

    std::string latin1 = gp("10000000001", "B\xC9RANGER", "33000", "33063", "BORDEAUX").text();
    auto encoding = adapters::rpps::splitRppsLine(latin1, header, scratch, line);
    ASSERT_TRUE(encoding.has_value());
    EXPECT_EQ(encoding->reason, "not UTF-8 (Latin-1 bytes?)");
    EXPECT_EQ(adapters::rpps::firstInvalidUtf8("\xED\xA0\x80"), 0u); // a UTF-16 surrogate
    EXPECT_EQ(adapters::rpps::firstInvalidUtf8("ok \xC0\xAF"), 3u);  // overlong '/'
    EXPECT_EQ(adapters::rpps::firstInvalidUtf8("Bérangère"), std::string_view::npos);
}

TEST(RppsMapping, AGeneralPractitionerBecomesAPractitionerAndAPlaceAtItsCommune)
{
    const auto places = geocoder();
    ActivityMapper mapper(filter(), places, {});
    auto line = gp("10001234567", "MARTIN", "33000", "33063", "BORDEAUX");
    line.structure = "R10000000123456";
    line.siret = "12345678900011";
    auto mapped = mapText(mapper, line.text(), 5);
    auto* activity = std::get_if<core::ImportedActivity>(&mapped);
    ASSERT_NE(activity, nullptr);
    EXPECT_EQ(activity->line, 5u);
    EXPECT_EQ(activity->practitioner.id, "810001234567");
    EXPECT_EQ(activity->practitioner.nationalId.kind, core::NationalId::Kind::Rpps);
    EXPECT_EQ(activity->practitioner.familyName, "MARTIN");
    EXPECT_EQ(activity->practitioner.givenName, "Anne");
    EXPECT_EQ(activity->practitioner.profession, "Médecin");
    EXPECT_EQ(activity->practitioner.specialties, std::vector<std::string>{"SM54"});
    EXPECT_EQ(activity->civility, "DR");
    ASSERT_TRUE(activity->place.has_value());
    const core::Place& place = activity->place->place;
    EXPECT_EQ(place.id, "810001234567-R10000000123456");
    EXPECT_EQ(place.address, "12 Rue SAINTE-CATHERINE, 33000 BORDEAUX");
    EXPECT_EQ(place.postcode, "33000");
    EXPECT_EQ(place.inseeCode, "33063");
    EXPECT_EQ(place.departement, "33");
    EXPECT_NEAR(place.location.latitude, 44.8572, 1e-3);
    EXPECT_EQ(place.phone, "+33556000001");
    EXPECT_EQ(place.timeZone, "Europe/Paris");
    EXPECT_EQ(activity->place->precision, core::GeoPrecision::Commune);
    EXPECT_EQ(activity->place->siret, "12345678900011");
    EXPECT_EQ(activity->place->structureRef, "R10000000123456");
}

TEST(RppsMapping, OnlyJdvJ239ActivitiesAreKept)
{
    const auto places = geocoder();
    ActivityMapper mapper(filter(), places, {});
    auto surgeon = gp("10001234567", "MARTIN", "33000", "33063", "BORDEAUX");
    surgeon.skill = "SM53"; // chirurgie générale: not searched by the SAS
    EXPECT_TRUE(std::holds_alternative<adapters::rpps::NotSas>(mapText(mapper, surgeon.text())));
    auto pharmacist = gp("10001234568", "DURAND", "33000", "33063", "BORDEAUX");
    pharmacist.profession = "21";
    pharmacist.skill.clear();
    EXPECT_TRUE(std::holds_alternative<adapters::rpps::NotSas>(mapText(mapper, pharmacist.text())));

    // A nurse known only by ADELI: prefix 0, searched under her profession code.
    auto nurse = gp("330012345", "LEROY", "33700", "33281", "MERIGNAC");
    nurse.idType = "0";
    nurse.profession = "60";
    nurse.professionLabel = "Infirmier";
    nurse.skill.clear();
    nurse.civility.clear();
    auto mapped = mapText(mapper, nurse.text());
    auto* activity = std::get_if<core::ImportedActivity>(&mapped);
    ASSERT_NE(activity, nullptr);
    EXPECT_EQ(activity->practitioner.id, "0330012345");
    EXPECT_EQ(activity->practitioner.nationalId.kind, core::NationalId::Kind::Adeli);
    EXPECT_EQ(activity->practitioner.specialties, std::vector<std::string>{"60"});
    EXPECT_EQ(activity->civility, "M");
    // No structure id, SIRET or FINESS: the site is named by its address.
    EXPECT_EQ(activity->place->place.id.substr(0, 12), "0330012345-A");
}

TEST(RppsMapping, MissingCoordinatesOverseasAndScope)
{
    const auto places = geocoder();
    ActivityMapper mapper(filter(), places, {});
    // A postcode the table does not know: the practitioner is imported without this place.
    auto unknown = gp("10001234567", "MARTIN", "33999", "", "NULLEPART");
    auto mapped = mapText(mapper, unknown.text());
    ASSERT_TRUE(std::holds_alternative<core::ImportedActivity>(mapped));
    EXPECT_FALSE(std::get<core::ImportedActivity>(mapped).place.has_value());
    // No address at all (common in the extraction): likewise.
    auto none = gp("10001234567", "MARTIN", "", "", "");
    none.street.clear();
    mapped = mapText(mapper, none.text());
    ASSERT_TRUE(std::holds_alternative<core::ImportedActivity>(mapped));
    EXPECT_FALSE(std::get<core::ImportedActivity>(mapped).place.has_value());

    // Postcode without INSEE code: placed at the postcode's commune, recorded as such.
    auto postcodeOnly = gp("10001234569", "PETIT", "31000", "", "TOULOUSE");
    mapped = mapText(mapper, postcodeOnly.text());
    ASSERT_TRUE(std::get<core::ImportedActivity>(mapped).place.has_value());
    EXPECT_EQ(std::get<core::ImportedActivity>(mapped).place->precision, core::GeoPrecision::Postcode);
    EXPECT_EQ(std::get<core::ImportedActivity>(mapped).place->place.inseeCode, "31555");

    auto reunion = gp("10001234570", "HOARAU", "97400", "97411", "ST DENIS");
    reunion.phone = "0262 12 34 56";
    mapped = mapText(mapper, reunion.text());
    const core::Place& place = std::get<core::ImportedActivity>(mapped).place->place;
    EXPECT_EQ(place.departement, "974");
    EXPECT_EQ(place.timeZone, "Indian/Reunion");
    EXPECT_EQ(place.phone, "+262262123456");

    ActivityMapper gironde(filter(), places, {"33"});
    EXPECT_TRUE(std::holds_alternative<adapters::rpps::OutOfScope>(mapText(gironde, reunion.text())));
    EXPECT_TRUE(std::holds_alternative<core::ImportedActivity>(
        mapText(gironde, gp("10001234567", "MARTIN", "33000", "33063", "BORDEAUX").text())));
}

TEST(RppsMapping, BadIdentifiersAreProblems)
{
    const auto places = geocoder();
    ActivityMapper mapper(filter(), places, {});
    auto shortRpps = gp("1234", "MARTIN", "33000", "33063", "BORDEAUX");
    auto mapped = mapText(mapper, shortRpps.text());
    ASSERT_TRUE(std::holds_alternative<LineProblem>(mapped));
    EXPECT_EQ(std::get<LineProblem>(mapped).reason, "invalid RPPS/ADELI number");
    auto type = gp("10001234567", "MARTIN", "33000", "33063", "BORDEAUX");
    type.idType = "3";
    mapped = mapText(mapper, type.text());
    EXPECT_EQ(std::get<LineProblem>(mapped).reason, "unknown identifier type");
}

TEST(RppsPhone, FrenchNumbersInE164)
{
    using adapters::rpps::normalisePhone;
    EXPECT_EQ(normalisePhone("01 23 45 67 89"), "+33123456789");
    EXPECT_EQ(normalisePhone("01.23.45.67.89"), "+33123456789");
    EXPECT_EQ(normalisePhone("0123456789"), "+33123456789");
    EXPECT_EQ(normalisePhone("+33 1 23 45 67 89"), "+33123456789");
    EXPECT_EQ(normalisePhone("0033123456789"), "+33123456789");
    EXPECT_EQ(normalisePhone("0590 12 34 56"), "+590590123456");
    EXPECT_EQ(normalisePhone("0696 12 34 56"), "+596696123456");
    EXPECT_EQ(normalisePhone(""), std::nullopt);
    EXPECT_EQ(normalisePhone("12 34"), std::nullopt);
    EXPECT_EQ(normalisePhone("00 12 34 56 78"), std::nullopt);
    EXPECT_EQ(normalisePhone("01 23 45 67 89 poste 12"), std::nullopt);
}

TEST(RppsImporter, StreamsKeepsSasActivitiesAndReportsEveryBadLineByNumber)
{
    const std::string header = test::rppsHeader() + "\n";
    auto site1 = gp("10001234567", "MARTIN", "33000", "33063", "BORDEAUX");
    site1.structure = "R1";
    auto site2 = gp("10001234567", "MARTIN", "31000", "31555", "TOULOUSE");
    site2.structure = "R2";
    auto paediatrics = site1; // same site, a second JDV_J239 specialty
    paediatrics.skill = "SM40";
    auto surgeon = gp("10009999999", "DURAND", "33000", "33063", "BORDEAUX");
    surgeon.skill = "SM53";
    std::string text = header +
                       site1.text() + "\n" +                                         // 2
                       site2.text() + "\r\n" +                                       // 3 (CRLF tolerated)
                       paediatrics.text() + "\n" +                                   // 4
                       surgeon.text() + "\n" +                                       // 5 not SAS
                       site1.text() + "\n" +                                         // 6 duplicate of 2
                       site2.text().substr(0, 80) + "\n" +                           // 7 truncated
                       gp("10001111111", "L\xC9VY", "33000", "33063", "BORDEAUX").text() + "\n" + // 8 Latin-1
                       "\n" +                                                        // 9 empty
                       gp("10002222222", "PETIT", "75011", "75111", "PARIS 11").text() + "\n"; // 10
    RecordingStore store;
    auto report = importText(store, text);
    ASSERT_FALSE(report.failure.has_value()) << report.failure->message;
    EXPECT_EQ(report.lines, 9u);
    EXPECT_EQ(report.sasActivities, 4u);
    EXPECT_EQ(report.notSas, 1u);
    EXPECT_EQ(report.rejectedCount(), 4u);
    EXPECT_EQ(lines(report.rejected["duplicate line"]), std::vector<std::uint32_t>{6});
    EXPECT_EQ(report.rejected["duplicate line"].first[0].second, "same as line 2");
    EXPECT_EQ(lines(report.rejected["truncated line"]), std::vector<std::uint32_t>{7});
    EXPECT_EQ(lines(report.rejected["not UTF-8 (Latin-1 bytes?)"]), std::vector<std::uint32_t>{8});
    EXPECT_EQ(lines(report.rejected["empty line"]), std::vector<std::uint32_t>{9});
    ASSERT_EQ(store.staged.size(), 4u);
    EXPECT_EQ(store.staged[0].place->place.id, "810001234567-R1");
    EXPECT_EQ(store.staged[1].place->place.id, "810001234567-R2"); // multi-site: one place per site
    EXPECT_EQ(store.staged[1].place->place.departement, "31");
    EXPECT_EQ(store.staged[2].practitioner.specialties, std::vector<std::string>{"SM40"});
    EXPECT_EQ(store.applied, 1);
    EXPECT_EQ(store.completed, 1);
    EXPECT_EQ(report.applied->practitioners.added, 2u);
    EXPECT_EQ(report.applied->places.added, 3u);

    const std::string summary = adapters::rpps::formatImportReport(report);
    EXPECT_NE(summary.find("rejected, duplicate line: 1 (line 6: same as line 2)"), std::string::npos) << summary;
    EXPECT_NE(summary.find("rejected, truncated line: 1 (line 7: "), std::string::npos) << summary;
    EXPECT_NE(summary.find("places: 3 added, 0 updated, 0 unchanged, 0 deactivated"), std::string::npos) << summary;
    EXPECT_EQ(summary.find("MARTIN"), std::string::npos) << "no names in the summary";
}

TEST(RppsImporter, ScopeKeepsOnlyItsDepartements)
{
    std::string text = test::rppsHeader() + "\n" + gp("10001234567", "MARTIN", "33000", "33063", "BORDEAUX").text() +
                       "\n" + gp("10002222222", "PETIT", "75011", "75111", "PARIS 11").text() + "\n" +
                       gp("10003333333", "ROUX", "31000", "31555", "TOULOUSE").text() + "\n";
    RecordingStore store;
    auto report = importText(store, text, {"31", "33"});
    ASSERT_FALSE(report.failure.has_value());
    EXPECT_EQ(report.sasActivities, 2u);
    EXPECT_EQ(report.outOfScope, 1u);
}

TEST(RppsImporter, AFileThatIsNotTheExtractionWritesNothing)
{
    RecordingStore store;
    auto report = importText(store, "id;nom;prenom\n1;MARTIN;Anne\n");
    ASSERT_TRUE(report.failure.has_value());
    EXPECT_EQ(report.failure->code, core::ErrorCode::Invalid);
    EXPECT_EQ(store.begun, 0);
    EXPECT_TRUE(store.staged.empty());

    RecordingStore empty;
    report = importText(empty, "");
    ASSERT_TRUE(report.failure.has_value());
    EXPECT_EQ(empty.begun, 0);
}

TEST(RppsImporter, AFileTurningToGarbageStopsBeforeApplying)
{
    std::string text = test::rppsHeader() + "\n";
    for (int i = 0; i < 50; ++i)
        text += gp("1000000" + std::to_string(1000 + i), "MARTIN", "33000", "33063", "BORDEAUX").text() + "\n";
    for (int i = 0; i < 200; ++i)
        text += "garbage|" + std::to_string(i) + "\n";
    RecordingStore store;
    adapters::rpps::ImportOptions options;
    options.stageBatch = 10;
    auto report = importText(store, text, {}, options);
    ASSERT_TRUE(report.failure.has_value());
    EXPECT_FALSE(report.applyStarted);
    EXPECT_EQ(store.applied, 0);
    EXPECT_FALSE(store.abandoned.empty());
    EXPECT_GE(store.batches, 5); // streamed in batches before the problem showed
    EXPECT_NE(adapters::rpps::formatImportReport(report).find("the directory is unchanged"), std::string::npos);
}

TEST(RppsImporter, AReadErrorMidwayStopsBeforeApplying)
{
    // A stream whose device fails after the first lines (a disk or network error).
    class FailingBuffer final : public std::streambuf
    {
    public:
        explicit FailingBuffer(std::string text) : _text(std::move(text)) { setg(_text.data(), _text.data(), _text.data() + _text.size()); }

    protected:
        int_type underflow() override { throw std::ios_base::failure("device error"); }

    private:
        std::string _text;
    };
    FailingBuffer buffer(test::rppsHeader() + "\n" + gp("10001234567", "MARTIN", "33000", "33063", "BORDEAUX").text() + "\n");
    std::istream in(&buffer);
    RecordingStore store;
    const auto places = geocoder();
    ActivityMapper mapper(filter(), places, {});
    RppsImporter importer(store, mapper);
    auto report = importer.run(in, "broken", {});
    ASSERT_TRUE(report.failure.has_value());
    EXPECT_TRUE(report.readFailed);
    EXPECT_EQ(store.applied, 0);
    EXPECT_FALSE(store.abandoned.empty());
}

TEST(RppsImporter, TheAnsSampleImportsWithTheRealReferenceData)
{
    // The published cut of the real file (tests/fixtures/rpps), the La Poste table and JDV_J239 from data/.
    auto places = PostcodeGeocoder::fromFile(std::string(SAS_SOURCE_DIR) + "/data/geo/laposte_hexasmal.csv");
    ASSERT_TRUE(places) << places.error().message;
    auto catalog = adapters::geo::loadSpecialtyCatalog(std::string(SAS_SOURCE_DIR) +
                                                       "/data/terminology/JDV-J239-SpecialitesSNP-SAS.json");
    ASSERT_TRUE(catalog) << catalog.error().message;
    ActivityMapper mapper(SasActivityFilter(*catalog), *places, {});
    RecordingStore store;
    RppsImporter importer(store, mapper);
    std::ifstream in(std::string(SAS_SOURCE_DIR) + "/tests/fixtures/rpps/PS_LibreAcces_Personne_activite_sample.txt");
    auto report = importer.run(in, "sample", {});
    ASSERT_FALSE(report.failure.has_value()) << report.failure->message;
    EXPECT_EQ(report.lines, 22u);
    EXPECT_EQ(report.rejectedCount(), 0u);
    // An orthoptist (ADELI, postcode only) and a gynaecologist-obstetrician (RPPS, no address): the only SAS lines.
    EXPECT_EQ(report.sasActivities, 2u);
    EXPECT_EQ(report.notSas, 20u);
    ASSERT_EQ(store.staged.size(), 2u);
    EXPECT_EQ(store.staged[0].practitioner.id, "0019200575");
    EXPECT_EQ(store.staged[0].practitioner.specialties, std::vector<std::string>{"92"});
    ASSERT_TRUE(store.staged[0].place.has_value());
    EXPECT_EQ(store.staged[0].place->place.departement, "01");
    EXPECT_EQ(store.staged[0].place->precision, core::GeoPrecision::Postcode);
    EXPECT_EQ(store.staged[1].practitioner.id, "810106476764");
    EXPECT_EQ(store.staged[1].practitioner.specialties, std::vector<std::string>{"SM20"});
    EXPECT_FALSE(store.staged[1].place.has_value());
    EXPECT_EQ(lines(report.withoutPlace), std::vector<std::uint32_t>{23});
}
