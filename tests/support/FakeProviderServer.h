#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>
#include <QUrl>

#include <deque>
#include <functional>

namespace veil::test {

/// One request as it reached the fake server: what left the machine.
struct RecordedRequest
{
    QByteArray method;
    QByteArray path; ///< with the query, as sent on the request line
    QList<QPair<QByteArray, QByteArray>> headers; ///< names lower-cased, in the order sent
    QByteArray body;

    /// The first value of header `name` (lower-case), empty if absent.
    QByteArray header(const QByteArray& name) const;
};

/// How the fake server answers one request.
struct FakeResponse
{
    enum class Chunks {
        Whole, ///< the body in one write
        Fixed, ///< pieces of chunkSize bytes
        Random, ///< pieces of 1..chunkSize bytes, repeatable for a seed
    };

    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers; ///< besides Transfer-Encoding and Connection, which are set
    QByteArray body;
    Chunks chunks = Chunks::Whole;
    int chunkSize = 1;
    unsigned seed = 1;
    int delayMs = 0; ///< between pieces (0: each piece in its own event-loop turn)
    qint64 stallAfter = -1; ///< send this many body bytes, then nothing more, keeping the connection open
    qint64 closeAfter = -1; ///< send this many body bytes, then close the connection without ending the body
    QByteArray garbage; ///< when set: send these bytes instead of an HTTP response, then close
    /// When set, the body is made as it is sent: piece after piece of generate(bytes sent so far) until it returns
    /// an empty array, each only when the socket has written the one before. A body of any size then takes little
    /// memory on this side (`body` and `chunks` are not used).
    std::function<QByteArray(qint64 sent)> generate;

    static FakeResponse json(int status, const QByteArray& body, QList<QPair<QByteArray, QByteArray>> headers = {});
    static FakeResponse stream(const QByteArray& body, const QByteArray& contentType);
};

/// A scripted HTTP/1.1 server on 127.0.0.1 (port chosen by the system) standing in for a provider.
///
/// Records every request (method, path, headers, body) and answers the n-th with the n-th queued FakeResponse
/// (a 500 when the script has run out). Bodies go out with chunked transfer encoding, one HTTP chunk per piece,
/// and every connection is closed after its answer. Single-threaded: runs on the test's event loop.
class FakeProviderServer : public QObject
{
    Q_OBJECT

public:
    explicit FakeProviderServer(QObject* parent = nullptr);
    ~FakeProviderServer() override;

    bool listening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    /// http://127.0.0.1:PORT followed by `path` (e.g. "/v1").
    QUrl url(const QString& path = {}) const;

    void enqueue(FakeResponse response) { m_script.push_back(std::move(response)); }
    const QList<RecordedRequest>& requests() const { return m_requests; }
    /// Connections accepted so far (a refused or garbage answer still counts).
    int connections() const { return m_connections; }

Q_SIGNALS:
    void requestReceived();

private:
    class Connection;
    void onNewConnection();
    FakeResponse next();

    QTcpServer m_server;
    std::deque<FakeResponse> m_script;
    QList<RecordedRequest> m_requests;
    int m_connections = 0;
};

} // namespace veil::test
