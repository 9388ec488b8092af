#include "adapters/postgres/PgOrientationScope.h"

#include <Poco/UUIDGenerator.h>

namespace sas::adapters::postgres
{
namespace
{

using core::ErrorCode;

const std::string ORIENTATION_COLUMNS =
    "o.id, o.source, o.source_key, coalesce(o.resource_id, ''), o.regulator_system, o.regulator_value, "
    "o.regulator_account_id, coalesce(o.practitioner_id, ''), coalesce(o.practitioner_last, ''), "
    "coalesce(o.practitioner_first, ''), coalesce(o.practitioner_specialty, ''), "
    "coalesce(o.practitioner_profession, ''), coalesce(o.structure_id, ''), coalesce(o.structure_name, ''), "
    "coalesce(o.category, ''), o.status, extract(epoch FROM o.start_at)::bigint, "
    "extract(epoch FROM o.end_at)::bigint, extract(epoch FROM o.created_at)::bigint, "
    "extract(epoch FROM o.updated_at)::bigint, o.revision";

const std::string ACCOUNT_COLUMNS = "account_id, coalesce(national_id, ''), coalesce(technical_id, ''), last_name, "
                                    "first_name, email, territory";

core::Instant instantOf(std::string_view text)
{
    return core::Instant(std::chrono::seconds(std::stoll(std::string(text))));
}

std::string epochOf(core::Instant instant)
{
    return std::to_string(instant.time_since_epoch().count());
}

PgParam optionalText(const std::string& text)
{
    return text.empty() ? PgParam() : PgParam(text);
}

core::OrientationRegulator accountFrom(const PgResult& rows, int row, int first)
{
    auto text = [&](int column) { return std::string(rows.value(row, first + column)); };
    return core::OrientationRegulator{text(0), text(1), text(2), text(3), text(4), text(5), text(6)};
}

} // namespace

core::Result<std::optional<core::Orientation>> PgOrientationScope::find(const std::string& source,
                                                                        const std::string& sourceKey)
{
    // Two changes of one booking queue here, so revisions and messages follow the order of commits.
    if (auto locked = _connection.exec("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                                       {"orientation:" + source + "\n" + sourceKey});
        !locked)
        return core::fail(locked.error());
    auto rows = _connection.exec("SELECT " + ORIENTATION_COLUMNS + " FROM orientation o WHERE source = $1 AND source_key = $2",
                                 {source, sourceKey});
    if (!rows)
        return core::fail(rows.error());
    if (rows->rows() == 0)
        return std::optional<core::Orientation>();
    auto text = [&](int column) { return std::string(rows->value(0, column)); };
    core::Orientation orientation;
    orientation.id = text(0);
    orientation.source = text(1);
    orientation.sourceKey = text(2);
    orientation.resourceId = text(3);
    orientation.regulatorReference = core::RegulatorReference{text(4), text(5)};
    if (!text(7).empty())
        orientation.practitioner = core::OrientationPractitioner{text(7), text(8), text(9), text(10), text(11)};
    if (!text(12).empty())
        orientation.structure = core::OrientationStructure{text(12), text(13)};
    orientation.category = core::parseOrientationCategory(text(14));
    orientation.status = core::parseOrientationStatus(text(15)).value_or(core::OrientationStatus::Booked);
    orientation.start = instantOf(rows->value(0, 16));
    if (!rows->isNull(0, 17))
        orientation.end = instantOf(rows->value(0, 17));
    orientation.created = instantOf(rows->value(0, 18));
    orientation.updated = instantOf(rows->value(0, 19));
    orientation.revision = std::stoi(text(20));
    if (!rows->isNull(0, 6))
    {
        auto account = _connection.exec("SELECT " + ACCOUNT_COLUMNS + " FROM regulator_account WHERE account_id = $1",
                                        {text(6)});
        if (!account)
            return core::fail(account.error());
        if (account->rows() == 1)
            orientation.regulator = accountFrom(*account, 0, 0);
    }
    auto history = _connection.exec("SELECT status, extract(epoch FROM at)::bigint FROM orientation_status "
                                    "WHERE orientation_id = $1 ORDER BY revision",
                                    {orientation.id});
    if (!history)
        return core::fail(history.error());
    for (int row = 0; row < history->rows(); ++row)
        orientation.history.push_back(core::StatusChange{
            core::parseOrientationStatus(history->value(row, 0)).value_or(core::OrientationStatus::Booked),
            instantOf(history->value(row, 1))});
    return std::optional<core::Orientation>(std::move(orientation));
}

core::Result<std::optional<core::OrientationRegulator>> PgOrientationScope::regulator(const core::RegulatorReference& reference)
{
    if (reference.value.empty())
        return std::optional<core::OrientationRegulator>();
    // The national id or the SAS technical id, whichever the booking gives (the IG's own examples put the national
    // id under the structure OID now and then, so the value decides, not the system).
    auto rows = _connection.exec("SELECT " + ACCOUNT_COLUMNS +
                                     " FROM regulator_account WHERE national_id = $1 OR technical_id = $1 "
                                     "ORDER BY (national_id = $1) DESC LIMIT 1",
                                 {reference.value});
    if (!rows)
        return core::fail(rows.error());
    if (rows->rows() == 0)
        return std::optional<core::OrientationRegulator>();
    return std::optional<core::OrientationRegulator>(accountFrom(*rows, 0, 0));
}

std::string PgOrientationScope::newId()
{
    return Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
}

core::Status PgOrientationScope::save(const core::Orientation& o, bool statusChanged)
{
    const core::OrientationPractitioner practitioner = o.practitioner.value_or(core::OrientationPractitioner{});
    const core::OrientationStructure structure = o.structure.value_or(core::OrientationStructure{});
    auto saved = _connection.exec(
        "INSERT INTO orientation (id, source, source_key, resource_id, regulator_system, regulator_value, "
        "regulator_account_id, practitioner_id, practitioner_last, practitioner_first, practitioner_specialty, "
        "practitioner_profession, structure_id, structure_name, category, status, start_at, end_at, created_at, "
        "updated_at, revision) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
        "to_timestamp($17), to_timestamp($18), to_timestamp($19), to_timestamp($20), $21) "
        "ON CONFLICT (id) DO UPDATE SET resource_id = EXCLUDED.resource_id, regulator_system = EXCLUDED.regulator_system, "
        "regulator_value = EXCLUDED.regulator_value, regulator_account_id = EXCLUDED.regulator_account_id, "
        "practitioner_id = EXCLUDED.practitioner_id, practitioner_last = EXCLUDED.practitioner_last, "
        "practitioner_first = EXCLUDED.practitioner_first, practitioner_specialty = EXCLUDED.practitioner_specialty, "
        "practitioner_profession = EXCLUDED.practitioner_profession, structure_id = EXCLUDED.structure_id, "
        "structure_name = EXCLUDED.structure_name, category = EXCLUDED.category, status = EXCLUDED.status, "
        "start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, updated_at = EXCLUDED.updated_at, "
        "revision = EXCLUDED.revision",
        {o.id, o.source, o.sourceKey, optionalText(o.resourceId), o.regulatorReference.system, o.regulatorReference.value,
         o.regulator ? PgParam(o.regulator->accountId) : PgParam(), optionalText(practitioner.nationalId),
         optionalText(practitioner.lastName), optionalText(practitioner.firstName),
         optionalText(practitioner.specialtyCode), optionalText(practitioner.professionCode),
         optionalText(structure.nationalId), optionalText(structure.name),
         o.category ? PgParam(core::toString(*o.category)) : PgParam(), core::toString(o.status), epochOf(o.start),
         o.end ? PgParam(epochOf(*o.end)) : PgParam(), epochOf(o.created), epochOf(o.updated),
         std::to_string(o.revision)});
    if (!saved)
        return core::fail(saved.error());
    if (!statusChanged || o.history.empty())
        return {};
    auto history = _connection.exec("INSERT INTO orientation_status (orientation_id, revision, status, at) "
                                    "VALUES ($1, $2, $3, to_timestamp($4))",
                                    {o.id, std::to_string(o.revision), core::toString(o.history.back().status),
                                     epochOf(o.history.back().at)});
    return history ? core::Status{} : core::fail(history.error());
}

core::Status PgOrientationScope::notify(const core::Orientation& orientation, core::orientation::OrientationChange change)
{
    for (const auto& message : _messages.compose(orientation, change))
    {
        auto row = _connection.exec(
            "INSERT INTO hub_message (orientation_id, revision, recipient, method, distribution_id, body, state, "
            "error_text, outcome_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $7 = 'rejected' THEN "
            "clock_timestamp() END) RETURNING id",
            {orientation.id, std::to_string(orientation.revision), optionalText(message.recipient), message.method,
             optionalText(message.distributionId), optionalText(message.body), message.rejected ? "rejected" : "queued",
             optionalText(message.error)});
        if (!row)
            return core::fail(row.error());
        auto event = _connection.exec("INSERT INTO hub_event (message_id, direction, kind, distribution_id, detail) "
                                      "VALUES ($1, 'out', $2, $3, $4)",
                                      {std::string(row->value(0, 0)), message.rejected ? "rejected" : "queued",
                                       optionalText(message.distributionId), optionalText(message.error)});
        if (!event)
            return core::fail(event.error());
        if (!message.rejected)
            ++_queued;
    }
    return {};
}

} // namespace sas::adapters::postgres
