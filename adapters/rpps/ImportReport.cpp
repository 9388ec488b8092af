#include "adapters/rpps/ImportReport.h"

#include <sstream>

namespace sas::adapters::rpps
{

void LineList::add(std::uint32_t line, std::string detail)
{
    ++count;
    if (first.size() < LISTED)
        first.emplace_back(line, std::move(detail));
}

std::size_t ImportReport::rejectedCount() const
{
    std::size_t total = 0;
    for (const auto& [reason, list] : rejected)
        total += list.count;
    return total;
}

namespace
{

void listLines(std::ostringstream& out, const LineList& lines)
{
    out << " (line";
    if (lines.first.size() > 1)
        out << 's';
    const char* separator = " ";
    for (const auto& [line, detail] : lines.first)
    {
        out << separator << line;
        if (!detail.empty())
            out << ": " << detail;
        separator = detail.empty() ? ", " : "; ";
    }
    if (lines.count > lines.first.size())
        out << ", …";
    out << ')';
}

void counts(std::ostringstream& out, const char* what, const core::ImportCounts& c)
{
    out << "  " << what << ": " << c.added << " added, " << c.updated << " updated, " << c.unchanged << " unchanged, "
        << c.deactivated << " deactivated\n";
}

} // namespace

std::string formatImportReport(const ImportReport& report)
{
    std::ostringstream out;
    out << "directory import: " << report.lines << " lines read, " << report.sasActivities << " SAS activities, "
        << report.notSas << " other professions or specialties, " << report.outOfScope << " outside the départements, "
        << report.rejectedCount() << " rejected\n";
    for (const auto& [reason, lines] : report.rejected)
    {
        out << "  rejected, " << reason << ": " << lines.count;
        listLines(out, lines);
        out << '\n';
    }
    if (report.withoutPlace.count)
    {
        out << "  no locatable address (practitioner imported without this place): " << report.withoutPlace.count;
        listLines(out, report.withoutPlace);
        out << '\n';
    }
    if (report.applied)
    {
        counts(out, "practitioners", report.applied->practitioners);
        counts(out, "places", report.applied->places);
    }
    if (report.failure && report.failure->issues.size() > 1)
        for (const auto& issue : report.failure->issues)
            out << "  " << issue.diagnostics << '\n';
    if (report.failure)
        out << "directory import stopped: " << report.failure->message
            << (report.applyStarted ? "; batches applied so far stay (each practitioner whole), no deactivation was made: "
                                      "rerun the import to finish\n"
                                    : "; the directory is unchanged\n");
    return out.str();
}

} // namespace sas::adapters::rpps
