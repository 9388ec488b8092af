#include "adapters/postgres/PgHubOutbox.h"

#include "adapters/postgres/PgTransaction.h"
#include "adapters/postgres/toPgArray.h"

#include <algorithm>
#include <cstdio>

namespace sas::adapters::postgres
{
namespace
{

using core::ports::HubReply;
using core::ports::QueuedMessage;
using core::ports::ReplyOutcome;

const std::string MESSAGE_COLUMNS =
    "id, orientation_id, coalesce(recipient, ''), method, coalesce(distribution_id, ''), coalesce(body, ''), attempts";

QueuedMessage messageFrom(const PgResult& rows, int row)
{
    return QueuedMessage{std::stoll(std::string(rows.value(row, 0))), std::string(rows.value(row, 1)),
                         std::string(rows.value(row, 2)),            std::string(rows.value(row, 3)),
                         std::string(rows.value(row, 4)),            std::string(rows.value(row, 5)),
                         std::stoi(std::string(rows.value(row, 6)))};
}

const char* INSTANT = "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

std::string instant(const std::string& column)
{
    char text[160];
    std::snprintf(text, sizeof text, INSTANT, column.c_str());
    return text;
}

/// Hub errors worth a resend of the latest snapshot under a new id (lrm-hub.md §2.11): expired before routing (400),
/// dead-lettered (500), and the Hub's transient ones (301 schema not found, 600 conversion).
bool resendable(int code)
{
    return code == 400 || code == 500 || code == 301 || code == 600;
}

} // namespace

core::Result<std::vector<QueuedMessage>> PgHubOutbox::due(int limit)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec(
        "SELECT " + MESSAGE_COLUMNS + " FROM (SELECT DISTINCT ON (orientation_id) * FROM hub_message "
        "WHERE state = 'queued' ORDER BY orientation_id, id) oldest WHERE not_before <= clock_timestamp() "
        "ORDER BY id LIMIT $1",
        {std::to_string(limit)});
    if (!rows)
        return core::fail(rows.error());
    std::vector<QueuedMessage> messages;
    for (int row = 0; row < rows->rows(); ++row)
        messages.push_back(messageFrom(*rows, row));
    return messages;
}

core::Status PgHubOutbox::markSent(const std::vector<long long>& ids)
{
    if (ids.empty())
        return {};
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    std::vector<std::int64_t> values(ids.begin(), ids.end());
    auto done = (*connection)->exec(
        "WITH sent AS (UPDATE hub_message SET state = 'sent', published_at = clock_timestamp(), attempts = attempts + 1 "
        "WHERE id = ANY($1::bigint[]) AND state = 'queued' RETURNING id, distribution_id) "
        "INSERT INTO hub_event (message_id, direction, kind, distribution_id) SELECT id, 'out', 'confirmed', "
        "distribution_id FROM sent",
        {toPgArray(values)});
    return done ? core::Status{} : core::fail(done.error());
}

core::Status PgHubOutbox::recordAttempt(long long id, const std::string& why)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto done = (*connection)->exec(
        "WITH tried AS (UPDATE hub_message SET attempts = attempts + 1 WHERE id = $1 RETURNING id, distribution_id) "
        "INSERT INTO hub_event (message_id, direction, kind, distribution_id, detail) SELECT id, 'out', 'unconfirmed', "
        "distribution_id, $2 FROM tried",
        {std::to_string(id), why});
    return done ? core::Status{} : core::fail(done.error());
}

core::Result<ReplyOutcome> PgHubOutbox::recordReply(const HubReply& reply, const std::string& rawBody,
                                                    std::chrono::seconds retryWindow)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    PgConnection& db = **connection;
    PgTransaction transaction(db);
    if (!transaction.begun())
        return core::fail(transaction.beginError());

    const bool isAck = reply.kind == HubReply::Kind::Ack;
    auto event = db.exec("INSERT INTO hub_event (direction, kind, distribution_id, detail) VALUES ('in', $1, $2, $3) "
                         "ON CONFLICT (distribution_id) WHERE direction = 'in' DO NOTHING RETURNING id",
                         {isAck ? "ack" : "error", reply.ownDistributionId, rawBody});
    if (!event)
        return core::fail(event.error());
    ReplyOutcome outcome;
    if (event->rows() == 0)
        return outcome; // the same reply again: already recorded
    const std::string eventId(event->value(0, 0));

    auto found = db.exec("SELECT " + MESSAGE_COLUMNS + ", state FROM hub_message WHERE distribution_id = $1 "
                         "OR (distribution_id = $2 AND $2 <> '') ORDER BY (distribution_id = $1) DESC LIMIT 1 FOR UPDATE",
                         {reply.referencedDistributionId, reply.fallbackDistributionId});
    if (!found)
        return core::fail(found.error());
    if (found->rows() == 0)
    {
        auto orphan = db.exec("UPDATE hub_event SET kind = $2 WHERE id = $1",
                              {eventId, isAck ? "orphan-ack" : "orphan-error"});
        if (!orphan)
            return core::fail(orphan.error());
        if (auto committed = transaction.commit(); !committed)
            return core::fail(committed.error());
        return outcome;
    }
    QueuedMessage message = messageFrom(*found, 0);
    const std::string previous(found->value(0, 7));
    outcome.message = message;
    if (auto linked = db.exec("UPDATE hub_event SET message_id = $2 WHERE id = $1", {eventId, std::to_string(message.id)});
        !linked)
        return core::fail(linked.error());

    std::string state;
    std::optional<int> code;
    std::string text;
    if (isAck)
    {
        state = reply.refused ? "refused" : "acknowledged";
        text = reply.step.empty() ? std::string() : "step " + reply.step;
        if (previous == "delivered" || previous == "failed" || previous == "superseded" || previous == "retrying")
            state = previous; // a late ack does not undo a final outcome
    }
    else
    {
        code = reply.statusCode;
        text = std::to_string(reply.statusCode) + " " + reply.statusString + ": " + reply.cause;
        if (reply.statusCode == 409)
            state = "delivered"; // the LRM already has this appointment (a create sent twice)
        else if (resendable(reply.statusCode))
        {
            auto context = db.exec(
                "WITH RECURSIVE chain AS (SELECT id, retry_of, created_at FROM hub_message WHERE id = $1 UNION ALL "
                "SELECT m.id, m.retry_of, m.created_at FROM hub_message m JOIN chain c ON m.id = c.retry_of) "
                "SELECT (SELECT min(created_at) FROM chain) + make_interval(secs => $2) > clock_timestamp(), "
                "EXISTS (SELECT 1 FROM hub_message n WHERE n.orientation_id = $3 AND n.id > $1 "
                "AND n.recipient IS NOT DISTINCT FROM $4), "
                "(SELECT count(*) FROM hub_message r WHERE r.orientation_id = $3 AND r.retry_of IS NOT NULL)",
                {std::to_string(message.id), std::to_string(retryWindow.count()), message.orientationId,
                 message.recipient});
            if (!context)
                return core::fail(context.error());
            const bool inWindow = context->value(0, 0) == "t";
            const bool newer = context->value(0, 1) == "t";
            outcome.retries = std::stoi(std::string(context->value(0, 2)));
            if (newer)
                state = "superseded"; // a later message already carries the full, newer snapshot
            else if (inWindow)
            {
                state = "retrying";
                outcome.action = ReplyOutcome::Action::Resend;
            }
            else
                state = "failed";
        }
        else
            state = "failed"; // 100/101/102/200/300/501/70x…: a bug or configuration problem, resending cannot help
    }
    auto updated = db.exec("UPDATE hub_message SET state = $2, outcome_at = clock_timestamp(), "
                           "error_code = coalesce($3::integer, error_code), error_text = coalesce(NULLIF($4, ''), error_text) "
                           "WHERE id = $1",
                           {std::to_string(message.id), state, code ? PgParam(std::to_string(*code)) : PgParam(), text});
    if (!updated)
        return core::fail(updated.error());
    if (auto committed = transaction.commit(); !committed)
        return core::fail(committed.error());
    outcome.state = state;
    return outcome;
}

core::Status PgHubOutbox::queueResend(long long originalId, const QueuedMessage& resend, std::chrono::milliseconds delay)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto done = (*connection)->exec(
        "WITH original AS (SELECT orientation_id, revision FROM hub_message WHERE id = $1), "
        "queued AS (INSERT INTO hub_message (orientation_id, revision, recipient, method, distribution_id, body, state, "
        "retry_of, not_before) SELECT orientation_id, revision, $2, $3, $4, $5, 'queued', $1, "
        "clock_timestamp() + make_interval(secs => $6::double precision / 1000) FROM original RETURNING id) "
        "INSERT INTO hub_event (message_id, direction, kind, distribution_id, detail) SELECT id, 'out', 'queued', $4, "
        "'resend of message ' || $1 FROM queued",
        {std::to_string(originalId), resend.recipient, resend.method, resend.distributionId, resend.body,
         std::to_string(delay.count())});
    return done ? core::Status{} : core::fail(done.error());
}

core::Status PgHubOutbox::recordUndecodable(const std::string& rawBody, const std::string& why)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto done = (*connection)->exec("INSERT INTO hub_event (direction, kind, detail) VALUES ('in', 'undecodable', $1)",
                                    {why + "\n" + rawBody});
    return done ? core::Status{} : core::fail(done.error());
}

core::Result<std::vector<QueuedMessage>> PgHubOutbox::markUnacknowledged(const core::ports::FinalAckTimeouts& timeouts)
{
    std::vector<std::string> recipients;
    std::vector<std::int64_t> seconds;
    for (const auto& [recipient, timeout] : timeouts.byRecipient)
    {
        recipients.push_back(recipient);
        seconds.push_back(timeout.count());
    }
    if (timeouts.fallback.count() == 0 &&
        std::all_of(seconds.begin(), seconds.end(), [](std::int64_t value) { return value == 0; }))
        return std::vector<QueuedMessage>(); // no LRM is expected to send final acks
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    // One statement: the state change and its history event commit together, and a concurrent ack (which locks the
    // row) either lands first, so the message is no longer `sent`, or after, and moves it on to `acknowledged`.
    auto rows = (*connection)->exec(
        "WITH limits AS (SELECT * FROM unnest($1::text[], $2::bigint[]) AS l(recipient, seconds)), "
        "overdue AS (UPDATE hub_message m SET state = 'unacknowledged', outcome_at = clock_timestamp() "
        "FROM (SELECT m2.id, coalesce(l.seconds, $3::bigint) AS seconds FROM hub_message m2 LEFT JOIN limits l "
        "ON l.recipient = m2.recipient WHERE m2.state = 'sent') t "
        "WHERE t.id = m.id AND t.seconds > 0 AND m.state = 'sent' "
        "AND m.published_at < clock_timestamp() - make_interval(secs => t.seconds) "
        "RETURNING m.id, m.orientation_id, coalesce(m.recipient, '') AS recipient, m.method, "
        "coalesce(m.distribution_id, '') AS distribution_id, coalesce(m.body, '') AS body, m.attempts), "
        "logged AS (INSERT INTO hub_event (message_id, direction, kind, distribution_id, detail) SELECT id, 'out', "
        "'no-final-ack', distribution_id, 'no final ack within the LRM''s time-out' FROM overdue) "
        "SELECT * FROM overdue ORDER BY id",
        {toPgArray(recipients), toPgArray(seconds), std::to_string(timeouts.fallback.count())});
    if (!rows)
        return core::fail(rows.error());
    std::vector<QueuedMessage> marked;
    for (int row = 0; row < rows->rows(); ++row)
        marked.push_back(messageFrom(*rows, row));
    return marked;
}

core::Result<std::map<std::string, long>> PgHubOutbox::countByState()
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec("SELECT state, count(*) FROM hub_message GROUP BY state");
    if (!rows)
        return core::fail(rows.error());
    std::map<std::string, long> counts;
    for (int row = 0; row < rows->rows(); ++row)
        counts[std::string(rows->value(row, 0))] = std::stol(std::string(rows->value(row, 1)));
    return counts;
}

core::Result<std::vector<HubMessageHistory>> PgHubOutbox::history(const std::string& orientationId)
{
    auto connection = _pool.acquire();
    if (!connection)
        return core::fail(connection.error());
    auto rows = (*connection)->exec(
        "SELECT id, orientation_id, revision, coalesce(recipient, ''), method, coalesce(distribution_id, ''), state, "
        "coalesce(error_text, ''), " + instant("created_at") + ", coalesce(" + instant("published_at") + ", ''), "
        "coalesce(" + instant("outcome_at") + ", ''), attempts, error_code, retry_of FROM hub_message "
        "WHERE orientation_id::text = $1 ORDER BY id",
        {orientationId});
    if (!rows)
        return core::fail(rows.error());
    std::vector<HubMessageHistory> history;
    for (int row = 0; row < rows->rows(); ++row)
    {
        auto text = [&](int column) { return std::string(rows->value(row, column)); };
        HubMessageHistory message;
        message.id = std::stoll(text(0));
        message.orientationId = text(1);
        message.revision = std::stoi(text(2));
        message.recipient = text(3);
        message.method = text(4);
        message.distributionId = text(5);
        message.state = text(6);
        message.errorText = text(7);
        message.createdAt = text(8);
        message.publishedAt = text(9);
        message.outcomeAt = text(10);
        message.attempts = std::stoi(text(11));
        if (!rows->isNull(row, 12))
            message.errorCode = std::stoi(text(12));
        if (!rows->isNull(row, 13))
            message.retryOf = std::stoll(text(13));
        auto events = (*connection)->exec("SELECT direction, kind, coalesce(distribution_id, ''), "
                                          "CASE WHEN direction = 'in' THEN '' ELSE coalesce(detail, '') END, " +
                                              instant("at") + " FROM hub_event WHERE message_id = $1 ORDER BY id",
                                          {text(0)});
        if (!events)
            return core::fail(events.error());
        for (int e = 0; e < events->rows(); ++e)
            message.events.push_back(HubMessageHistory::Event{std::string(events->value(e, 0)), std::string(events->value(e, 1)),
                                                              std::string(events->value(e, 2)), std::string(events->value(e, 3)),
                                                              std::string(events->value(e, 4))});
        history.push_back(std::move(message));
    }
    return history;
}

} // namespace sas::adapters::postgres
