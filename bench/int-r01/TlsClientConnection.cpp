#include "bench/int-r01/TlsClientConnection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <strings.h>

namespace sas::bench
{
namespace
{

using core::ErrorCode;

std::string sslError()
{
    char buffer[256];
    ERR_error_string_n(ERR_get_error(), buffer, sizeof buffer);
    return buffer;
}

constexpr std::size_t READ_CHUNK = 64 * 1024;

} // namespace

core::Result<std::shared_ptr<ClientTls>> ClientTls::create(const ClientEndpoint& endpoint)
{
    SSL_CTX* context = SSL_CTX_new(TLS_client_method());
    if (!context)
        return core::fail(ErrorCode::Internal, "SSL_CTX_new: " + sslError());
    std::shared_ptr<ClientTls> tls(new ClientTls(context));
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    if (!endpoint.certificateFile.empty() &&
        (SSL_CTX_use_certificate_chain_file(context, endpoint.certificateFile.c_str()) != 1 ||
         SSL_CTX_use_PrivateKey_file(context, endpoint.keyFile.c_str(), SSL_FILETYPE_PEM) != 1))
        return core::fail(ErrorCode::Invalid, "client certificate " + endpoint.certificateFile + ": " + sslError());
    if (!endpoint.caFile.empty())
    {
        if (SSL_CTX_load_verify_locations(context, endpoint.caFile.c_str(), nullptr) != 1)
            return core::fail(ErrorCode::Invalid, "CA file " + endpoint.caFile + ": " + sslError());
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
    }
    return tls;
}

ClientTls::~ClientTls()
{
    SSL_CTX_free(_context);
}

TlsClientConnection::TlsClientConnection(ClientEndpoint endpoint, std::shared_ptr<ClientTls> tls)
    : _endpoint(std::move(endpoint)), _tls(std::move(tls))
{
}

TlsClientConnection::~TlsClientConnection()
{
    close();
}

void TlsClientConnection::close()
{
    if (_ssl)
    {
        SSL_free(_ssl);
        _ssl = nullptr;
    }
    if (_socket >= 0)
    {
        ::close(_socket);
        _socket = -1;
    }
    _buffer.clear();
    _position = 0;
}

core::Status TlsClientConnection::connect()
{
    close();
    ++_reconnects;
    _socket = ::socket(AF_INET, SOCK_STREAM, 0);
    if (_socket < 0)
        return core::fail(ErrorCode::Unavailable, std::string("socket: ") + std::strerror(errno));
    int one = 1;
    ::setsockopt(_socket, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval timeout{30, 0}; // a stuck server fails the run rather than hanging it
    ::setsockopt(_socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(_socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(_endpoint.port));
    if (::inet_pton(AF_INET, _endpoint.host.c_str(), &address.sin_addr) != 1)
        return core::fail(ErrorCode::Invalid, "not an IPv4 address: " + _endpoint.host);
    if (::connect(_socket, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        return core::fail(ErrorCode::Unavailable, "connect " + _endpoint.host + ":" + std::to_string(_endpoint.port) +
                                                      ": " + std::strerror(errno));
    if (!_endpoint.tls)
        return {};
    _ssl = SSL_new(_tls->context());
    SSL_set_fd(_ssl, _socket);
    SSL_set_tlsext_host_name(_ssl, "localhost");
    if (SSL_connect(_ssl) != 1)
        return core::fail(ErrorCode::Unavailable, "TLS handshake: " + sslError());
    return {};
}

core::Status TlsClientConnection::sendAll(const std::string& data)
{
    std::size_t sent = 0;
    while (sent < data.size())
    {
        const int chunk = static_cast<int>(data.size() - sent);
        const long written = _ssl ? SSL_write(_ssl, data.data() + sent, chunk)
                                  : ::send(_socket, data.data() + sent, static_cast<std::size_t>(chunk), MSG_NOSIGNAL);
        if (written <= 0)
            return core::fail(ErrorCode::Unavailable, "send failed");
        sent += static_cast<std::size_t>(written);
    }
    return {};
}

core::Status TlsClientConnection::readMore()
{
    if (_position > 0 && _position == _buffer.size())
    {
        _buffer.clear();
        _position = 0;
    }
    const std::size_t old = _buffer.size();
    _buffer.resize(old + READ_CHUNK);
    const long got = _ssl ? SSL_read(_ssl, _buffer.data() + old, static_cast<int>(READ_CHUNK))
                          : ::recv(_socket, _buffer.data() + old, READ_CHUNK, 0);
    _buffer.resize(old + static_cast<std::size_t>(got > 0 ? got : 0));
    if (got <= 0)
        return core::fail(ErrorCode::Unavailable, "connection closed");
    return {};
}

core::Result<std::string> TlsClientConnection::readLine()
{
    for (;;)
    {
        const std::size_t end = _buffer.find("\r\n", _position);
        if (end != std::string::npos)
        {
            std::string line = _buffer.substr(_position, end - _position);
            _position = end + 2;
            return line;
        }
        if (auto more = readMore(); !more)
            return core::fail(more.error());
    }
}

core::Status TlsClientConnection::readExactly(std::size_t count, HttpResponse& response, bool keepBody)
{
    while (count > 0)
    {
        if (_position == _buffer.size())
            if (auto more = readMore(); !more)
                return more;
        const std::size_t take = std::min(count, _buffer.size() - _position);
        if (keepBody)
            response.body.append(_buffer, _position, take);
        response.bytes += take;
        _position += take;
        count -= take;
    }
    return {};
}

core::Result<HttpResponse> TlsClientConnection::get(const std::string& target, bool keepBody)
{
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/fhir+json\r\n"
                                                  "Connection: keep-alive\r\n\r\n";
    for (int attempt = 0;; ++attempt)
    {
        if (_socket < 0)
            if (auto connected = connect(); !connected)
                return core::fail(connected.error());
        if (auto sent = sendAll(request); !sent)
        {
            close();
            if (attempt == 0)
                continue; // the server closed an idle keep-alive connection: one retry on a new one
            return core::fail(sent.error());
        }
        auto statusLine = readLine();
        if (!statusLine)
        {
            close();
            if (attempt == 0)
                continue;
            return core::fail(statusLine.error());
        }
        HttpResponse response;
        if (statusLine->size() < 12 || statusLine->compare(0, 5, "HTTP/") != 0)
            return core::fail(ErrorCode::Invalid, "bad status line: " + *statusLine);
        response.status = std::stoi(statusLine->substr(9, 3));
        std::size_t length = 0;
        bool chunked = false;
        bool closeAfter = false;
        for (;;)
        {
            auto line = readLine();
            if (!line)
                return core::fail(line.error());
            if (line->empty())
                break;
            const std::size_t colon = line->find(':');
            if (colon == std::string::npos)
                continue;
            std::string name = line->substr(0, colon);
            std::string value = line->substr(line->find_first_not_of(' ', colon + 1));
            if (strcasecmp(name.c_str(), "content-length") == 0)
                length = std::stoul(value);
            else if (strcasecmp(name.c_str(), "transfer-encoding") == 0 && value.find("chunked") != std::string::npos)
                chunked = true;
            else if (strcasecmp(name.c_str(), "connection") == 0 && strcasecmp(value.c_str(), "close") == 0)
                closeAfter = true;
        }
        if (chunked)
        {
            for (;;)
            {
                auto sizeLine = readLine();
                if (!sizeLine)
                    return core::fail(sizeLine.error());
                const std::size_t size = std::stoul(*sizeLine, nullptr, 16);
                if (auto read = readExactly(size, response, keepBody); !read)
                    return core::fail(read.error());
                if (auto crlf = readLine(); !crlf)
                    return core::fail(crlf.error());
                if (size == 0)
                    break;
            }
        }
        else if (auto read = readExactly(length, response, keepBody); !read)
            return core::fail(read.error());
        if (closeAfter)
            close();
        return response;
    }
}

} // namespace sas::bench
