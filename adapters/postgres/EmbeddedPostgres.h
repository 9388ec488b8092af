#pragma once

#include "core/Result.h"

#include <chrono>
#include <string>

namespace sas::adapters::postgres
{

struct EmbeddedPostgresConfig
{
    std::string directory;        ///< holds data/, run/ (the Unix socket) and postgresql.log
    std::string binDirectory;     ///< initdb/pg_ctl location; empty = newest /usr/lib/postgresql/*/bin
    std::string runAsUser;        ///< account owning the cluster; empty = the current user, or
                                  ///< "postgres" when running as root (initdb refuses root)
    std::string database = "sas";
    std::chrono::seconds startTimeout{60};
};

/// A private PostgreSQL cluster for the default run and for tests: created with initdb on first
/// use, listening only on a Unix socket under `directory`/run, trust authentication for its one
/// local role. start() adopts a cluster already running from an earlier, killed process.
class EmbeddedPostgres
{
public:
    explicit EmbeddedPostgres(EmbeddedPostgresConfig config);
    ~EmbeddedPostgres();
    EmbeddedPostgres(const EmbeddedPostgres&) = delete;
    EmbeddedPostgres& operator=(const EmbeddedPostgres&) = delete;

    /// Initialises (first time) and starts the cluster, then creates the database if missing.
    core::Status start();
    /// Stops the cluster (fast shutdown) if this object started or adopted it.
    core::Status stop();

    /// libpq DSN for the database over the Unix socket.
    std::string dsn() const;
    bool running() const { return _running; }
    /// True when start() found the cluster already running (another process's, or a killed one's).
    bool adopted() const { return _adopted; }
    /// stop() and the destructor will leave the cluster running: for a command sharing a serving gateway's.
    void leaveRunning() { _running = false; }

private:
    core::Status initialise();
    core::Result<std::string> run(const std::string& program, const std::vector<std::string>& arguments) const;
    std::string tool(const std::string& name) const;

    EmbeddedPostgresConfig _config;
    std::string _dataDirectory;
    std::string _socketDirectory;
    std::string _logFile;
    bool _running = false;
    bool _adopted = false;
};

} // namespace sas::adapters::postgres
