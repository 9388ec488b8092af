#pragma once

#include "fhir/rest/HeaderDeadline.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <memory>

namespace sas::fhir::rest
{

/// POCO's HTTP server connections, each watched by a HeaderDeadline for as long as it is served. What
/// Poco::Net::HTTPServer builds, plus the deadline; serve it with a Poco::Net::TCPServer.
class DeadlineConnectionFactory final : public Poco::Net::TCPServerConnectionFactory
{
public:
    DeadlineConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                              Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, std::shared_ptr<HeaderDeadline> deadline);

    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

private:
    Poco::Net::HTTPServerParams::Ptr _params;
    Poco::Net::HTTPRequestHandlerFactory::Ptr _handlers;
    std::shared_ptr<HeaderDeadline> _deadline; ///< shared with every connection: a connection may outlive the server
};

} // namespace sas::fhir::rest
