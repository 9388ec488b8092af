#include "tests/support/TestRabbitMq.h"

#include "tests/support/TestPaths.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace sas::test
{
namespace
{

const std::string RABBIT_SBIN = "/usr/lib/rabbitmq/lib/rabbitmq_server-3.10.8/sbin";
const std::string HUB_USER = "fr.health.hub";

std::string escaped(const std::string& id)
{
    std::string out;
    for (char c : id)
        out += c == '.' ? std::string("\\\\.") : std::string(1, c);
    return out;
}

pid_t spawn(const std::vector<std::string>& arguments, const std::vector<std::string>& environment,
            const std::string& logFile)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    std::vector<char*> argv, envp;
    for (const auto& argument : arguments)
        argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    for (const auto& variable : environment)
        envp.push_back(const_cast<char*>(variable.c_str()));
    envp.push_back(nullptr);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP); // its own group: stop() can end the whole node
    posix_spawnattr_setpgroup(&attributes, 0);
    pid_t pid = -1;
    const int failed = posix_spawn(&pid, argv[0], &actions, &attributes, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (failed)
        throw std::runtime_error("cannot start " + arguments[0]);
    return pid;
}

std::string readAll(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TestRabbitMq::TestRabbitMq(std::vector<std::string> clients, std::string serverCertificate)
    : _clients(std::move(clients)), _directory(makeWorkDirectory("rabbitmq")),
      _serverCertificate(std::move(serverCertificate)), _port(freePort()), _distPort(freePort()),
      _epmdPort(freePort()), _ctlPort(freePort())
{
    _node = "sas" + std::to_string(getpid()) + "_" + std::to_string(_port) + "@localhost";
    _certificates = _directory + "/certs";
    std::vector<std::string> users = _clients;
    users.push_back(HUB_USER);
    for (const auto& user : users)
    {
        const std::string command = std::string(SAS_SOURCE_DIR) + "/tests/support/make-client-cert '" + pkiDirectory() +
                                    "' '" + _certificates + "' '" + user + "'";
        if (std::system(command.c_str()) != 0)
            throw std::runtime_error("cannot make the client certificate of " + user);
    }
    ::mkdir((_directory + "/home").c_str(), 0700);
    std::ofstream(_directory + "/home/.erlang.cookie") << "SASTEST" << _port << "COOKIE";
    ::chmod((_directory + "/home/.erlang.cookie").c_str(), 0400);
    writeConfiguration();
}

TestRabbitMq::~TestRabbitMq()
{
    try
    {
        stop();
    }
    catch (...)
    {
    }
}

std::vector<std::string> TestRabbitMq::environment() const
{
    const std::string& d = _directory;
    std::vector<std::string> variables{
        "HOME=" + d + "/home",
        "PATH=/usr/lib/erlang/bin:/usr/bin:/bin",
        "LANG=C.UTF-8",
        "RABBITMQ_NODENAME=" + _node,
        "RABBITMQ_USE_LONGNAME=false",
        "RABBITMQ_CONF_ENV_FILE=" + d + "/rabbitmq-env.conf",
        "RABBITMQ_CONFIG_FILE=" + d + "/rabbitmq.conf",
        "RABBITMQ_ADVANCED_CONFIG_FILE=" + d + "/advanced.config",
        "RABBITMQ_ENABLED_PLUGINS_FILE=" + d + "/enabled_plugins",
        "RABBITMQ_MNESIA_BASE=" + d + "/mnesia",
        "RABBITMQ_LOG_BASE=" + d + "/log",
        "RABBITMQ_PID_FILE=" + d + "/rabbitmq.pid",
        "RABBITMQ_PLUGINS_EXPAND_DIR=" + d + "/plugins-expand",
        "RABBITMQ_DIST_PORT=" + std::to_string(_distPort),
        "ERL_EPMD_PORT=" + std::to_string(_epmdPort),
        "ERL_EPMD_ADDRESS=127.0.0.1",
        "RABBITMQ_CTL_DIST_PORT_MIN=" + std::to_string(_ctlPort),
        "RABBITMQ_CTL_DIST_PORT_MAX=" + std::to_string(_ctlPort + 10),
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}",
    };
    return variables;
}

void TestRabbitMq::writeConfiguration() const
{
    const std::string& d = _directory;
    std::ofstream(d + "/rabbitmq-env.conf") << "";
    std::ofstream(d + "/advanced.config") << "[].\n";
    std::ofstream(d + "/enabled_plugins") << "[rabbitmq_auth_mechanism_ssl].\n";
    const std::string pki = pkiDirectory();
    std::ofstream(d + "/rabbitmq.conf")
        << "listeners.tcp = none\n"
        << "listeners.ssl.default = 127.0.0.1:" << _port << "\n"
        << "ssl_options.cacertfile = " << pki << "/ca.pem\n"
        << "ssl_options.certfile = " << pki << "/" << _serverCertificate << ".pem\n"
        << "ssl_options.keyfile = " << pki << "/" << _serverCertificate << ".key\n"
        << "ssl_options.verify = verify_peer\n"
        << "ssl_options.fail_if_no_peer_cert = true\n"
        << "ssl_options.versions.1 = tlsv1.2\n"
        << "auth_mechanisms.1 = EXTERNAL\n"
        << "ssl_cert_login_from = common_name\n"
        << "log.console = false\n"
        << "log.file.level = info\n"
        << "disk_free_limit.absolute = 50MB\n"
        << "load_definitions = " << d << "/definitions.json\n";

    // The Hub's topology (hub-reference/definitions.json) for our clients.
    // Comma-separated JSON lists, one item per client (and per queue).
    std::string users, permissions, topics, queues, bindings;
    auto add = [](std::string& list, const std::string& item) { list += (list.empty() ? "" : ",") + item; };
    for (const auto& client : _clients)
    {
        add(users, R"({"name":")" + client + R"(","password_hash":"","tags":[]})");
        add(permissions, R"({"user":")" + client + R"(","vhost":"/","configure":"^$","write":"^hubsante$","read":"^)" +
                             escaped(client) + R"(\\..*"})");
        add(topics, R"({"user":")" + client + R"(","vhost":"/","exchange":"hubsante","write":"^)" + escaped(client) +
                        R"($","read":""})");
        for (const char* suffix : {".message", ".ack", ".info"})
        {
            const std::string queue = client + suffix;
            add(queues, R"({"name":")" + queue + R"(","vhost":"/","durable":true,"auto_delete":false,"arguments":{}})");
            add(bindings, R"({"source":"distribution","vhost":"/","destination":")" + queue +
                              R"(","destination_type":"queue","routing_key":")" + queue + R"(","arguments":{}})");
        }
    }
    std::ofstream(d + "/definitions.json")
        << R"({"vhosts":[{"name":"/"}],"users":[)" << users << R"(,{"name":")" << HUB_USER
        << R"(","password_hash":"","tags":[]}],"permissions":[)" << permissions << R"(,{"user":")" << HUB_USER
        << R"(","vhost":"/","configure":"^$","write":"^distribution$","read":"^dispatch$"}],"topic_permissions":[)"
        << topics
        << R"(],"exchanges":[{"name":"hubsante","vhost":"/","type":"topic","durable":true,"auto_delete":false,"internal":false,"arguments":{}},)"
        << R"({"name":"distribution","vhost":"/","type":"direct","durable":true,"auto_delete":false,"internal":false,"arguments":{}}],)"
        << R"("queues":[{"name":"dispatch","vhost":"/","durable":true,"auto_delete":false,"arguments":{}},)" << queues
        << R"(],"bindings":[{"source":"hubsante","vhost":"/","destination":"dispatch","destination_type":"queue","routing_key":"#","arguments":{}},)"
        << bindings << "]}\n";
}

int TestRabbitMq::rabbitmqctl(const std::vector<std::string>& arguments, std::string* output) const
{
    std::vector<std::string> all{RABBIT_SBIN + "/rabbitmqctl"};
    all.insert(all.end(), arguments.begin(), arguments.end());
    const std::string logFile = _directory + "/rabbitmqctl-" + std::to_string(std::rand()) + ".out";
    const pid_t pid = spawn(all, environment(), logFile);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (output)
        *output = readAll(logFile);
    ::unlink(logFile.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void TestRabbitMq::start()
{
    if (_pid > 0)
        return;
    _pid = spawn({RABBIT_SBIN + "/rabbitmq-server"}, environment(), _directory + "/server.out");
    std::string output;
    if (rabbitmqctl({"wait", "--timeout", "90", _directory + "/rabbitmq.pid"}, &output) != 0)
        throw std::runtime_error("RabbitMQ did not start:\n" + output + "\n" + log());
}

void TestRabbitMq::stop()
{
    if (_pid <= 0)
        return;
    rabbitmqctl({"stop", _directory + "/rabbitmq.pid"});
    int status = 0;
    for (int i = 0; i < 300 && ::waitpid(_pid, &status, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (::waitpid(_pid, &status, WNOHANG) == 0)
    {
        ::kill(-_pid, SIGKILL);
        ::waitpid(_pid, &status, 0);
    }
    _pid = -1;
    // epmd outlives the node: end ours (never the system's, on its own port).
    const pid_t epmd = spawn({"/usr/bin/epmd", "-kill"}, environment(), _directory + "/epmd.out");
    ::waitpid(epmd, &status, 0);
}

adapters::hub::AmqpEndpoint TestRabbitMq::endpoint(const std::string& clientId) const
{
    adapters::hub::AmqpEndpoint endpoint;
    endpoint.host = "localhost"; // the server certificate's name: hostname verification stays on
    endpoint.port = _port;
    endpoint.caFile = pkiDirectory() + "/ca.pem";
    endpoint.certificateFile = _certificates + "/" + clientId + ".pem";
    endpoint.keyFile = _certificates + "/" + clientId + ".key";
    endpoint.timeout = std::chrono::milliseconds(5000);
    return endpoint;
}

std::vector<std::string> TestRabbitMq::gatewaySettings(const std::string& clientId) const
{
    const auto e = endpoint(clientId);
    return {"hub.amqp.host=localhost",
            "hub.amqp.port=" + std::to_string(_port),
            "hub.amqp.caFile=" + e.caFile,
            "hub.amqp.certificateFile=" + e.certificateFile,
            "hub.amqp.keyFile=" + e.keyFile,
            "hub.senderId=" + clientId};
}

long TestRabbitMq::messagesIn(const std::string& queue) const
{
    std::string output;
    if (rabbitmqctl({"list_queues", "-q", "--no-table-headers", "name", "messages"}, &output) != 0)
        return -1;
    std::istringstream lines(output);
    std::string name;
    long count = 0;
    while (lines >> name >> count)
        if (name == queue)
            return count;
    return -1;
}

std::string TestRabbitMq::log() const
{
    return readAll(_directory + "/server.out") + readAll(_directory + "/log/" + _node + ".log");
}

} // namespace sas::test
