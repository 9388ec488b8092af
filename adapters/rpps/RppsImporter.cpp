#include "adapters/rpps/RppsImporter.h"

#include <functional>
#include <string_view>
#include <unordered_map>

namespace sas::adapters::rpps
{

RppsImporter::RppsImporter(core::DirectoryImportStore& store, ActivityMapper& mapper, ImportOptions options)
    : _store(store), _mapper(mapper), _options(options)
{
}

ImportReport RppsImporter::run(std::istream& in, const std::string& label, const core::ImportScope& scope,
                               const ImportProgress& progress)
{
    ImportReport report;
    std::string text;
    if (!std::getline(in, text))
    {
        report.failure = core::makeError(core::ErrorCode::Invalid, in.bad() ? "cannot read the file" : "the file is empty");
        return report;
    }
    report.bytes = text.size() + 1;
    if (!text.empty() && text.back() == '\r')
        text.pop_back();
    auto header = readRppsHeader(text);
    if (!header)
    {
        report.failure = header.error();
        return report;
    }

    auto run = _store.beginRun(label, scope);
    if (!run)
    {
        report.failure = run.error();
        return report;
    }
    const auto stop = [&](core::Error error) {
        report.failure = std::move(error);
        (void)_store.abandon(*run, report.failure->message);
        return report;
    };

    std::vector<std::string_view> scratch;
    RppsLine line;
    std::vector<core::ImportedActivity> batch;
    batch.reserve(_options.stageBatch);
    // Hash of each kept line → its number: exact duplicates are reported, not imported twice.
    std::unordered_map<std::uint64_t, std::uint32_t> seen;
    const std::hash<std::string_view> hash;
    std::uint32_t number = 1;
    const auto reject = [&](std::string reason, std::string detail) {
        report.rejected[std::move(reason)].add(number, std::move(detail));
    };

    while (std::getline(in, text))
    {
        ++number;
        ++report.lines;
        report.bytes += text.size() + 1;
        if (!text.empty() && text.back() == '\r')
            text.pop_back();
        if (progress.reading && (report.lines & 4095) == 0)
            progress.reading(report.lines, report.bytes);

        if (text.empty())
            reject("empty line", {});
        else if (auto problem = splitRppsLine(text, *header, scratch, line))
            reject(std::move(problem->reason), std::move(problem->detail));
        else
        {
            MappedLine mapped = _mapper.map(line, number);
            if (std::holds_alternative<NotSas>(mapped))
                ++report.notSas;
            else if (std::holds_alternative<OutOfScope>(mapped))
                ++report.outOfScope;
            else if (auto* refused = std::get_if<LineProblem>(&mapped))
                reject(std::move(refused->reason), std::move(refused->detail));
            else
            {
                auto [first, inserted] = seen.emplace(hash(text), number);
                if (!inserted)
                    reject("duplicate line", "same as line " + std::to_string(first->second));
                else
                {
                    auto& activity = std::get<core::ImportedActivity>(mapped);
                    if (!activity.place)
                        report.withoutPlace.add(number, {});
                    ++report.sasActivities;
                    batch.push_back(std::move(activity));
                    if (batch.size() >= _options.stageBatch)
                    {
                        if (auto staged = _store.stage(*run, batch); !staged)
                            return stop(staged.error());
                        batch.clear();
                    }
                }
            }
        }
        const std::size_t rejected = report.rejectedCount();
        if (rejected > _options.rejectedTolerance && double(rejected) > _options.rejectedShare * double(report.lines))
            return stop(core::makeError(core::ErrorCode::Invalid,
                                        std::to_string(rejected) + " of the first " + std::to_string(report.lines) +
                                            " lines rejected: not a usable extraction"));
    }
    report.readFailed = in.bad();
    if (in.bad())
        return stop(core::makeError(core::ErrorCode::Unavailable,
                                    "read error after line " + std::to_string(number) + ": the file could not be read to its end"));
    if (progress.reading)
        progress.reading(report.lines, report.bytes);
    if (!batch.empty())
        if (auto staged = _store.stage(*run, batch); !staged)
            return stop(staged.error());
    if (report.sasActivities == 0)
        return stop(core::makeError(core::ErrorCode::Invalid,
                                    "no SAS activity in the file (for these départements): nothing to import, "
                                    "nothing deactivated"));

    report.applyStarted = true;
    auto applied = _store.apply(*run, scope, _options.applyBatch, progress.applying ? progress.applying : [](std::size_t, std::size_t) {});
    if (!applied)
        return stop(applied.error());
    report.applied = *applied;
    if (auto completed = _store.complete(*run, formatImportReport(report)); !completed)
        report.failure = completed.error();
    return report;
}

} // namespace sas::adapters::rpps
