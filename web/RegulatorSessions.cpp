#include "web/RegulatorSessions.h"

#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

namespace sas::web
{
namespace
{

std::string randomId()
{
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        throw std::runtime_error("the random generator failed");
    static constexpr char HEX[] = "0123456789abcdef";
    std::string id;
    for (unsigned char b : bytes)
    {
        id += HEX[b >> 4];
        id += HEX[b & 15];
    }
    return id;
}

template <typename Map, typename Time>
void evictOldest(Map& map, std::size_t capacity, Time timeOf)
{
    while (map.size() >= capacity)
    {
        auto oldest = std::min_element(map.begin(), map.end(),
                                       [&](const auto& a, const auto& b) { return timeOf(a.second) < timeOf(b.second); });
        map.erase(oldest);
    }
}

} // namespace

RegulatorSessions::RegulatorSessions(const core::Clock& clock, std::chrono::seconds lifetime,
                                     std::chrono::seconds signInWindow, std::size_t capacity)
    : _clock(clock), _lifetime(lifetime), _signInWindow(signInWindow), _capacity(std::max<std::size_t>(capacity, 1))
{
}

void RegulatorSessions::purge(std::chrono::system_clock::time_point now)
{
    std::erase_if(_signIns, [&](const auto& entry) { return entry.second.startedAt + _signInWindow <= now; });
    std::erase_if(_sessions, [&](const auto& entry) { return entry.second.expiresAt <= now; });
}

void RegulatorSessions::rememberSignIn(const std::string& state, PendingSignIn signIn)
{
    std::lock_guard lock(_mutex);
    const auto now = _clock.now();
    purge(now);
    evictOldest(_signIns, _capacity, [](const PendingSignIn& s) { return s.startedAt; });
    signIn.startedAt = now;
    _signIns[state] = std::move(signIn);
}

std::optional<PendingSignIn> RegulatorSessions::takeSignIn(const std::string& state)
{
    std::lock_guard lock(_mutex);
    auto found = _signIns.find(state);
    if (found == _signIns.end())
        return std::nullopt;
    PendingSignIn signIn = std::move(found->second);
    _signIns.erase(found);
    if (signIn.startedAt + _signInWindow <= _clock.now())
        return std::nullopt;
    return signIn;
}

WebSession RegulatorSessions::open(WebSession session)
{
    std::lock_guard lock(_mutex);
    const auto now = _clock.now();
    purge(now);
    evictOldest(_sessions, _capacity, [](const WebSession& s) { return s.expiresAt; });
    session.id = randomId();
    session.csrfToken = randomId();
    session.expiresAt = now + _lifetime;
    _sessions[session.id] = session;
    return session;
}

std::optional<WebSession> RegulatorSessions::find(const std::string& id)
{
    std::lock_guard lock(_mutex);
    auto found = _sessions.find(id);
    if (found == _sessions.end())
        return std::nullopt;
    if (found->second.expiresAt <= _clock.now())
    {
        _sessions.erase(found);
        return std::nullopt;
    }
    return found->second;
}

void RegulatorSessions::close(const std::string& id)
{
    std::lock_guard lock(_mutex);
    _sessions.erase(id);
}

std::size_t RegulatorSessions::size()
{
    std::lock_guard lock(_mutex);
    return _sessions.size();
}

} // namespace sas::web
