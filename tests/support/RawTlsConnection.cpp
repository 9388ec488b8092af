#include "tests/support/RawTlsConnection.h"

#include "tests/support/TestPaths.h"

#include <Poco/Crypto/X509Certificate.h>
#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>

namespace sas::test
{
namespace
{

Poco::Net::Context::Ptr clientContext(const std::string& certificate)
{
    const std::string pki = pkiDirectory();
    Poco::Net::Context::Params params;
    params.caLocation = pki + "/ca.pem";
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
    params.loadDefaultCAs = false;
    if (!certificate.empty())
    {
        params.certificateFile = pki + "/" + certificate + ".pem";
        params.privateKeyFile = pki + "/" + certificate + ".key";
    }
    return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
}

} // namespace

RawTlsConnection::RawTlsConnection(int port, const std::string& certificate)
    : _socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), "localhost",
              clientContext(certificate))
{
    _socket.setSendTimeout(Poco::Timespan(10, 0));
}

bool RawTlsConnection::send(std::string_view bytes)
{
    try
    {
        while (!bytes.empty())
        {
            const int sent = _socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
            if (sent <= 0)
                return false;
            bytes.remove_prefix(static_cast<std::size_t>(sent));
        }
        return true;
    }
    catch (const Poco::Exception&)
    {
        return false;
    }
}

RawTlsConnection::Received RawTlsConnection::receiveUntilClosed(std::chrono::milliseconds timeout)
{
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    Received received;
    char buffer[16384];
    while (true)
    {
        const auto left = timeout - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
        if (left.count() <= 0)
            break;
        _socket.setReceiveTimeout(Poco::Timespan(static_cast<long>(left.count()) * 1000));
        try
        {
            const int n = _socket.receiveBytes(buffer, sizeof buffer);
            if (n <= 0)
            {
                received.closed = true;
                break;
            }
            received.bytes.append(buffer, static_cast<std::size_t>(n));
        }
        catch (const Poco::TimeoutException&)
        {
            break;
        }
        catch (const Poco::Exception&)
        {
            received.closed = true; // reset, or TLS torn down by the server
            break;
        }
    }
    received.after = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    return received;
}

int RawTlsConnection::receiveResponseStatus(std::chrono::milliseconds timeout)
{
    auto complete = [this]() -> std::size_t { // the response's length once whole, else 0
        const auto end = _pending.find("\r\n\r\n");
        if (end == std::string::npos)
            return 0;
        std::size_t length = 0;
        if (const auto at = _pending.find("Content-Length: "); at != std::string::npos && at < end)
            length = std::stoul(_pending.substr(at + 16));
        return _pending.size() >= end + 4 + length ? end + 4 + length : 0;
    };
    _socket.setReceiveTimeout(Poco::Timespan(static_cast<long>(timeout.count()) * 1000));
    char buffer[16384];
    std::size_t length = 0;
    while ((length = complete()) == 0)
    {
        const int n = _socket.receiveBytes(buffer, sizeof buffer);
        if (n <= 0)
            return 0;
        _pending.append(buffer, static_cast<std::size_t>(n));
    }
    const int status = statusOf(_pending);
    _pending.erase(0, length);
    return status;
}

std::string RawTlsConnection::serverCertificateSerial()
{
    _socket.completeHandshake();
    return _socket.peerCertificate().serialNumber();
}

std::string certificateSerial(const std::string& pemFile)
{
    return Poco::Crypto::X509Certificate(pemFile).serialNumber();
}

int RawTlsConnection::statusOf(const std::string& bytes)
{
    if (bytes.rfind("HTTP/1.", 0) != 0 || bytes.size() < 12)
        return 0;
    return std::atoi(bytes.substr(9, 3).c_str());
}

} // namespace sas::test
