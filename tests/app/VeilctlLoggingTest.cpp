// With every veil.* logging category on (QT_LOGGING_RULES="veil.*=true"), a whole run of the pipeline (keys set,
// ask against a loopback fake provider twice, history search and show, redact, scan, audit verify) logs from
// every module and never a key, a prompt, a reply, a planted secret or a search word.
#include "support/FakeProviderServer.h"
#include "support/TestData.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTimer>

using veil::test::FakeProviderServer;
using veil::test::FakeResponse;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

class Machine
{
public:
    Machine()
    {
        m_env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"data", "config", "cache", "managed.d", "files"}) {
            QDir().mkpath(m_home.filePath(QString::fromLatin1(name)));
        }
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        m_env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        m_env.insert(QStringLiteral("VEIL_MANAGED_DIR"), m_home.filePath(QStringLiteral("managed.d")));
        m_env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("veil.*=true"));
        m_env.remove(QStringLiteral("QT_MESSAGE_PATTERN"));
    }

    /// Runs veilctl while this process's event loop keeps serving the fake provider.
    Run veilctl(const QStringList& arguments, const QByteArray& input = {}) const
    {
        QProcess process;
        process.setProcessEnvironment(m_env);
        process.start(QStringLiteral(VEILCTL_PATH), arguments);
        REQUIRE(process.waitForStarted());
        process.write(input);
        process.closeWriteChannel();
        QEventLoop loop;
        QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        if (process.state() != QProcess::NotRunning) {
            loop.exec();
        }
        REQUIRE(process.state() == QProcess::NotRunning);
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
                process.readAllStandardError()};
    }

    QString path(const QString& relative) const { return m_home.filePath(relative); }

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
};

QByteArray sse(const QList<QByteArray>& pieces)
{
    QByteArray body;
    for (const QByteArray& piece : pieces) {
        const QJsonObject choice{
            {QStringLiteral("index"), 0},
            {QStringLiteral("delta"), QJsonObject{{QStringLiteral("content"), QString::fromUtf8(piece)}}},
            {QStringLiteral("finish_reason"), QJsonValue()}};
        body += "data: "
            + QJsonDocument(QJsonObject{{QStringLiteral("choices"), QJsonArray{choice}}}).toJson(QJsonDocument::Compact)
            + "\n\n";
    }
    body += "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
    return body;
}

} // namespace

TEST_CASE("with every veil logging category on, no key, prompt, reply or secret reaches the log", "[cli][logging]")
{
    if (!veil::test::availableOrFailInCi(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
                                             && qEnvironmentVariableIsSet("VEIL_TEST_KEYRING"),
                                         "a private gnome-keyring (dbus-run-session -- scripts/with-keyring)")) {
        return;
    }
    Machine machine;
    FakeProviderServer server;
    REQUIRE(server.listening());
    const QString provider = QStringLiteral("log-") + QString::number(QRandomGenerator::global()->generate64(), 36);

    // What must never appear in the log: planted secrets, the key, words only the prompt and the reply contain.
    const QByteArray apiKey = "sk-logtest-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    const QByteArray email = "quokka.lumen@acme-corp.io";
    const QByteArray awsKey = "AKIAZ7Q2WXV4T3JMPL6N";
    const QByteArray dbPassword = "Zq8Lr3Vt9Wx2Pm";
    const QByteArray promptWords = "marmalade-zeppelin";
    const QByteArray replyWords = "obsidian-pelican";
    const QByteArray secondPromptWords = "tangerine-walrus";

    QByteArray log;
    const auto run = [&](const QStringList& arguments, const QByteArray& input = {}) {
        const Run r = machine.veilctl(arguments, input);
        log += r.err;
        return r;
    };

    REQUIRE(run({QStringLiteral("providers"), QStringLiteral("add"), QStringLiteral("--id"), provider,
                 QStringLiteral("--kind"), QStringLiteral("openai_compatible"), QStringLiteral("--base-url"),
                 server.url(QStringLiteral("/v1")).toString(), QStringLiteral("--model"), QStringLiteral("gpt-test")})
                .exitCode
            == 0);
    REQUIRE(run({QStringLiteral("keys"), QStringLiteral("set"), provider}, apiKey).exitCode == 0);

    server.enqueue(FakeResponse::stream(sse({"Sure, " + replyWords + " for [EMA", "IL_1] and [AWS_KEY_1]."}),
                                        "text/event-stream"));
    const QByteArray prompt = promptWords + ": mail " + email + " the key " + awsKey
        + " and DATABASE_URL=postgres://app:" + dbPassword + "@db.internal:5432/app";
    const Run first = run({QStringLiteral("ask"), QStringLiteral("--provider"), provider, QStringLiteral("-")}, prompt);
    INFO(first.err.toStdString());
    REQUIRE(first.exitCode == 0);
    REQUIRE(first.out.contains(replyWords)); // the reply did arrive, restored, on stdout
    REQUIRE(first.out.contains(email));
    const auto id = QRegularExpression(QStringLiteral("conversation: (\\d+)")).match(QString::fromUtf8(first.err));
    REQUIRE(id.hasMatch());

    server.enqueue(FakeResponse::stream(sse({"Again " + replyWords}), "text/event-stream"));
    REQUIRE(run({QStringLiteral("ask"), QStringLiteral("--provider"), provider, QStringLiteral("--conversation"),
                 id.captured(1), QStringLiteral("-")},
                secondPromptWords + " cc " + email)
                .exitCode
            == 0);
    REQUIRE(server.requests().size() == 2);

    CHECK(run({QStringLiteral("history"), QStringLiteral("search"), QString::fromUtf8(promptWords)}).exitCode == 0);
    const Run shown
        = run({QStringLiteral("history"), QStringLiteral("show"), id.captured(1), QStringLiteral("--restore")});
    CHECK(shown.exitCode == 0);
    CHECK(shown.out.contains(email)); // restored on stdout, where the user asked for it
    CHECK(run({QStringLiteral("redact")}, prompt).exitCode == 0);
    QFile file(machine.path(QStringLiteral("files/config.env")));
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(prompt + "\n");
    file.close();
    CHECK(run({QStringLiteral("scan"), machine.path(QStringLiteral("files"))}).exitCode == 1);
    CHECK(run({QStringLiteral("audit"), QStringLiteral("verify")}).exitCode == 0);

    INFO(log.toStdString());
    // Logging was on, in every module the run went through.
    for (const char* category : {"veil.redaction:", "veil.providers:", "veil.chat:", "veil.history:", "veil.keychain:",
                                 "veil.audit:", "veil.jobs:", "veil.cli:"}) {
        INFO(category);
        CHECK(log.contains(category));
    }
    // And none of it carried content.
    for (const QByteArray& secret : {apiKey, email, awsKey, dbPassword, promptWords, replyWords, secondPromptWords,
                                     QByteArray("quokka"), QByteArray("obsidian"), QByteArray("marmalade")}) {
        INFO(secret.toStdString());
        CHECK_FALSE(log.contains(secret));
    }
}

TEST_CASE("veil logging categories are quiet by default", "[cli][logging]")
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    QTemporaryDir home;
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_DIRS"), home.path());
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(VEILCTL_PATH), {QStringLiteral("redact")});
    REQUIRE(process.waitForStarted());
    process.write("mail jane.doe@acme-corp.io\n");
    process.closeWriteChannel();
    REQUIRE(process.waitForFinished(60000));
    CHECK(process.exitCode() == 0);
    CHECK(process.readAllStandardError().isEmpty());

    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("veil.redaction.debug=true"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(VEILCTL_PATH), {QStringLiteral("redact")});
    REQUIRE(process.waitForStarted());
    process.write("mail jane.doe@acme-corp.io\n");
    process.closeWriteChannel();
    REQUIRE(process.waitForFinished(60000));
    const QByteArray err = process.readAllStandardError();
    CHECK(err.contains("veil.redaction: redacted"));
    CHECK_FALSE(err.contains("veil.cli"));
    CHECK_FALSE(err.contains("jane.doe"));
}
