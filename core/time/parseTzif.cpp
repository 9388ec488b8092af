#include "core/time/ZoneRules.h"

namespace sas::core
{

namespace
{

struct Counts
{
    std::uint32_t isUt = 0, isStd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

std::uint32_t be32(std::string_view bytes, std::size_t at)
{
    return (std::uint32_t(static_cast<unsigned char>(bytes[at])) << 24) |
           (std::uint32_t(static_cast<unsigned char>(bytes[at + 1])) << 16) |
           (std::uint32_t(static_cast<unsigned char>(bytes[at + 2])) << 8) |
           std::uint32_t(static_cast<unsigned char>(bytes[at + 3]));
}

std::int64_t be64(std::string_view bytes, std::size_t at)
{
    return static_cast<std::int64_t>((std::uint64_t(be32(bytes, at)) << 32) | be32(bytes, at + 4));
}

std::optional<Counts> header(std::string_view bytes, std::size_t at)
{
    if (bytes.size() < at + 44 || bytes.substr(at, 4) != "TZif")
        return std::nullopt;
    Counts c;
    c.isUt = be32(bytes, at + 20);
    c.isStd = be32(bytes, at + 24);
    c.leap = be32(bytes, at + 28);
    c.time = be32(bytes, at + 32);
    c.type = be32(bytes, at + 36);
    c.chars = be32(bytes, at + 40);
    if (c.type == 0 || c.type > 256 || c.time > 100000 || c.chars > 10000 || c.leap > 10000)
        return std::nullopt;
    return c;
}

std::size_t blockSize(const Counts& c, std::size_t timeSize)
{
    return c.time * timeSize + c.time + c.type * 6 + c.chars + c.leap * (timeSize + 4) + c.isStd + c.isUt;
}

} // namespace

Result<ZoneRules> parseTzif(std::string name, std::string_view bytes)
{
    const auto invalid = [&] { return fail(ErrorCode::Invalid, "'" + name + "' is not a TZif file"); };
    auto first = header(bytes, 0);
    if (!first)
        return invalid();
    const char version = bytes[4];
    std::size_t at = 44;
    Counts counts = *first;
    std::size_t timeSize = 4;
    if (version >= '2')
    {
        // Skip the 32-bit block; the 64-bit one that follows is complete.
        at += blockSize(*first, 4);
        auto second = header(bytes, at);
        if (!second)
            return invalid();
        counts = *second;
        at += 44;
        timeSize = 8;
    }
    if (bytes.size() < at + blockSize(counts, timeSize))
        return invalid();

    const std::size_t timesAt = at;
    const std::size_t indexAt = timesAt + counts.time * timeSize;
    const std::size_t typesAt = indexAt + counts.time;
    std::vector<std::int32_t> offsets(counts.type);
    for (std::uint32_t i = 0; i < counts.type; ++i)
        offsets[i] = static_cast<std::int32_t>(be32(bytes, typesAt + i * 6));

    std::vector<ZoneTransition> transitions;
    transitions.reserve(counts.time);
    for (std::uint32_t i = 0; i < counts.time; ++i)
    {
        const std::int64_t when = timeSize == 8 ? be64(bytes, timesAt + i * 8)
                                                : static_cast<std::int32_t>(be32(bytes, timesAt + i * 4));
        const auto type = static_cast<unsigned char>(bytes[indexAt + i]);
        if (type >= counts.type)
            return invalid();
        transitions.push_back({when, offsets[type]});
    }

    std::optional<PosixZoneRule> tail;
    if (version >= '2')
    {
        const std::size_t footerAt = at + blockSize(counts, timeSize);
        if (footerAt < bytes.size() && bytes[footerAt] == '\n')
        {
            const std::size_t end = bytes.find('\n', footerAt + 1);
            if (end != std::string_view::npos && end > footerAt + 1)
            {
                auto rule = parsePosixZoneRule(bytes.substr(footerAt + 1, end - footerAt - 1));
                if (rule)
                    tail = *rule;
            }
        }
    }
    return ZoneRules(std::move(name), offsets[0], std::move(transitions), std::move(tail));
}

} // namespace sas::core
