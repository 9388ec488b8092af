#include "fhir/rest/DeadlineConnectionFactory.h"

#include <Poco/Net/HTTPServerConnection.h>

namespace sas::fhir::rest
{
namespace
{

class WatchedConnection final : public Poco::Net::HTTPServerConnection
{
public:
    WatchedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                      Poco::Net::HTTPRequestHandlerFactory::Ptr handlers, std::shared_ptr<HeaderDeadline> deadline)
        : HTTPServerConnection(socket, std::move(params), std::move(handlers)), _deadline(std::move(deadline))
    {
    }

    void run() override
    {
        const HeaderDeadline::Watch watch(*_deadline, socket().impl()->sockfd());
        HTTPServerConnection::run();
    }

private:
    std::shared_ptr<HeaderDeadline> _deadline; ///< kept alive until the connection's thread is done with it
};

} // namespace

DeadlineConnectionFactory::DeadlineConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                                                     Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                                                     std::shared_ptr<HeaderDeadline> deadline)
    : _params(std::move(params)), _handlers(std::move(handlers)), _deadline(std::move(deadline))
{
}

Poco::Net::TCPServerConnection* DeadlineConnectionFactory::createConnection(const Poco::Net::StreamSocket& socket)
{
    return new WatchedConnection(socket, _params, _handlers, _deadline);
}

} // namespace sas::fhir::rest
