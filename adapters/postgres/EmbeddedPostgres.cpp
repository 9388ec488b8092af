#include "adapters/postgres/EmbeddedPostgres.h"

#include "adapters/postgres/PgConnection.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <filesystem>
#include <fstream>
#include <pwd.h>
#include <unistd.h>

namespace sas::adapters::postgres
{
namespace
{

using core::ErrorCode;

constexpr const char* ROLE = "sas";

std::string newestBinDirectory()
{
    std::string best;
    int bestMajor = -1;
    std::error_code ignored;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ignored))
    {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0])))
            continue;
        const int major = std::stoi(name);
        if (major > bestMajor && std::filesystem::exists(entry.path() / "bin" / "initdb"))
        {
            bestMajor = major;
            best = (entry.path() / "bin").string();
        }
    }
    return best;
}

std::string currentUserName()
{
    const passwd* entry = getpwuid(geteuid());
    return entry ? entry->pw_name : "";
}

} // namespace

EmbeddedPostgres::EmbeddedPostgres(EmbeddedPostgresConfig config) : _config(std::move(config))
{
    _config.directory = Poco::Path(_config.directory).absolute().toString();
    if (!_config.directory.empty() && _config.directory.back() == '/')
        _config.directory.pop_back();
    _dataDirectory = _config.directory + "/data";
    _socketDirectory = _config.directory + "/run";
    _logFile = _config.directory + "/postgresql.log";
    if (_config.binDirectory.empty())
        _config.binDirectory = newestBinDirectory();
    if (_config.runAsUser.empty() && geteuid() == 0)
        _config.runAsUser = "postgres";
    if (_config.runAsUser == currentUserName())
        _config.runAsUser.clear();
}

EmbeddedPostgres::~EmbeddedPostgres()
{
    if (_running)
        (void)stop();
}

std::string EmbeddedPostgres::dsn() const
{
    return "host=" + _socketDirectory + " dbname=" + _config.database + " user=" + ROLE;
}

std::string EmbeddedPostgres::tool(const std::string& name) const
{
    return _config.binDirectory + "/" + name;
}

core::Result<std::string> EmbeddedPostgres::run(const std::string& program,
                                                const std::vector<std::string>& arguments) const
{
    std::string command = program;
    std::vector<std::string> args = arguments;
    if (!_config.runAsUser.empty())
    {
        command = "runuser";
        args = {"-u", _config.runAsUser, "--", program};
        args.insert(args.end(), arguments.begin(), arguments.end());
    }
    try
    {
        Poco::Pipe output;
        Poco::ProcessHandle handle = Poco::Process::launch(command, args, nullptr, &output, &output);
        Poco::PipeInputStream stream(output);
        std::string text;
        Poco::StreamCopier::copyToString(stream, text);
        const int exitCode = handle.wait();
        if (exitCode != 0)
            return core::fail(ErrorCode::Unavailable, program + " exited with " + std::to_string(exitCode) + ": " + text);
        return text;
    }
    catch (const Poco::Exception& e)
    {
        return core::fail(ErrorCode::Unavailable, "cannot run " + program + ": " + e.displayText());
    }
}

core::Status EmbeddedPostgres::initialise()
{
    if (_config.binDirectory.empty())
        return core::fail(ErrorCode::Unavailable,
                          "PostgreSQL server binaries not found under /usr/lib/postgresql (install package "
                          "'postgresql') and db.embedded.binDirectory is not set");
    Poco::File(_socketDirectory).createDirectories();
    if (!_config.runAsUser.empty())
    {
        if (!getpwnam(_config.runAsUser.c_str()))
            return core::fail(ErrorCode::Unavailable, "the account '" + _config.runAsUser +
                                                          "' for the embedded PostgreSQL does not exist "
                                                          "(set db.embedded.user)");
        try
        {
            Poco::ProcessHandle chown = Poco::Process::launch("chown", {"-R", _config.runAsUser, _config.directory});
            if (chown.wait() != 0)
                return core::fail(ErrorCode::Unavailable, "cannot give " + _config.directory + " to " + _config.runAsUser);
        }
        catch (const Poco::Exception& e)
        {
            return core::fail(ErrorCode::Unavailable, "cannot run chown: " + e.displayText());
        }
        if (!run("test", {"-w", _config.directory, "-a", "-x", _config.directory}))
            return core::fail(ErrorCode::Unavailable,
                              "the account '" + _config.runAsUser + "' cannot reach " + _config.directory +
                                  ": its parent directories must be searchable (chmod o+x)");
    }
    if (Poco::File(_dataDirectory + "/PG_VERSION").exists())
        return {};

    auto initdb = run(tool("initdb"), {"-D", _dataDirectory, "-U", ROLE, "-E", "UTF8", "--no-locale",
                                       "--auth-local=trust", "--auth-host=reject", "--no-instructions"});
    if (!initdb)
        return core::fail(initdb.error());
    // Socket only: nothing listens on TCP, and only the owner can open the socket.
    std::ofstream conf(_dataDirectory + "/postgresql.conf", std::ios::app);
    conf << "\n# SAS Gateway embedded cluster\n"
         << "listen_addresses = ''\n"
         << "unix_socket_directories = '" << _socketDirectory << "'\n"
         << "unix_socket_permissions = 0700\n"
         << "max_connections = 200\n";
    if (!conf)
        return core::fail(ErrorCode::Unavailable, "cannot write " + _dataDirectory + "/postgresql.conf");
    return {};
}

core::Status EmbeddedPostgres::start()
{
    if (auto initialised = initialise(); !initialised)
        return initialised;

    const bool alreadyRunning = run(tool("pg_ctl"), {"status", "-D", _dataDirectory}).has_value();
    if (!alreadyRunning)
    {
        auto started = run(tool("pg_ctl"), {"start", "-D", _dataDirectory, "-l", _logFile, "-w", "-s", "-t",
                                            std::to_string(_config.startTimeout.count())});
        if (!started)
            return core::fail(ErrorCode::Unavailable,
                              "embedded PostgreSQL did not start (see " + _logFile + "): " + started.error().message);
    }
    _running = true;
    _adopted = alreadyRunning;

    auto admin = PgConnection::open("host=" + _socketDirectory + " dbname=postgres user=" + ROLE,
                                    std::chrono::seconds(10));
    if (!admin)
        return core::fail(admin.error());
    auto exists = (*admin)->exec("SELECT 1 FROM pg_database WHERE datname = $1", {_config.database});
    if (!exists)
        return core::fail(exists.error());
    if (exists->rows() == 0)
    {
        // Identifiers cannot be parameters; the name comes from configuration and is quoted.
        auto created = (*admin)->execScript("CREATE DATABASE \"" + _config.database + "\"");
        if (!created)
            return created;
    }
    return {};
}

core::Status EmbeddedPostgres::stop()
{
    if (!_running)
        return {};
    _running = false;
    auto stopped = run(tool("pg_ctl"), {"stop", "-D", _dataDirectory, "-m", "fast", "-w", "-s"});
    if (!stopped)
        return core::fail(stopped.error());
    return {};
}

} // namespace sas::adapters::postgres
