// Directory import against a real PostgreSQL (migration 0008): only differences applied, deactivation instead of
// deletion, what users entered never overwritten, interrupted imports leave the directory as it was.
#include "adapters/geo/PostcodeGeocoder.h"
#include "adapters/postgres/Migrator.h"
#include "adapters/postgres/PgAgendaStore.h"
#include "adapters/postgres/PgDirectoryImportStore.h"
#include "adapters/postgres/PgPool.h"
#include "adapters/rpps/RppsImporter.h"
#include "tests/support/RppsLines.h"
#include "tests/support/TestPostgres.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace sas;
using adapters::postgres::PgConnection;
using adapters::postgres::PgDirectoryImportStore;
using adapters::rpps::ImportReport;
using test::RppsActivityLine;

namespace
{

adapters::geo::PostcodeGeocoder geocoder()
{
    return adapters::geo::PostcodeGeocoder({{"33063", "BORDEAUX", "33000", "33", {44.8572445351, -0.57369678116}},
                                            {"33281", "MERIGNAC", "33700", "33", {44.8322953289, -0.681733084891}},
                                            {"31555", "TOULOUSE", "31000", "31", {43.5963814303, 1.43167293364}},
                                            {"75111", "PARIS 11", "75011", "75", {48.8590592213, 2.38005411531}}});
}

RppsActivityLine activity(std::string rpps, std::string family, std::string structure, std::string postcode,
                          std::string insee, std::string commune)
{
    RppsActivityLine line;
    line.id = std::move(rpps);
    line.family = std::move(family);
    line.given = "Anne";
    line.structure = std::move(structure);
    line.number = "3";
    line.streetType = "Place";
    line.street = "DE LA VICTOIRE";
    line.postcode = std::move(postcode);
    line.insee = std::move(insee);
    line.commune = std::move(commune);
    line.phone = "0556000001";
    return line;
}

// The day-one extraction: a GP at two sites (Gironde, Haute-Garonne), a nurse known by ADELI, a Paris GP, a GP
// without an address.
struct Directory
{
    RppsActivityLine gpBordeaux = activity("10000000001", "MARTIN", "R1", "33000", "33063", "BORDEAUX");
    RppsActivityLine gpToulouse = activity("10000000001", "MARTIN", "R2", "31000", "31555", "TOULOUSE");
    RppsActivityLine nurse = [] {
        auto line = activity("330000001", "LEROY", "", "33700", "33281", "MERIGNAC");
        line.idType = "0";
        line.profession = "60";
        line.professionLabel = "Infirmier";
        line.skill.clear();
        return line;
    }();
    RppsActivityLine gpParis = activity("10000000002", "DURAND", "R3", "75011", "75111", "PARIS 11");
    RppsActivityLine gpNoAddress = activity("10000000003", "PETIT", "", "", "", "");
    std::vector<RppsActivityLine> extra;

    std::string file(bool withParis = true) const
    {
        std::string text = test::rppsHeader() + "\n";
        for (const auto* line : {&gpBordeaux, &gpToulouse, &nurse, &gpNoAddress})
            text += line->text() + "\n";
        if (withParis)
            text += gpParis.text() + "\n";
        for (const auto& line : extra)
            text += line.text() + "\n";
        return text;
    }
};

class DirectoryImportTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite() { postgres = new test::TestPostgres(); }
    static void TearDownTestSuite()
    {
        delete postgres;
        postgres = nullptr;
    }

    void SetUp() override
    {
        const std::string name = std::string("import_") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
        std::string database;
        for (char c : name)
            database += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        dsn = postgres->createDatabase(database.substr(0, 60));
        db = postgres->connect(dsn);
        auto migrated = adapters::postgres::Migrator(adapters::postgres::builtInMigrations()).migrate(*db);
        ASSERT_TRUE(migrated) << migrated.error().message;
        adapters::postgres::PgPoolConfig config;
        config.dsn = dsn;
        pool = std::make_unique<adapters::postgres::PgPool>(config);
        agenda = std::make_unique<adapters::postgres::PgAgendaStore>(*pool);
    }

    ImportReport import(const std::string& text, std::vector<std::string> departements = {})
    {
        auto connection = postgres->connect(dsn);
        PgDirectoryImportStore store(*connection, core::AuditAgent{"operator", "ops-test", ""});
        const auto places = geocoder();
        adapters::rpps::ActivityMapper mapper(adapters::rpps::SasActivityFilter({"SM54", "SM40"}, {"60"}), places,
                                              {departements.begin(), departements.end()});
        adapters::rpps::ImportOptions options;
        options.applyBatch = 2; // several transactions even for these few practitioners
        adapters::rpps::RppsImporter importer(store, mapper, options);
        std::istringstream in(text);
        return importer.run(in, "PS_LibreAcces_Personne_activite_test.txt", {departements});
    }

    std::string value(const std::string& sql)
    {
        auto rows = db->exec(sql);
        EXPECT_TRUE(rows) << (rows ? "" : rows.error().message);
        if (!rows || rows->rows() == 0)
            return "<none>";
        return std::string(rows->value(0, 0));
    }

    static void expectCounts(const core::ImportCounts& counts, std::size_t added, std::size_t updated,
                             std::size_t unchanged, std::size_t deactivated)
    {
        EXPECT_EQ(counts.added, added);
        EXPECT_EQ(counts.updated, updated);
        EXPECT_EQ(counts.unchanged, unchanged);
        EXPECT_EQ(counts.deactivated, deactivated);
    }

    static test::TestPostgres* postgres;
    std::string dsn;
    std::unique_ptr<PgConnection> db;
    std::unique_ptr<adapters::postgres::PgPool> pool;
    std::unique_ptr<adapters::postgres::PgAgendaStore> agenda;
};

test::TestPostgres* DirectoryImportTest::postgres = nullptr;

} // namespace

TEST_F(DirectoryImportTest, ImportThenDailyUpdatesApplyOnlyDifferencesAndKeepWhatUsersEntered)
{
    Directory day1;
    auto first = import(day1.file());
    ASSERT_FALSE(first.failure) << first.failure->message;
    expectCounts(first.applied->practitioners, 4, 0, 0, 0);
    expectCounts(first.applied->places, 4, 0, 0, 0);
    EXPECT_EQ(first.withoutPlace.count, 1u);
    EXPECT_EQ(value("SELECT family_name || ' ' || given_name || ' ' || civility || ' ' || profession || ' ' || "
                    "array_to_string(specialties, ',') || ' ' || source FROM sas_practitioner WHERE id = '810000000001'"),
              "MARTIN Anne DR Médecin SM54 rpps");
    EXPECT_EQ(value("SELECT id_kind || ' ' || national_id || ' ' || array_to_string(specialties, ',') FROM sas_practitioner "
                    "WHERE id = '0330000001'"),
              "adeli 330000001 60");
    EXPECT_EQ(value("SELECT address || ' | ' || insee_code || ' ' || departement || ' ' || phone || ' ' || geo_precision || "
                    "' ' || structure_ref || ' ' || round(latitude::numeric, 3) FROM sas_place WHERE id = '810000000001-R2'"),
              "3 Place DE LA VICTOIRE, 31000 TOULOUSE | 31555 31 +33556000001 commune R2 43.596");
    EXPECT_EQ(value("SELECT count(*) FROM sas_place WHERE practitioner_id = '810000000003'"), "0");
    EXPECT_EQ(value("SELECT state FROM directory_import_run ORDER BY id DESC LIMIT 1"), "completed");
    EXPECT_EQ(value("SELECT count(*) FROM directory_import_activity"), "0");
    // One audit event for the whole run, its counts only: no name, address or phone of the file.
    EXPECT_EQ(value("SELECT count(*) FROM audit_event"), "1");
    EXPECT_EQ(value("SELECT agent_kind || ' ' || agent_id || ' ' || action || ' ' || subtype || ' ' || entity_type || ' ' || "
                    "(entity_id = (SELECT max(id)::text FROM directory_import_run)) FROM audit_event"),
              "operator ops-test U import DirectoryImport true");
    const std::string detail = value("SELECT detail FROM audit_event");
    EXPECT_NE(detail.find("practitioners-added=4;"), std::string::npos) << detail;
    EXPECT_NE(detail.find("places-added=4;"), std::string::npos) << detail;
    for (const char* personal : {"MARTIN", "Anne", "VICTOIRE", "+33556000001", "810000000001"})
        EXPECT_EQ(detail.find(personal), std::string::npos) << personal;

    // What the gateway's users enter: participation settings and identity, the agenda SAS, regulator information.
    core::Practitioner martin;
    martin.id = "810000000001";
    martin.nationalId = {core::NationalId::Kind::Rpps, "10000000001"};
    martin.familyName = "MARTIN";
    martin.givenName = "Anne";
    martin.profession = "Médecin";
    martin.specialties = {"SM54"};
    core::ParticipationSettings settings;
    settings.participates = true;
    settings.via = core::ParticipationVia::Individual;
    settings.hoursDeclared = true;
    ASSERT_TRUE(agenda->savePractitioner(martin, "doctor-martin", settings, core::AuditRecord{}));
    ASSERT_TRUE(db->exec("UPDATE sas_place SET additional_info = 'Entrée par la cour', unavailable_indefinitely = false "
                         "WHERE id = '810000000001-R1'"));
    ASSERT_TRUE(db->exec("INSERT INTO sas_agenda_rule (place_id, first_date, weekly, start_minute, end_minute, plage, "
                         "capacity, modalities) VALUES ('810000000001-R1', '2026-12-01', true, 540, 600, false, 1, 1)"));

    // Day two: Martin's name changed and her Toulouse phone; Durand (Paris) left; a new GP arrived.
    Directory day2 = day1;
    day2.gpBordeaux.family = day2.gpToulouse.family = "MARTIN-ROUX";
    day2.gpToulouse.phone = "05 61 00 00 02";
    day2.extra.push_back(activity("10000000004", "NOEL", "R4", "33000", "33063", "BORDEAUX"));
    auto second = import(day2.file(false));
    ASSERT_FALSE(second.failure) << second.failure->message;
    expectCounts(second.applied->practitioners, 1, 1, 2, 1);
    expectCounts(second.applied->places, 1, 1, 2, 1);

    EXPECT_EQ(value("SELECT family_name FROM sas_practitioner WHERE id = '810000000001'"), "MARTIN-ROUX");
    EXPECT_EQ(value("SELECT phone FROM sas_place WHERE id = '810000000001-R2'"), "+33561000002");
    // Nothing users entered was touched.
    auto kept = agenda->settings("810000000001");
    ASSERT_TRUE(kept && *kept);
    EXPECT_TRUE((*kept)->participates);
    EXPECT_EQ((*kept)->via, core::ParticipationVia::Individual);
    EXPECT_TRUE((*kept)->hoursDeclared);
    EXPECT_EQ(value("SELECT identity FROM sas_practitioner WHERE id = '810000000001'"), "doctor-martin");
    EXPECT_EQ(value("SELECT additional_info FROM sas_place WHERE id = '810000000001-R1'"), "Entrée par la cour");
    EXPECT_EQ(value("SELECT count(*) FROM sas_agenda_rule WHERE place_id = '810000000001-R1'"), "1");
    // Durand is deactivated, not deleted: orientations that point at him stay valid, search no longer sees him.
    EXPECT_EQ(value("SELECT active FROM sas_practitioner WHERE id = '810000000002'"), "f");
    auto durand = agenda->loadPlace("810000000002-R3");
    ASSERT_TRUE(durand) << durand.error().message;
    EXPECT_FALSE(durand->active);
    auto martinPlace = agenda->loadPlace("810000000001-R1");
    ASSERT_TRUE(martinPlace);
    EXPECT_TRUE(martinPlace->active);

    // The same file again: nothing to do.
    auto third = import(day2.file(false));
    ASSERT_FALSE(third.failure);
    expectCounts(third.applied->practitioners, 0, 0, 4, 0);
    expectCounts(third.applied->places, 0, 0, 4, 0);

    // Durand back in the file: reactivated.
    day2.extra.push_back(day1.gpParis);
    auto fourth = import(day2.file(false));
    ASSERT_FALSE(fourth.failure);
    expectCounts(fourth.applied->practitioners, 0, 1, 4, 0);
    expectCounts(fourth.applied->places, 0, 1, 4, 0);
    EXPECT_EQ(value("SELECT active FROM sas_place WHERE id = '810000000002-R3'"), "t");
}

TEST_F(DirectoryImportTest, ATerritoryImportDeactivatesOnlyInItsDepartements)
{
    Directory all;
    ASSERT_FALSE(import(all.file()).failure);
    // A Gironde-only file that no longer lists Martin's Bordeaux site.
    std::string text = test::rppsHeader() + "\n" + all.nurse.text() + "\n" + all.gpToulouse.text() + "\n";
    auto report = import(text, {"33"});
    ASSERT_FALSE(report.failure) << report.failure->message;
    EXPECT_EQ(report.outOfScope, 1u);
    expectCounts(report.applied->places, 0, 0, 1, 1);
    EXPECT_EQ(value("SELECT active FROM sas_place WHERE id = '810000000001-R1'"), "f");
    EXPECT_EQ(value("SELECT active FROM sas_place WHERE id = '810000000001-R2'"), "t"); // Haute-Garonne: not this run's
    EXPECT_EQ(value("SELECT active FROM sas_place WHERE id = '810000000002-R3'"), "t"); // Paris: likewise
    EXPECT_EQ(value("SELECT active FROM sas_practitioner WHERE id = '810000000001'"), "t"); // still at work in Toulouse
}

TEST_F(DirectoryImportTest, AnImportThatFailsMidwayOrIsKilledLeavesTheDirectoryAsItWas)
{
    Directory day1;
    ASSERT_FALSE(import(day1.file()).failure);
    const std::string before = value("SELECT string_agg(id || family_name || active, ',' ORDER BY id) FROM sas_practitioner") +
                               value("SELECT string_agg(id || phone || active, ',' ORDER BY id) FROM sas_place");

    // A renamed practitioner, then the file turns to garbage (a bad transfer): stopped, nothing applied.
    Directory broken = day1;
    broken.gpBordeaux.family = "CHANGED";
    std::string text = broken.file(false);
    for (int i = 0; i < 150; ++i)
        text += "\xFF\xFE garbage " + std::to_string(i) + "\n";
    auto failed = import(text);
    ASSERT_TRUE(failed.failure);
    EXPECT_FALSE(failed.applyStarted);
    EXPECT_EQ(value("SELECT state FROM directory_import_run ORDER BY id DESC LIMIT 1"), "failed");
    EXPECT_EQ(value("SELECT count(*) FROM directory_import_activity"), "0");
    EXPECT_EQ(value("SELECT count(*) FROM audit_event"), "1"); // the first run's; the failed one changed nothing

    // A process killed while staging: its run stays 'staging' with rows until the next import clears them.
    {
        auto connection = postgres->connect(dsn);
        PgDirectoryImportStore store(*connection);
        auto run = store.beginRun("killed.txt", {});
        ASSERT_TRUE(run);
        core::ImportedActivity ghost;
        ghost.line = 2;
        ghost.practitioner.id = "810000000009";
        ghost.practitioner.nationalId = {core::NationalId::Kind::Rpps, "10000000009"};
        ghost.practitioner.familyName = "GHOST";
        ASSERT_TRUE(store.stage(*run, {ghost}));
        // While it holds the import lock, a second import is refused rather than interleaved.
        auto other = postgres->connect(dsn);
        PgDirectoryImportStore second(*other);
        auto refused = second.beginRun("concurrent.txt", {});
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().code, core::ErrorCode::Conflict);
    } // connection closed without apply(): the "kill"
    EXPECT_EQ(value("SELECT count(*) FROM directory_import_activity"), "1");
    const std::string after = value("SELECT string_agg(id || family_name || active, ',' ORDER BY id) FROM sas_practitioner") +
                              value("SELECT string_agg(id || phone || active, ',' ORDER BY id) FROM sas_place");
    EXPECT_EQ(after, before);

    // Rerunning works and ignores what the dead run staged.
    auto rerun = import(day1.file());
    ASSERT_FALSE(rerun.failure) << rerun.failure->message;
    expectCounts(rerun.applied->practitioners, 0, 0, 4, 0);
    EXPECT_EQ(value("SELECT count(*) FROM sas_practitioner WHERE id = '810000000009'"), "0");
    EXPECT_EQ(value("SELECT string_agg(state, ',' ORDER BY id) FROM directory_import_run"), "completed,failed,failed,completed");
}
