// veilctl providers, keys and ask, run as the real binary with their own XDG folders, against a loopback fake
// provider that records every byte it receives, and the private gnome-keyring of scripts/with-keyring.
#include "keychain/LibsecretStore.h"
#include "support/FakeProviderServer.h"
#include "support/TestData.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <functional>
#include <sys/resource.h>

using veil::test::FakeProviderServer;
using veil::test::FakeResponse;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QByteArray cmdline; ///< /proc/PID/cmdline, read while the process ran
};

bool keyringAvailable()
{
    return veil::test::availableOrFailInCi(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
                                               && qEnvironmentVariableIsSet("VEIL_TEST_KEYRING"),
                                           "a private gnome-keyring (dbus-run-session -- scripts/with-keyring)");
}

/// A machine of its own: XDG data, config and cache folders; the session bus (and keyring) of the test run.
class Machine
{
public:
    Machine()
    {
        m_env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"data", "config", "cache"}) {
            QDir().mkpath(m_home.filePath(QString::fromLatin1(name)));
        }
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        m_env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
    }

    /// Runs veilctl while this process's event loop keeps serving the fake provider.
    Run veilctl(const QStringList& arguments, const QByteArray& input = {}) const
    {
        QProcess process;
        process.setProcessEnvironment(m_env);
        process.start(QStringLiteral(VEILCTL_PATH), arguments);
        REQUIRE(process.waitForStarted());
        Run run;
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(process.processId()));
        if (cmdline.open(QIODevice::ReadOnly)) {
            run.cmdline = cmdline.readAll();
        }
        process.write(input);
        process.closeWriteChannel();
        QEventLoop loop;
        QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        if (process.state() != QProcess::NotRunning) {
            loop.exec();
        }
        REQUIRE(process.state() == QProcess::NotRunning);
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    /// Starts veilctl without waiting for it; `input` goes to its standard input.
    void start(QProcess& process, const QStringList& arguments, const QByteArray& input = {}) const
    {
        process.setProcessEnvironment(m_env);
        process.start(QStringLiteral(VEILCTL_PATH), arguments);
        REQUIRE(process.waitForStarted());
        process.write(input);
        process.closeWriteChannel();
    }

    QString path(const QString& relative) const { return m_home.filePath(relative); }

    /// Every file under the data, config and cache folders, with its bytes.
    QList<QPair<QString, QByteArray>> files() const
    {
        QList<QPair<QString, QByteArray>> result;
        for (const char* name : {"data", "config", "cache"}) {
            QDirIterator it(m_home.filePath(QString::fromLatin1(name)), QDir::Files | QDir::Hidden,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString file = it.next();
                result.append({file, veil::test::readFile(file)});
            }
        }
        return result;
    }

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
};

/// An OpenAI-style stream whose text names a placeholder split across two events.
QByteArray openAiStream(const QList<QByteArray>& pieces)
{
    QByteArray body;
    for (const QByteArray& piece : pieces) {
        QJsonObject delta{{QStringLiteral("content"), QString::fromUtf8(piece)}};
        QJsonObject choice{{QStringLiteral("index"), 0},
                           {QStringLiteral("delta"), delta},
                           {QStringLiteral("finish_reason"), QJsonValue()}};
        QJsonObject chunk{{QStringLiteral("id"), QStringLiteral("chatcmpl-test")},
                          {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                          {QStringLiteral("choices"), QJsonArray{choice}}};
        body += "data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n";
    }
    body += R"(data: {"id":"chatcmpl-test","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},)"
            R"("finish_reason":"stop"}]})"
            "\n\ndata: [DONE]\n\n";
    return body;
}

FakeResponse streamed(const QByteArray& body)
{
    FakeResponse response = FakeResponse::stream(body, "text/event-stream");
    response.chunks = FakeResponse::Chunks::Random;
    response.chunkSize = 17;
    return response;
}

int64_t conversationIdFrom(const QByteArray& err)
{
    const auto match = QRegularExpression(QStringLiteral("conversation: (\\d+)")).match(QString::fromUtf8(err));
    return match.hasMatch() ? match.captured(1).toLongLong() : 0;
}

QString uniqueProvider();

/// Runs this process's event loop (which serves the fake provider) until `done` or a minute has passed.
bool spinUntil(const std::function<bool()>& done)
{
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            loop.quit();
        }
    });
    poll.start(10);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    if (!done()) {
        loop.exec();
    }
    return done();
}

/// The largest resident set of any child process this test process has waited for, in KiB.
long largestChildRssKiB()
{
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss;
}

/// A configured openai_compatible provider at `server`, with a key in the keychain.
QString addProvider(const Machine& machine, const FakeProviderServer& server)
{
    const QString provider = uniqueProvider();
    REQUIRE(machine
                .veilctl({QStringLiteral("providers"), QStringLiteral("add"), QStringLiteral("--id"), provider,
                          QStringLiteral("--kind"), QStringLiteral("openai_compatible"), QStringLiteral("--base-url"),
                          server.url(QStringLiteral("/v1")).toString(), QStringLiteral("--model"),
                          QStringLiteral("gpt-test")})
                .exitCode
            == 0);
    const QByteArray apiKey = "sk-veiltest-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    REQUIRE(machine.veilctl({QStringLiteral("keys"), QStringLiteral("set"), provider}, apiKey).exitCode == 0);
    return provider;
}

/// One SSE event of 100 MiB, made piece by piece as the socket takes it (so that the test process stays small,
/// and so does the veilctl it forks).
FakeResponse hugeLine()
{
    constexpr qint64 kLine = qint64(100) << 20;
    FakeResponse huge = FakeResponse::stream({}, "text/event-stream");
    huge.generate = [](qint64 sent) -> QByteArray {
        if (sent == 0) {
            return "data: ";
        }
        if (sent < kLine) {
            return QByteArray(int(std::min<qint64>(1 << 20, kLine - sent)), 'a');
        }
        return sent == kLine ? QByteArray("\n\n") : QByteArray();
    };
    return huge;
}

QString uniqueProvider()
{
    return QStringLiteral("fake-") + QString::number(QRandomGenerator::global()->generate64(), 36);
}

const QByteArray kEmail = "jane.doe@acme-corp.io";
const QByteArray kAwsKey = "AKIAZ7Q2WXV4T3JMPL6N";
const QByteArray kPrivateKey
    = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz"
      "c2gtZWQyNTUxOQAAACBZq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Q==\n"
      "-----END OPENSSH PRIVATE KEY-----\n";

} // namespace

TEST_CASE("providers add, list and remove keep providers.json private and refuse http off loopback", "[cli][providers]")
{
    Machine machine;
    const Run empty = machine.veilctl({QStringLiteral("providers"), QStringLiteral("list")});
    CHECK(empty.exitCode == 0);
    CHECK(empty.out.startsWith("inspector\tinspector"));

    const Run added = machine.veilctl({QStringLiteral("providers"), QStringLiteral("add"), QStringLiteral("--id"),
                                       QStringLiteral("local"), QStringLiteral("--kind"),
                                       QStringLiteral("openai_compatible"), QStringLiteral("--base-url"),
                                       QStringLiteral("http://127.0.0.1:8080/v1"), QStringLiteral("--model"),
                                       QStringLiteral("m1"), QStringLiteral("--model"), QStringLiteral("m2")});
    INFO(added.err.toStdString());
    CHECK(added.exitCode == 0);
    const QString file = machine.path(QStringLiteral("config/veil/providers.json"));
    REQUIRE(QFileInfo::exists(file));
    CHECK(QFileInfo(file).permissions()
          == (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser));
    const Run listed = machine.veilctl({QStringLiteral("providers"), QStringLiteral("list")});
    CHECK(listed.out.contains("local\topenai_compatible\thttp://127.0.0.1:8080/v1\tm1,m2"));

    const Run insecure = machine.veilctl({QStringLiteral("providers"), QStringLiteral("add"), QStringLiteral("--id"),
                                          QStringLiteral("remote"), QStringLiteral("--kind"), QStringLiteral("openai"),
                                          QStringLiteral("--base-url"), QStringLiteral("http://api.example.com/v1")});
    CHECK(insecure.exitCode == 1);
    CHECK_FALSE(machine.veilctl({QStringLiteral("providers"), QStringLiteral("list")}).out.contains("remote"));

    const Run badKind = machine.veilctl({QStringLiteral("providers"), QStringLiteral("add"), QStringLiteral("--id"),
                                         QStringLiteral("x"), QStringLiteral("--kind"), QStringLiteral("inspector"),
                                         QStringLiteral("--base-url"), QStringLiteral("https://x.example/v1")});
    CHECK(badKind.exitCode == 1);

    CHECK(machine.veilctl({QStringLiteral("providers"), QStringLiteral("remove"), QStringLiteral("local")}).exitCode
          == 0);
    CHECK(machine.veilctl({QStringLiteral("providers"), QStringLiteral("remove"), QStringLiteral("local")}).exitCode
          == 1);
    CHECK(machine.veilctl({QStringLiteral("providers"), QStringLiteral("remove"), QStringLiteral("inspector")}).exitCode
          == 1);
}

TEST_CASE("keys set reads the key from stdin and never argv, list shows names only, delete removes it", "[cli][keys]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    const QString provider = uniqueProvider();
    const QByteArray key = "sk-veiltest-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    const Run set = machine.veilctl({QStringLiteral("keys"), QStringLiteral("set"), provider}, key + "\n");
    INFO(set.err.toStdString());
    CHECK(set.exitCode == 0);
    CHECK_FALSE(set.cmdline.isEmpty());
    CHECK_FALSE(set.cmdline.contains(key));
    CHECK_FALSE(set.out.contains(key));
    CHECK_FALSE(set.err.contains(key));

    const Run list = machine.veilctl({QStringLiteral("keys"), QStringLiteral("list")});
    CHECK(list.exitCode == 0);
    CHECK(list.out.contains(provider.toUtf8()));
    CHECK_FALSE(list.out.contains(key));

    CHECK(machine.veilctl({QStringLiteral("keys"), QStringLiteral("delete"), provider}).exitCode == 0);
    CHECK(machine.veilctl({QStringLiteral("keys"), QStringLiteral("delete"), provider}).exitCode == 1);
    CHECK_FALSE(machine.veilctl({QStringLiteral("keys"), QStringLiteral("list")}).out.contains(provider.toUtf8()));
}

TEST_CASE("ask sends only placeholders, restores the reply, continues the conversation and leaves nothing readable",
          "[cli][ask]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    FakeProviderServer server;
    REQUIRE(server.listening());
    const QString provider = uniqueProvider();
    REQUIRE(machine
                .veilctl({QStringLiteral("providers"), QStringLiteral("add"), QStringLiteral("--id"), provider,
                          QStringLiteral("--kind"), QStringLiteral("openai_compatible"), QStringLiteral("--base-url"),
                          server.url(QStringLiteral("/v1")).toString(), QStringLiteral("--model"),
                          QStringLiteral("gpt-test")})
                .exitCode
            == 0);
    const QByteArray apiKey = "sk-veiltest-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    REQUIRE(machine.veilctl({QStringLiteral("keys"), QStringLiteral("set"), provider}, apiKey).exitCode == 0);

    server.enqueue(streamed(openAiStream({"I will write to [EMA", "IL_1] about ", "the key [AWS_KEY_1]."})));
    const QByteArray prompt = "Please mail " + kEmail + " about the leaked key " + kAwsKey + " today.";
    const Run first
        = machine.veilctl({QStringLiteral("ask"), QStringLiteral("--provider"), provider, QString::fromUtf8(prompt)});
    INFO(first.err.toStdString());
    REQUIRE(first.exitCode == 0);
    REQUIRE(server.requests().size() == 1);
    const auto& request = server.requests().at(0);
    CHECK(request.path == "/v1/chat/completions");
    CHECK(request.header("authorization") == "Bearer " + apiKey);
    CHECK_FALSE(request.body.contains(kEmail));
    CHECK_FALSE(request.body.contains(kAwsKey));
    CHECK(request.body.contains("[EMAIL_1]"));
    CHECK(request.body.contains("[AWS_KEY_1]"));
    CHECK(first.out == "I will write to " + kEmail + " about the key " + kAwsKey + ".");
    CHECK_FALSE(first.cmdline.contains(apiKey));
    const int64_t conversation = conversationIdFrom(first.err);
    REQUIRE(conversation > 0);

    // The second turn carries the history as it was sent and received, with the same placeholders.
    server.enqueue(streamed(openAiStream({"Done: [EMAIL_1]"})));
    const Run second = machine.veilctl({QStringLiteral("ask"), QStringLiteral("--provider"), provider,
                                        QStringLiteral("--conversation"), QString::number(conversation),
                                        QStringLiteral("--raw"), QStringLiteral("-")},
                                       "And cc " + kEmail + " again.");
    INFO(second.err.toStdString());
    REQUIRE(second.exitCode == 0);
    CHECK(second.out == "Done: [EMAIL_1]");
    CHECK(conversationIdFrom(second.err) == conversation);
    REQUIRE(server.requests().size() == 2);
    const QJsonArray messages
        = QJsonDocument::fromJson(server.requests().at(1).body).object().value(QStringLiteral("messages")).toArray();
    REQUIRE(messages.size() == 3);
    CHECK(messages.at(0).toObject().value(QStringLiteral("content")).toString()
          == QStringLiteral("Please mail [EMAIL_1] about the leaked key [AWS_KEY_1] today."));
    CHECK(messages.at(1).toObject().value(QStringLiteral("role")).toString() == QStringLiteral("assistant"));
    CHECK(messages.at(1).toObject().value(QStringLiteral("content")).toString()
          == QStringLiteral("I will write to [EMAIL_1] about the key [AWS_KEY_1]."));
    CHECK(messages.at(2).toObject().value(QStringLiteral("content")).toString()
          == QStringLiteral("And cc [EMAIL_1] again."));
    CHECK_FALSE(server.requests().at(1).body.contains(kEmail));

    // A private key is blocked: exit 2, the rule named, nothing sent.
    const Run blocked
        = machine.veilctl({QStringLiteral("ask"), QStringLiteral("--provider"), provider, QStringLiteral("-")},
                          "Why does this fail?\n" + kPrivateKey);
    CHECK(blocked.exitCode == 2);
    CHECK(blocked.err.contains("blocked by rule"));
    CHECK(server.requests().size() == 2);
    CHECK(server.connections() == 2);

    // The history database is encrypted: no prompt text in it, and sqlite3 cannot read it.
    const QString database = machine.path(QStringLiteral("data/veil/history.db"));
    REQUIRE(QFileInfo::exists(database));
    QProcess sqlite;
    sqlite.start(QStringLiteral("sqlite3"), {database, QStringLiteral("SELECT count(*) FROM sqlite_master;")});
    if (sqlite.waitForStarted()) {
        REQUIRE(sqlite.waitForFinished(30000));
        CHECK(sqlite.exitCode() != 0);
    }

    // The database key from the keychain, to look for it in the files.
    veil::keychain::LibsecretStore store;
    auto read = store.read(veil::keychain::SecretKind::DbKey, QFileInfo(database).absoluteFilePath());
    QEventLoop loop;
    QObject::connect(read.get(), &veil::Job::finished, &loop, &QEventLoop::quit);
    read->start();
    loop.exec();
    REQUIRE(read->ok());
    const QByteArray dbKey = read->secret().view().toByteArray();
    REQUIRE(dbKey.size() == 32);

    const auto files = machine.files();
    CHECK(files.size() >= 2);
    for (const auto& [file, bytes] : files) {
        INFO(file.toStdString());
        CHECK_FALSE(bytes.startsWith("SQLite format 3"));
        for (const QByteArray& secret :
             {kEmail, kAwsKey, QByteArray("leaked key"), QByteArray("Please mail"), QByteArray("[EMAIL_1]"), apiKey,
              dbKey, dbKey.toHex(), dbKey.toHex().toUpper()}) {
            CHECK_FALSE(bytes.contains(secret));
        }
    }
}

TEST_CASE("the inspector provider is the default and prints the redacted request without sending it", "[cli][ask]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    const Run run = machine.veilctl({QStringLiteral("ask"), QString::fromUtf8("Write to " + kEmail)});
    INFO(run.err.toStdString());
    REQUIRE(run.exitCode == 0);
    const QJsonObject body = QJsonDocument::fromJson(run.out).object();
    REQUIRE_FALSE(body.isEmpty());
    const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
    REQUIRE(messages.size() == 1);
    CHECK(messages.at(0).toObject().value(QStringLiteral("content")).toString()
          == QStringLiteral("Write to [EMAIL_1]"));
    CHECK_FALSE(run.out.contains(kEmail));
    CHECK(conversationIdFrom(run.err) > 0);
}

TEST_CASE("ask refuses a provider that is not configured", "[cli][ask]")
{
    Machine machine;
    const Run usage = machine.veilctl(
        {QStringLiteral("ask"), QStringLiteral("--provider"), QStringLiteral("nope"), QStringLiteral("hello")});
    CHECK(usage.exitCode == 1);
    CHECK(usage.err.contains("no provider nope"));
}

TEST_CASE("providers models lists what the provider offers, with the key from the keychain", "[cli][providers]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    FakeProviderServer server;
    REQUIRE(server.listening());

    const Run inspector
        = machine.veilctl({QStringLiteral("providers"), QStringLiteral("models"), QStringLiteral("inspector")});
    CHECK(inspector.exitCode == 0);
    CHECK(inspector.out == "inspector\n");
    CHECK(server.requests().isEmpty());

    const QString provider = uniqueProvider();
    const QByteArray key = "sk-ant-veiltest-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    REQUIRE(machine
                .veilctl({QStringLiteral("providers"), QStringLiteral("add"), QStringLiteral("--id"), provider,
                          QStringLiteral("--kind"), QStringLiteral("anthropic"), QStringLiteral("--base-url"),
                          server.url().toString()})
                .exitCode
            == 0);
    const Run noKey = machine.veilctl({QStringLiteral("providers"), QStringLiteral("models"), provider});
    CHECK(noKey.exitCode == 1);
    CHECK(noKey.err.contains("no API key"));
    CHECK(server.requests().isEmpty());

    REQUIRE(machine.veilctl({QStringLiteral("keys"), QStringLiteral("set"), provider}, key + "\n").exitCode == 0);
    server.enqueue(FakeResponse::json(
        200, R"({"data":[{"id":"claude-a"},{"id":"claude-b"}],"has_more":true,"last_id":"claude-b"})"));
    server.enqueue(FakeResponse::json(200, R"({"data":[{"id":"claude-c"}],"has_more":false,"last_id":"claude-c"})"));
    const Run listed = machine.veilctl({QStringLiteral("providers"), QStringLiteral("models"), provider});
    INFO(listed.err.toStdString());
    CHECK(listed.exitCode == 0);
    CHECK(listed.out == "claude-a\nclaude-b\nclaude-c\n");
    REQUIRE(server.requests().size() == 2);
    CHECK(server.requests().at(0).header("x-api-key") == key);
    CHECK_FALSE(listed.cmdline.contains(key));

    server.enqueue(FakeResponse::json(
        401, R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key )" + key + "\"}}"));
    const Run denied = machine.veilctl({QStringLiteral("providers"), QStringLiteral("models"), provider});
    CHECK(denied.exitCode == 4);
    CHECK(denied.err.contains("401"));
    CHECK_FALSE(denied.err.contains(key));
    CHECK_FALSE(denied.out.contains(key));

    server.enqueue(FakeResponse::json(200, R"({"data":[{"id":"claude-a"})"));
    const Run malformed = machine.veilctl({QStringLiteral("providers"), QStringLiteral("models"), provider});
    CHECK(malformed.exitCode == 4);
    CHECK(malformed.err.contains("cannot read"));
    CHECK(machine.veilctl({QStringLiteral("keys"), QStringLiteral("delete"), provider}).exitCode == 0);
}

TEST_CASE("providers add with fetch-models stores the listed models", "[cli][providers]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    FakeProviderServer server;
    REQUIRE(server.listening());
    server.enqueue(FakeResponse::json(200, R"({"models":[{"name":"llama3.2:3b"},{"name":"phi4:14b"}]})"));
    const QString provider = uniqueProvider();
    const Run added = machine.veilctl({QStringLiteral("providers"), QStringLiteral("add"), QStringLiteral("--id"),
                                       provider, QStringLiteral("--kind"), QStringLiteral("ollama"),
                                       QStringLiteral("--base-url"), server.url().toString(), QStringLiteral("--model"),
                                       QStringLiteral("phi4:14b"), QStringLiteral("--fetch-models")});
    INFO(added.err.toStdString());
    CHECK(added.exitCode == 0);
    REQUIRE(server.requests().size() == 1);
    CHECK(server.requests().first().path == "/api/tags");
    const Run listed = machine.veilctl({QStringLiteral("providers"), QStringLiteral("list")});
    CHECK(listed.out.contains(QByteArray(provider.toUtf8() + "\tollama\t")));
    CHECK(listed.out.contains("\tphi4:14b,llama3.2:3b\n"));

    server.enqueue(FakeResponse::json(200, "not json"));
    const QString other = uniqueProvider();
    const Run failed
        = machine.veilctl({QStringLiteral("providers"), QStringLiteral("add"), QStringLiteral("--id"), other,
                           QStringLiteral("--kind"), QStringLiteral("openai_compatible"), QStringLiteral("--base-url"),
                           server.url(QStringLiteral("/v1")).toString(), QStringLiteral("--fetch-models")});
    CHECK(failed.exitCode == 4);
    CHECK_FALSE(machine.veilctl({QStringLiteral("providers"), QStringLiteral("list")}).out.contains(other.toUtf8()));
}

TEST_CASE("workspace context is redacted, sent only within its workspace, and capped at 64 KiB", "[cli][workspaces]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    const QString workspace = QStringLiteral("ws-") + uniqueProvider();
    const auto veilctl = [&machine](QStringList arguments, const QByteArray& input = {}) {
        return machine.veilctl(arguments, input);
    };
    // A workspace must exist before it has a context.
    CHECK(veilctl({QStringLiteral("workspaces"), QStringLiteral("context"), QStringLiteral("set"), workspace},
                  "Reply in German.\n")
              .exitCode
          == 1);
    REQUIRE(veilctl({QStringLiteral("workspaces"), QStringLiteral("add"), workspace}).exitCode == 0);
    const QByteArray context = "Reply in German. The project lead is " + kEmail + ".\n";
    const Run set
        = veilctl({QStringLiteral("workspaces"), QStringLiteral("context"), QStringLiteral("set"), workspace}, context);
    INFO(set.err.toStdString());
    REQUIRE(set.exitCode == 0);
    CHECK_FALSE(set.cmdline.contains(kEmail));
    const Run listed = veilctl({QStringLiteral("workspaces"), QStringLiteral("list")});
    CHECK(listed.out.contains(QByteArray(workspace.toUtf8() + "\tcontext\n")));
    const Run shown
        = veilctl({QStringLiteral("workspaces"), QStringLiteral("context"), QStringLiteral("show"), workspace});
    CHECK(shown.out == context);

    // Inside the workspace: the inspector shows the redacted context as the system message.
    const Run inside = veilctl({QStringLiteral("ask"), QStringLiteral("--workspace"), workspace, QStringLiteral("Hi")});
    INFO(inside.err.toStdString());
    REQUIRE(inside.exitCode == 0);
    const QJsonArray messages
        = QJsonDocument::fromJson(inside.out).object().value(QStringLiteral("messages")).toArray();
    REQUIRE(messages.size() == 2);
    CHECK(messages.at(0).toObject().value(QStringLiteral("role")).toString() == QStringLiteral("system"));
    CHECK(messages.at(0).toObject().value(QStringLiteral("content")).toString()
          == QStringLiteral("Reply in German. The project lead is [EMAIL_1]."));
    CHECK_FALSE(inside.out.contains(kEmail));

    // Outside it: nothing of the context.
    const Run outside = veilctl({QStringLiteral("ask"), QStringLiteral("Hi")});
    REQUIRE(outside.exitCode == 0);
    CHECK_FALSE(outside.out.contains("German"));
    CHECK_FALSE(outside.out.contains("EMAIL"));
    CHECK(QJsonDocument::fromJson(outside.out).object().value(QStringLiteral("messages")).toArray().size() == 1);

    // An unknown workspace is refused.
    const Run unknown
        = veilctl({QStringLiteral("ask"), QStringLiteral("--workspace"), QStringLiteral("nope"), QStringLiteral("Hi")});
    CHECK(unknown.exitCode == 1);
    CHECK(unknown.err.contains("no workspace nope"));

    // More than 64 KiB is refused clearly and the old context stays.
    const Run tooLarge
        = veilctl({QStringLiteral("workspaces"), QStringLiteral("context"), QStringLiteral("set"), workspace},
                  QByteArray(64 * 1024 + 1, 'a'));
    CHECK(tooLarge.exitCode == 1);
    CHECK(tooLarge.err.contains("64 KiB"));
    CHECK(veilctl({QStringLiteral("workspaces"), QStringLiteral("context"), QStringLiteral("show"), workspace}).out
          == context);

    // A block finding in the context stops the prompt and names the rule.
    REQUIRE(veilctl({QStringLiteral("workspaces"), QStringLiteral("context"), QStringLiteral("set"), workspace},
                    "Deploy with this key:\n" + kPrivateKey)
                .exitCode
            == 0);
    const Run blocked
        = veilctl({QStringLiteral("ask"), QStringLiteral("--workspace"), workspace, QStringLiteral("Hi")});
    CHECK(blocked.exitCode == 2);
    CHECK(blocked.err.contains("context of workspace"));
    CHECK(blocked.err.contains("blocked by rule"));
    CHECK(blocked.out.isEmpty());

    CHECK(veilctl({QStringLiteral("workspaces"), QStringLiteral("remove"), workspace}).exitCode == 0);
    CHECK_FALSE(veilctl({QStringLiteral("workspaces"), QStringLiteral("list")}).out.contains(workspace.toUtf8()));
    CHECK(veilctl({QStringLiteral("workspaces"), QStringLiteral("context"), QStringLiteral("show"), workspace}).exitCode
          == 1);
}

TEST_CASE("a 100 MB line from the provider ends the ask with one sentence, the prompt kept, and the next ask works",
          "[cli][ask][fault]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    FakeProviderServer server;
    REQUIRE(server.listening());
    const QString provider = addProvider(machine, server);

    server.enqueue(hugeLine());
    const Run first = machine.veilctl(
        {QStringLiteral("ask"), QStringLiteral("--provider"), provider, QStringLiteral("-")}, "Tell me about otters.");
    INFO(first.err.toStdString());
    CHECK(first.exitCode == 5);
    CHECK(first.err.contains("does not follow its protocol"));
    CHECK(first.err.count("veilctl ask:") == 1);
    CHECK(first.err.size() < 1000);
    CHECK(first.out.isEmpty());
    // The prompt was committed before it was sent, and the conversation goes on.
    const int64_t conversation = conversationIdFrom(first.err);
    REQUIRE(conversation > 0);
    const Run shown
        = machine.veilctl({QStringLiteral("history"), QStringLiteral("show"), QString::number(conversation)});
    CHECK(shown.exitCode == 0);
    CHECK(shown.out.contains("Tell me about otters."));
    server.enqueue(streamed(openAiStream({"Otters hold hands."})));
    const Run second
        = machine.veilctl({QStringLiteral("ask"), QStringLiteral("--provider"), provider,
                           QStringLiteral("--conversation"), QString::number(conversation), QStringLiteral("-")},
                          "And seals?");
    INFO(second.err.toStdString());
    CHECK(second.exitCode == 0);
    CHECK(second.out == "Otters hold hands.");
}

TEST_CASE("veilctl killed with SIGKILL mid-reply: the history opens cleanly, the prompt is there, the chat goes on",
          "[cli][ask][fault]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    FakeProviderServer server;
    REQUIRE(server.listening());
    const QString provider = addProvider(machine, server);

    // The provider sends the first part of its reply and then holds the connection open.
    const QByteArray body = openAiStream({"First half, ", "second half."});
    FakeResponse held = FakeResponse::stream(body, "text/event-stream");
    held.stallAfter = body.indexOf("data: ", 10);
    server.enqueue(held);
    QProcess asking;
    machine.start(asking, {QStringLiteral("ask"), QStringLiteral("--provider"), provider, QStringLiteral("-")},
                  "Write to " + kEmail + " about the walrus census.");
    QByteArray out;
    QObject::connect(&asking, &QProcess::readyReadStandardOutput, &asking,
                     [&] { out += asking.readAllStandardOutput(); });
    REQUIRE(spinUntil([&] { return out.contains("First half") || asking.state() == QProcess::NotRunning; }));
    REQUIRE(asking.state() == QProcess::Running);
    REQUIRE(::kill(static_cast<pid_t>(asking.processId()), SIGKILL) == 0);
    REQUIRE(asking.waitForFinished(30000));
    CHECK(asking.exitStatus() == QProcess::CrashExit);

    // The history opens, its audit chain verifies, and the prompt committed before sending is there.
    const Run verified = machine.veilctl({QStringLiteral("audit"), QStringLiteral("verify")});
    INFO(verified.err.toStdString());
    CHECK(verified.exitCode == 0);
    const Run found = machine.veilctl({QStringLiteral("history"), QStringLiteral("search"), QStringLiteral("walrus")});
    INFO(found.err.toStdString());
    REQUIRE(found.exitCode == 0);
    const int64_t conversation = found.out.split('\t').value(0).toLongLong();
    REQUIRE(conversation > 0);
    const Run shown
        = machine.veilctl({QStringLiteral("history"), QStringLiteral("show"), QString::number(conversation)});
    CHECK(shown.exitCode == 0);
    CHECK(shown.out.contains("Write to [EMAIL_1] about the walrus census."));
    CHECK_FALSE(shown.out.contains(kEmail));

    // The conversation continues: the next request carries the prompt, with the same placeholder.
    server.enqueue(streamed(openAiStream({"Counted [EMAIL_1]."})));
    const Run next
        = machine.veilctl({QStringLiteral("ask"), QStringLiteral("--provider"), provider,
                           QStringLiteral("--conversation"), QString::number(conversation), QStringLiteral("-")},
                          "Did you count them?");
    INFO(next.err.toStdString());
    CHECK(next.exitCode == 0);
    CHECK(next.out == "Counted " + kEmail + ".");
    REQUIRE(server.requests().size() == 2);
    CHECK(server.requests().at(1).body.contains("Write to [EMAIL_1] about the walrus census."));
    CHECK_FALSE(server.requests().at(1).body.contains(kEmail));
}

// Known to fail: past the parser's 16 MiB cap, veilctl keeps reading the line for a while before the connection is
// closed, about 1 MB of memory per MB received (peaks of 120-140 MiB measured against 33 MiB for a plain ask).
TEST_CASE("a 100 MB line from the provider is dropped at the size cap without taking memory in proportion",
          "[cli][ask][fault][!mayfail]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    FakeProviderServer server;
    REQUIRE(server.listening());
    const QString provider = addProvider(machine, server);
    server.enqueue(streamed(openAiStream({"Hello."})));
    REQUIRE(machine.veilctl({QStringLiteral("ask"), QStringLiteral("--provider"), provider, QStringLiteral("-")}, "Hi")
                .exitCode
            == 0);
    const long plain = largestChildRssKiB(); // a plain ask, for comparison

    server.enqueue(hugeLine());
    const Run huge = machine.veilctl(
        {QStringLiteral("ask"), QStringLiteral("--provider"), provider, QStringLiteral("-")}, "Tell me about otters.");
    CHECK(huge.exitCode == 5);
    // The child processes are forked from this small process, so the largest resident set is veilctl's own.
    const long rss = largestChildRssKiB();
    INFO("largest veilctl resident set: " << rss << " KiB, " << plain << " KiB for a plain ask");
    CHECK(plain > 0);
    CHECK(rss < plain + 48 * 1024); // the 16 MiB cap, its growth and QtNetwork's buffers, not the 100 MiB line
}
