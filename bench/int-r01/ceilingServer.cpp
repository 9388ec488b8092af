// sas-bench-ceiling: the gateway's HTTP stack with the work taken out. Same TLS context (app/ServerTlsContext),
// same identities, request pipeline (request id, certificate identity, access rules, routing, metrics, access log),
// same server parameters and thread pool as app/Gateway, read from the same configuration files; its one route,
// GET /fhir/{type}, answers the bytes the gateway produced for that exact request (recorded by
// `sas-bench-client --dump`). What the gateway does beyond this is its search: parsing, SQL, Bundle assembly.
// Bench-only: the product has no such route.

#include "app/GatewayConfig.h"
#include "app/ServerTlsContext.h"
#include "fhir/rest/CertificateIdentityMap.h"
#include "fhir/rest/Exchange.h"
#include "fhir/rest/HttpMetrics.h"
#include "fhir/rest/InFlightRequests.h"
#include "fhir/rest/RequestPipeline.h"
#include "fhir/rest/Router.h"

#include <Poco/AutoPtr.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/LoggingConfigurator.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <unordered_map>

namespace
{

using namespace sas;

[[noreturn]] void die(const std::string& message)
{
    std::cerr << "sas-bench-ceiling: " << message << "\n";
    std::exit(1);
}

/// target → body, from the file `sas-bench-client --dump` writes ("target\tlength\n" then the bytes).
std::unordered_map<std::string, std::string> readResponses(const std::string& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        die("cannot read " + file);
    std::unordered_map<std::string, std::string> responses;
    for (std::string header; std::getline(in, header);)
    {
        const std::size_t tab = header.rfind('\t');
        if (tab == std::string::npos)
            die("malformed " + file);
        std::string body(std::stoul(header.substr(tab + 1)), '\0');
        in.read(body.data(), static_cast<std::streamsize>(body.size()));
        responses.emplace(header.substr(0, tab), std::move(body));
    }
    return responses;
}

} // namespace

int main(int argc, char** argv)
{
    // Blocked before any thread starts, so every thread inherits the mask and only sigwait below sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &signals, nullptr);

    Poco::AutoPtr<Poco::Util::LayeredConfiguration> layers(new Poco::Util::LayeredConfiguration);
    Poco::AutoPtr<Poco::Util::MapConfiguration> overrides(new Poco::Util::MapConfiguration);
    std::string responsesFile;
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        if (i + 1 >= argc)
            die(arg + " needs a value (--config-file FILE, --set key=value, --responses FILE)");
        const std::string value = argv[++i];
        if (arg == "--config-file")
            layers->add(new Poco::Util::PropertyFileConfiguration(value), 0); // later files win, as in the gateway
        else if (arg == "--set" && value.find('=') != std::string::npos)
            overrides->setString(value.substr(0, value.find('=')), value.substr(value.find('=') + 1));
        else if (arg == "--responses")
            responsesFile = value;
        else
            die("unknown option " + arg);
    }
    if (const char* var = std::getenv("SAS_VAR_DIR"); var && *var)
        overrides->setString("paths.var", var);
    if (const char* port = std::getenv("SAS_HTTPS_PORT"); port && *port)
        overrides->setString("server.https.port", port);
    layers->add(overrides, -100);
    if (responsesFile.empty())
        die("--responses is required");

    try
    {
        Poco::Util::LoggingConfigurator().configure(layers->createView("logging"));
        const app::GatewayConfig config = app::parseGatewayConfig(*layers);
        const auto responses = readResponses(responsesFile);

        fhir::rest::Router router;
        const auto readers = fhir::rest::Access::forKinds(
            {core::IdentityKind::Vendor, core::IdentityKind::Lrm, core::IdentityKind::Admin});
        router.add("GET", "/fhir/{type}", readers, [&responses](fhir::rest::Exchange& exchange) -> core::Status {
            auto representation = exchange.representation();
            if (!representation)
                return core::fail(representation.error());
            const auto found = responses.find(exchange.request().getURI());
            if (found == responses.end())
                return core::fail(core::ErrorCode::NotFound, "no recorded response for this request");
            exchange.sendText(found->second, representation->contentType, 200);
            return {};
        });

        fhir::rest::CertificateIdentityMap identities(config.identities);
        fhir::rest::HttpMetrics metrics;
        fhir::rest::InFlightRequests inFlight;
        Poco::ThreadPool threads("https", 2, config.server.threads);
        auto context = app::makeServerTlsContext(config.tls);
        Poco::Net::SecureServerSocket socket(context);
        socket.bind(Poco::Net::SocketAddress(config.server.bindAddress,
                                             static_cast<Poco::UInt16>(config.server.httpsPort)),
                    true);
        socket.listen(128);
        auto* params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(config.server.threads);
        params->setMaxQueued(config.server.maxQueued);
        params->setKeepAlive(true);
        params->setKeepAliveTimeout(Poco::Timespan(config.server.keepAliveTimeout.count(), 0));
        params->setTimeout(Poco::Timespan(config.server.receiveTimeout.count(), 0));
        params->setServerName("sas-gateway");
        Poco::Net::HTTPServer server(
            new fhir::rest::RequestPipeline(router, identities, metrics, inFlight, config.server.limits), threads,
            socket, params);
        server.start();
        std::cout << "sas-bench-ceiling: " << responses.size() << " responses on https://" << config.server.bindAddress
                  << ":" << config.server.httpsPort << std::endl;

        int received = 0;
        sigwait(&signals, &received);
        server.stopAll(true);
    }
    catch (const std::exception& e)
    {
        die(e.what());
    }
    return 0;
}
