#pragma once

#include "core/Result.h"

#include <memory>
#include <string>

struct ssl_ctx_st;
struct ssl_st;

namespace sas::bench
{

/// Where and how to connect: plain HTTP, or HTTPS presenting a client certificate (every gateway route needs
/// mutual TLS, which wrk cannot do).
struct ClientEndpoint
{
    std::string host = "127.0.0.1";
    int port = 0;
    bool tls = false;
    std::string certificateFile; ///< PEM client certificate
    std::string keyFile;
    std::string caFile; ///< verifies the server when set
};

/// A TLS client context shared by every connection of a run (one handshake per connection, then keep-alive).
class ClientTls
{
public:
    static core::Result<std::shared_ptr<ClientTls>> create(const ClientEndpoint& endpoint);
    ~ClientTls();
    ssl_ctx_st* context() const { return _context; }

private:
    explicit ClientTls(ssl_ctx_st* context) : _context(context) {}
    ssl_ctx_st* _context;
};

struct HttpResponse
{
    int status = 0;
    std::size_t bytes = 0; ///< body bytes
    std::string body;      ///< kept only when asked
};

/// One keep-alive HTTP/1.1 connection, blocking, used by one thread: GET a target, read the whole response
/// (Content-Length or chunked), reconnect when the server closed it.
class TlsClientConnection
{
public:
    TlsClientConnection(ClientEndpoint endpoint, std::shared_ptr<ClientTls> tls);
    ~TlsClientConnection();
    TlsClientConnection(const TlsClientConnection&) = delete;
    TlsClientConnection& operator=(const TlsClientConnection&) = delete;

    core::Result<HttpResponse> get(const std::string& target, bool keepBody);
    int reconnects() const { return _reconnects; }

private:
    core::Status connect();
    void close();
    core::Status sendAll(const std::string& data);
    /// Fills the buffer with more bytes; fails at end of stream.
    core::Status readMore();
    core::Result<std::string> readLine();
    core::Status readExactly(std::size_t count, HttpResponse& response, bool keepBody);

    ClientEndpoint _endpoint;
    std::shared_ptr<ClientTls> _tls;
    int _socket = -1;
    ssl_st* _ssl = nullptr;
    std::string _buffer;
    std::size_t _position = 0;
    int _reconnects = -1; ///< the first connect is not a reconnect
};

} // namespace sas::bench
