#include "tests/support/GatewayProcess.h"

#include "tests/support/HttpsClient.h"
#include "tests/support/TestPaths.h"

#include <Poco/Exception.h>

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace sas::test
{
namespace
{

int decodeStatus(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

} // namespace

GatewayProcess::GatewayProcess(GatewayOptions options)
    : _options(std::move(options)), _var(makeWorkDirectory("gateway")), _port(freePort())
{
    const std::string pki = pkiDirectory();
    std::ofstream overlay(_var + "/test.properties");
    overlay << "paths.var = " << _var << "\n"
            << "server.https.port = " << _port << "\n"
            << "tls.certificateFile = " << pki << "/server-chain.pem\n"
            << "tls.privateKeyFile = " << pki << "/server.key\n"
            << "tls.caFile = " << pki << "/ca.pem\n"
            << "tls.crlFiles = " << pki << "/crl.pem\n"
            << "db.dsn = " << _options.dsn << "\n"
            << "demo.directory = " << SAS_SOURCE_DIR << "/data/demo\n"
            << "orientation.regulatorAccounts = " << SAS_SOURCE_DIR << "/data/demo/regulators.csv\n"
            << "validation.profileDirectory = " << SAS_SOURCE_DIR << "/data/profiles\n"
            << "search.dataDirectory = " << SAS_SOURCE_DIR << "/data\n"
            << "vendors.registryFile = " << SAS_SOURCE_DIR << "/config/vendors.properties\n"
            << "vendors.certificateDirectory = " << pki << "\n"
            << "mapping.directory = " << SAS_SOURCE_DIR << "/mapping\n"
            << "oidc.issuer =\n"; // no sign-in unless a test starts a DevIssuer and passes its settings
}

GatewayProcess::~GatewayProcess()
{
    if (_pid > 0 && running())
    {
        signal(SIGTERM);
        if (waitForExit(std::chrono::seconds(30)) < 0)
        {
            signal(SIGKILL);
            waitForExit(std::chrono::seconds(10));
        }
    }
    removeWorkDirectory(_var);
}

std::vector<std::string> GatewayProcess::configArguments() const
{
    std::vector<std::string> arguments{"--config-file", std::string(SAS_SOURCE_DIR) + "/config/sas-gateway.properties",
                                       "--config-file", std::string(SAS_SOURCE_DIR) + "/config/dev.properties",
                                       "--config-file", _var + "/test.properties"};
    for (const auto& setting : _options.settings)
    {
        arguments.push_back("--set");
        arguments.push_back(setting);
    }
    return arguments;
}

pid_t GatewayProcess::spawn(const std::vector<std::string>& arguments, const std::string& logFile)
{
    std::vector<std::string> argvStrings{SAS_GATEWAY_BINARY};
    argvStrings.insert(argvStrings.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& argument : argvStrings)
        argv.push_back(argument.data());
    argv.push_back(nullptr);

    // The caller's SAS_* variables would override the test's files: leave them out.
    std::vector<char*> envp;
    for (char** variable = environ; *variable; ++variable)
        if (std::strncmp(*variable, "SAS_", 4) != 0)
            envp.push_back(*variable);
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw std::runtime_error(std::string("cannot start ") + argv[0] + ": " + std::strerror(rc));
    return pid;
}

void GatewayProcess::start(std::chrono::seconds timeout)
{
    std::vector<std::string> arguments{"serve"};
    const auto config = configArguments();
    arguments.insert(arguments.end(), config.begin(), config.end());
    _pid = spawn(arguments, _var + "/gateway.log");

    const auto deadline = std::chrono::steady_clock::now() + timeout;
    HttpsClient client(_port, ClientTls{});
    while (std::chrono::steady_clock::now() < deadline)
    {
        if (!running())
            throw std::runtime_error("sas-gateway exited with " + std::to_string(_exitStatus) + ":\n" + log());
        try
        {
            if (client.get("/health").status == 200)
                return;
        }
        catch (const Poco::Exception&)
        {
            // not listening yet
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    throw std::runtime_error("sas-gateway did not become healthy in time:\n" + log());
}

void GatewayProcess::signal(int signalNumber)
{
    if (_pid > 0)
        ::kill(_pid, signalNumber);
}

bool GatewayProcess::running()
{
    if (_pid <= 0 || _exitStatus >= 0)
        return false;
    int status = 0;
    const pid_t done = waitpid(_pid, &status, WNOHANG);
    if (done == _pid)
    {
        _exitStatus = decodeStatus(status);
        return false;
    }
    return done == 0;
}

int GatewayProcess::waitForExit(std::chrono::seconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running())
    {
        if (std::chrono::steady_clock::now() >= deadline)
            return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return _exitStatus;
}

std::string GatewayProcess::log() const
{
    std::ifstream file(_var + "/gateway.log");
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

std::string GatewayProcess::embeddedDsn() const
{
    return "host=" + _var + "/pg/run dbname=sas user=sas";
}

GatewayProcess::Outcome GatewayProcess::runCommand(const std::vector<std::string>& arguments)
{
    std::vector<std::string> all = arguments;
    const auto config = configArguments();
    all.insert(all.end(), config.begin(), config.end());
    const std::string logFile = _var + "/command-" + std::to_string(std::rand()) + ".log";
    const pid_t pid = spawn(all, logFile);
    int status = 0;
    waitpid(pid, &status, 0);
    std::ifstream file(logFile);
    std::stringstream text;
    text << file.rdbuf();
    return Outcome{decodeStatus(status), text.str()};
}

} // namespace sas::test
