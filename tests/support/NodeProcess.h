#pragma once

#include <string>
#include <vector>

#include <sys/types.h>

namespace sas::test
{

/// A Node.js script run as a child process for a test (a vendor, an OpenID issuer): stdin from /dev/null, stderr
/// appended to a log file in its own work directory, and the first line it prints on stdout kept, since the scripts
/// print where they listen once they do. Stopped when destroyed: SIGTERM, SIGKILL after 5 s.
class NodeProcess
{
public:
    /// Starts `node <script> <arguments…>` and waits for its first line; throws when node cannot start or the
    /// script ends before printing one (its log says why: often tests/e2e/node without `npm ci`).
    NodeProcess(const std::string& name, const std::string& script, const std::vector<std::string>& arguments);
    ~NodeProcess();
    NodeProcess(const NodeProcess&) = delete;
    NodeProcess& operator=(const NodeProcess&) = delete;

    /// The first line the script printed, without its newline.
    const std::string& firstLine() const { return _firstLine; }
    /// What the script wrote on stderr so far (for failure messages).
    std::string log() const;

private:
    void stop();

    pid_t _pid = -1;
    std::string _logFile;
    std::string _firstLine;
};

} // namespace sas::test
