#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace sas::test
{

struct GatewayOptions
{
    std::vector<std::string> settings; ///< extra "key=value" passed with --set
    std::string dsn;                   ///< db.dsn; empty: the gateway's embedded cluster
};

/// The real sas-gateway binary run as a child process with its own state directory, free port,
/// the build tree's dev PKI and the dev identities. Output goes to <var>/gateway.log.
class GatewayProcess
{
public:
    explicit GatewayProcess(GatewayOptions options = {});
    ~GatewayProcess();
    GatewayProcess(const GatewayProcess&) = delete;
    GatewayProcess& operator=(const GatewayProcess&) = delete;

    /// Starts `serve` and waits until /health answers; throws with the log when it does not.
    void start(std::chrono::seconds timeout = std::chrono::seconds(90));

    void signal(int signalNumber);
    /// The exit status, or -1 if still running after `timeout` (a signal death is 128 + signal).
    int waitForExit(std::chrono::seconds timeout);
    bool running();

    int port() const { return _port; }
    pid_t pid() const { return _pid; }
    const std::string& varDirectory() const { return _var; }
    std::string log() const;
    /// DSN of the embedded cluster this gateway started.
    std::string embeddedDsn() const;

    /// Runs the binary to completion with `arguments` plus the same configuration files, and
    /// returns its exit code and combined output.
    struct Outcome
    {
        int exitCode;
        std::string output;
    };
    Outcome runCommand(const std::vector<std::string>& arguments);

private:
    std::vector<std::string> configArguments() const;
    pid_t spawn(const std::vector<std::string>& arguments, const std::string& logFile);

    GatewayOptions _options;
    std::string _var;
    int _port;
    pid_t _pid = -1;
    int _exitStatus = -1;
};

} // namespace sas::test
