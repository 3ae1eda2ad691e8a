// veil_first_token_bench: how long a token that arrives from the provider takes to reach `veilctl ask`'s stdout.
//
// A loopback server answers each chat request as an OpenAI-compatible stream, one token at a time: it sends a
// token, notes the time once the bytes are in the kernel's socket buffer, and sends the next only after the token
// has appeared on the stdout of the real `veilctl ask` process that asked. The difference is the latency Veil adds:
// loopback delivery, ChatJob, the stream decoder, ChatSession, the rehydrator and the write to stdout. Tokens that
// hold a placeholder (split across two network chunks every fourth time) are measured too: their original value
// must appear. Target (DESIGN.md): the first token is on screen within 5 ms of arriving.
//
// It needs what `veilctl ask` needs: a Secret Service for the history key, so run it as
//   dbus-run-session -- scripts/with-keyring build/bench/bench/veil_first_token_bench [--runs N] [--veilctl PATH]

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

constexpr int kTokensPerReply = 40;

/// One chat completion chunk carrying `text` as delta content, as an SSE event.
QByteArray chunk(const QByteArray& text)
{
    QByteArray escaped = text;
    escaped.replace('\\', "\\\\").replace('"', "\\\"");
    return QByteArrayLiteral("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                             "\"delta\":{\"content\":\"")
        + escaped + QByteArrayLiteral("\"},\"finish_reason\":null}]}\n\n");
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    const auto index = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

/// Runs veilctl to its end and returns its exit code; output goes to `out`.
int runVeilctl(const QString& veilctl, const QProcessEnvironment& env, const QStringList& arguments,
               QByteArray* out = nullptr)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(veilctl, arguments);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (out != nullptr) {
        *out = process.readAllStandardOutput() + process.readAllStandardError();
    }
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

struct Latencies
{
    std::vector<double> first; ///< ms, the first token of each reply
    std::vector<double> later; ///< ms, every further plain token
    std::vector<double> placeholder; ///< ms, tokens whose placeholder had to be restored
    int failedRuns = 0;
};

/// One `veilctl ask` against the server: the reply is fed one token at a time, each after the previous one showed.
void measureOneAsk(QTcpServer& server, const QString& veilctl, const QProcessEnvironment& env, Latencies& result)
{
    QProcess ask;
    ask.setProcessEnvironment(env);
    // The prompt holds an email address, so the request carries a placeholder the reply can quote back.
    ask.start(veilctl,
              {QStringLiteral("ask"), QStringLiteral("--provider"), QStringLiteral("bench"),
               QStringLiteral("Please write to jane.roe@northwind-traders.com about the benchmark.")});
    ask.closeWriteChannel();

    QTcpSocket* socket = nullptr;
    QByteArray request;
    QByteArray seen; ///< veilctl's stdout so far
    QElapsedTimer clock;
    clock.start();
    qint64 sentAtNs = -1;
    QByteArray expected; ///< what must appear on stdout for the token in flight
    int token = 0;
    bool placeholderToken = false;
    QEventLoop loop;

    const auto sendNext = [&] {
        if (token == kTokensPerReply) {
            socket->write(QByteArrayLiteral("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{"
                                            "\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: "
                                            "[DONE]\n\n"));
            socket->flush();
            socket->disconnectFromHost();
            expected.clear();
            return;
        }
        placeholderToken = token > 0 && token % 4 == 0;
        if (placeholderToken) {
            // The placeholder the prompt's address became, split across two network writes.
            expected = QByteArrayLiteral(" jane.roe@northwind-traders.com");
            socket->write(chunk(QByteArrayLiteral(" [EMA")));
            socket->flush();
            socket->write(chunk(QByteArrayLiteral("IL_1]")));
        } else {
            expected = QByteArrayLiteral(" word") + QByteArray::number(token);
            socket->write(chunk(expected));
        }
        socket->flush(); // into the kernel's socket buffer: the token has "arrived" as far as Veil can tell
        sentAtNs = clock.nsecsElapsed();
        ++token;
    };

    QObject::connect(&ask, &QProcess::readyReadStandardOutput, &loop, [&] {
        const qint64 now = clock.nsecsElapsed();
        seen += ask.readAllStandardOutput();
        if (expected.isEmpty() || sentAtNs < 0 || !seen.contains(expected)) {
            return;
        }
        const double ms = double(now - sentAtNs) / 1e6;
        if (token == 1) {
            result.first.push_back(ms);
        } else if (placeholderToken) {
            result.placeholder.push_back(ms);
        } else {
            result.later.push_back(ms);
        }
        seen.clear();
        sendNext();
    });
    QObject::connect(&server, &QTcpServer::newConnection, &loop, [&] {
        socket = server.nextPendingConnection();
        QObject::connect(socket, &QTcpSocket::readyRead, &loop, [&] {
            request += socket->readAll();
            const qsizetype headerEnd = request.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                return;
            }
            const qsizetype lengthAt = request.toLower().indexOf("content-length:");
            const qsizetype length = lengthAt < 0
                ? 0
                : request.mid(lengthAt + 15, request.indexOf("\r\n", lengthAt) - lengthAt - 15).trimmed().toLongLong();
            if (request.size() < headerEnd + 4 + length || token > 0) {
                return;
            }
            socket->write(QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                            "Cache-Control: no-cache\r\nConnection: close\r\n\r\n"));
            socket->write(QByteArrayLiteral("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{"
                                            "\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}"
                                            "\n\n"));
            socket->flush();
            // Let veilctl settle into waiting, as it would for a real provider's first token.
            QTimer::singleShot(30, &loop, sendNext);
        });
    });
    QObject::connect(&ask, &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    if (ask.state() != QProcess::NotRunning) {
        ask.kill();
        ask.waitForFinished();
    }
    server.disconnect(&loop);
    if (socket != nullptr) {
        socket->deleteLater();
    }
    if (ask.exitStatus() != QProcess::NormalExit || ask.exitCode() != 0 || token < kTokensPerReply) {
        ++result.failedRuns;
        std::fprintf(stderr, "veil_first_token_bench: one ask failed (exit %d, %d tokens): %s\n", ask.exitCode(), token,
                     ask.readAllStandardError().trimmed().constData());
    }
}

void printRow(const char* what, const std::vector<double>& values)
{
    std::printf("%-34s %6zu %9.3f %9.3f %9.3f %9.3f\n", what, values.size(), percentile(values, 0.5),
                percentile(values, 0.9), percentile(values, 0.99), percentile(values, 1.0));
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int runs = 30;
    QString veilctl = QCoreApplication::applicationDirPath() + QStringLiteral("/../app/veilctl");
    const QStringList arguments = QCoreApplication::arguments();
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments[i] == QStringLiteral("--runs") && i + 1 < arguments.size()) {
            runs = std::max(1, arguments[++i].toInt());
        } else if (arguments[i] == QStringLiteral("--veilctl") && i + 1 < arguments.size()) {
            veilctl = arguments[++i];
        } else {
            std::puts("usage: veil_first_token_bench [--runs N] [--veilctl PATH]\n"
                      "  run inside a session bus with a Secret Service: dbus-run-session -- scripts/with-keyring ...");
            return arguments[i] == QStringLiteral("--help") ? 0 : 1;
        }
    }

    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"data", "config", "cache"}) {
        const QString dir = home.filePath(QString::fromLatin1(name));
        QDir().mkpath(dir);
        env.insert(QStringLiteral("XDG_%1_HOME").arg(QString::fromLatin1(name).toUpper()), dir);
    }
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost)) {
        std::fprintf(stderr, "veil_first_token_bench: cannot listen on loopback.\n");
        return 1;
    }
    QByteArray output;
    const QString base = QStringLiteral("http://127.0.0.1:%1/v1").arg(server.serverPort());
    if (runVeilctl(veilctl, env,
                   {QStringLiteral("providers"), QStringLiteral("add"), QStringLiteral("--id"), QStringLiteral("bench"),
                    QStringLiteral("--kind"), QStringLiteral("openai_compatible"), QStringLiteral("--base-url"), base,
                    QStringLiteral("--model"), QStringLiteral("bench-model")},
                   &output)
        != 0) {
        std::fprintf(stderr, "veil_first_token_bench: veilctl providers add failed: %s\n", output.constData());
        return 1;
    }

    Latencies latencies;
    for (int i = 0; i < runs; ++i) {
        measureOneAsk(server, veilctl, env, latencies);
    }
    std::printf("veilctl ask, %d replies of %d tokens each, from the token in the socket to the token on stdout (ms)\n",
                runs, kTokensPerReply);
    std::printf("%-34s %6s %9s %9s %9s %9s\n", "", "count", "median", "p90", "p99", "max");
    printRow("first token", latencies.first);
    printRow("later tokens", latencies.later);
    printRow("tokens restoring a split placeholder", latencies.placeholder);
    if (latencies.failedRuns > 0) {
        std::printf("%d of %d asks failed\n", latencies.failedRuns, runs);
        return 1;
    }
    const double p90 = percentile(latencies.first, 0.9);
    std::printf("target: the first token on stdout within 5 ms of arriving (p90 %.3f ms): %s\n", p90,
                p90 < 5.0 ? "met" : "missed");
    return p90 < 5.0 ? 0 : 2;
}
