// The end-to-end leak test. Every match example of every rule in the built-in catalogue is planted in prompts
// that the real `veilctl ask` sends (new conversations and --conversation follow-ups) to a loopback fake provider,
// with every veil.* logging category on and private data, config, cache, home and temp folders. Then none of the
// planted values (the part a rule's secret group takes, or its whole match), in its exact bytes or percent-encoded,
// JSON-, HTML- or CSV-escaped, may appear in what the provider received (request line, headers and body), in
// veilctl's standard error (the log), in any file under the private folders, in a plain `veilctl export`, in the
// stored history that `history show` prints, or in veilctl's argv (/proc/PID/cmdline while it runs). Prompts that a
// block rule matches must not reach the provider at all.
#include "audit/CanonicalJson.h"
#include "redaction/BuiltinRules.h"
#include "redaction/RedactionEngine.h"
#include "support/FakeProviderServer.h"
#include "support/TestData.h"

#include <catch2/catch.hpp>

#include <QDateTime>
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

#include <functional>
#include <set>

using veil::test::FakeProviderServer;
using veil::test::FakeResponse;

namespace {

using veil::redaction::Action;
using veil::redaction::RedactionEngine;

/// One planted value: what a rule's example holds and the rule would take out of it.
struct Planted
{
    QString rule;
    Action action = Action::Redact;
    QByteArray example; ///< the example text as the catalogue gives it
    QByteArray value; ///< the secret group's capture (or the whole match) in that example
};

/// The forms in which a value would still be readable: its bytes, percent-encoded, escaped for JSON (the
/// RFC 8785 way, Qt's way, with "\/" and with \u escapes for everything outside ASCII), HTML and CSV.
QList<QByteArray> leakForms(const QByteArray& value)
{
    QList<QByteArray> forms{value, value.toPercentEncoding(), value.toPercentEncoding(" ").replace(' ', '+')};
    const std::string canonical = veil::audit::CanonicalJson::quote(std::string_view(value.constData(), value.size()));
    const QByteArray json = QByteArray::fromStdString(canonical).mid(1).chopped(1);
    forms << json;
    const QByteArray qtJson
        = QJsonDocument(QJsonArray{QString::fromUtf8(value)}).toJson(QJsonDocument::Compact).mid(2).chopped(2);
    forms << qtJson << QByteArray(json).replace("/", "\\/");
    QByteArray asciiJson;
    for (const QChar c : QString::fromUtf8(json)) {
        asciiJson += c.unicode() < 0x80
            ? QByteArray(1, char(c.unicode()))
            : QByteArray("\\u") + QByteArray::number(c.unicode(), 16).rightJustified(4, '0');
    }
    forms << asciiJson;
    QByteArray html = value;
    html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    forms << html << QByteArray(value).replace("\"", "\"\"") << QByteArray(value).replace("\n", "\r\n");
    QList<QByteArray> unique;
    for (const QByteArray& form : std::as_const(forms)) {
        if (!form.isEmpty() && !unique.contains(form)) {
            unique << form;
        }
    }
    return unique;
}

/// Looks for planted values in bytes; every hit is reported as "where: rule: form".
class LeakScanner
{
public:
    explicit LeakScanner(const QList<Planted>& planted)
    {
        for (const Planted& p : planted) {
            for (const QByteArray& form : leakForms(p.value)) {
                m_forms.push_back({p.rule, form});
            }
        }
    }

    QStringList scan(const QString& where, const QByteArray& bytes) const
    {
        QStringList hits;
        for (const auto& [rule, form] : m_forms) {
            if (bytes.contains(form)) {
                hits << where + QStringLiteral(": ") + rule + QStringLiteral(": ") + QString::fromUtf8(form.left(80));
            }
        }
        return hits;
    }

    /// Every file under `folder` (hidden ones too), read as raw bytes; their names are added to `files`.
    QStringList scanFolder(const QString& folder, QStringList* files = nullptr) const
    {
        QStringList hits;
        QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            if (files) {
                *files << QFileInfo(file).fileName();
            }
            hits << scan(file, veil::test::readFile(file));
        }
        return hits;
    }

private:
    std::vector<std::pair<QString, QByteArray>> m_forms;
};

/// Every match example of every rule that produces findings, with the value the rule takes out of it.
QList<Planted> plantedFromCatalogue(const RedactionEngine& engine)
{
    QList<Planted> planted;
    for (const auto& rule : engine.catalogue().rules()) {
        if (rule->action == Action::Allow) {
            continue;
        }
        for (const auto& example : rule->matchExamples) {
            const std::vector<veil::redaction::Finding> findings = engine.scanWithRule(*rule, example.text);
            INFO(rule->id << ": " << example.text);
            REQUIRE_FALSE(findings.empty());
            QList<QByteArray> values;
            for (const auto& finding : findings) {
                Planted p;
                p.rule = QString::fromStdString(rule->id);
                p.action = rule->action;
                p.example = QByteArray::fromStdString(example.text);
                p.value = p.example.mid(finding.start, finding.end - finding.start);
                values << p.value;
                planted << p;
            }
            if (example.secret) {
                CHECK(values.contains(QByteArray::fromStdString(*example.secret)));
            }
        }
    }
    return planted;
}

/// True when every occurrence of `value` in `text` lies inside a finding of `engine`'s scan that is redacted.
bool coveredIn(const RedactionEngine& engine, const QByteArray& text, const QByteArray& value)
{
    const auto result = engine.scan(std::string_view(text.constData(), size_t(text.size())));
    for (qsizetype at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
        bool covered = false;
        for (const auto& finding : result.findings) {
            covered = covered || (qsizetype(finding.start) <= at && at + value.size() <= qsizetype(finding.end));
        }
        if (!covered) {
            return false;
        }
    }
    return true;
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QByteArray cmdline; ///< /proc/PID/cmdline, read after the start and again when the provider got the request
};

/// A machine of its own: data, config, cache, home, temp and managed folders; every veil.* log category on.
class Machine
{
public:
    Machine()
    {
        m_env = QProcessEnvironment::systemEnvironment();
        for (const QString& name : folders()) {
            QDir().mkpath(m_home.filePath(name));
        }
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        m_env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        m_env.insert(QStringLiteral("HOME"), m_home.filePath(QStringLiteral("home")));
        m_env.insert(QStringLiteral("TMPDIR"), m_home.filePath(QStringLiteral("tmp")));
        m_env.insert(QStringLiteral("VEIL_MANAGED_DIR"), m_home.filePath(QStringLiteral("managed.d")));
        m_env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("veil.*=true"));
        m_env.remove(QStringLiteral("QT_MESSAGE_PATTERN"));
    }

    static QStringList folders()
    {
        return {QStringLiteral("data"), QStringLiteral("config"),    QStringLiteral("cache"), QStringLiteral("home"),
                QStringLiteral("tmp"),  QStringLiteral("managed.d"), QStringLiteral("out")};
    }

    /// Runs veilctl while this process's event loop serves the fake provider (when one is given).
    /// `whileWaiting` runs when the provider has the request (and veilctl waits for the answer).
    Run veilctl(const QStringList& arguments, const QByteArray& input = {}, FakeProviderServer* server = nullptr,
                const std::function<void()>& whileWaiting = {}) const
    {
        QProcess process;
        process.setProcessEnvironment(m_env);
        process.start(QStringLiteral(VEILCTL_PATH), arguments);
        REQUIRE(process.waitForStarted());
        Run run;
        const QString cmdlinePath = QStringLiteral("/proc/%1/cmdline").arg(process.processId());
        run.cmdline = veil::test::readFile(cmdlinePath);
        QMetaObject::Connection onRequest;
        if (server) {
            // The provider holds its answer back (delayMs) while this runs: veilctl is alive and waiting.
            onRequest = QObject::connect(server, &FakeProviderServer::requestReceived, &process,
                                         [&run, cmdlinePath, &whileWaiting] {
                                             run.cmdline += veil::test::readFile(cmdlinePath);
                                             if (whileWaiting) {
                                                 whileWaiting();
                                             }
                                         });
        }
        process.write(input);
        process.closeWriteChannel();
        QEventLoop loop;
        QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(120000, &loop, &QEventLoop::quit);
        if (process.state() != QProcess::NotRunning) {
            loop.exec();
        }
        QObject::disconnect(onRequest);
        REQUIRE(process.state() == QProcess::NotRunning);
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    QString path(const QString& relative) const { return m_home.filePath(relative); }

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
};

/// An OpenAI-style stream, slow enough (a pause between pieces) that veilctl's argv can be read meanwhile.
FakeResponse slowStream(const QByteArray& text)
{
    const QJsonObject choice{
        {QStringLiteral("index"), 0},
        {QStringLiteral("delta"), QJsonObject{{QStringLiteral("content"), QString::fromUtf8(text)}}},
        {QStringLiteral("finish_reason"), QJsonValue()}};
    const QByteArray body = "data: "
        + QJsonDocument(QJsonObject{{QStringLiteral("choices"), QJsonArray{choice}}}).toJson(QJsonDocument::Compact)
        + "\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
    FakeResponse response = FakeResponse::stream(body, "text/event-stream");
    response.chunks = FakeResponse::Chunks::Fixed;
    response.chunkSize = 16;
    response.delayMs = 5;
    return response;
}

/// Everything a request put on the wire: request line, headers and body.
QByteArray wireBytes(const veil::test::RecordedRequest& request)
{
    QByteArray bytes = request.method + ' ' + request.path + '\n';
    for (const auto& [name, value] : request.headers) {
        bytes += name + ": " + value + '\n';
    }
    return bytes + '\n' + request.body;
}

int64_t conversationIdFrom(const QByteArray& err)
{
    const auto match = QRegularExpression(QStringLiteral("conversation: (\\d+)")).match(QString::fromUtf8(err));
    return match.hasMatch() ? match.captured(1).toLongLong() : 0;
}

bool keyringAvailable()
{
    return veil::test::availableOrFailInCi(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
                                               && qEnvironmentVariableIsSet("VEIL_TEST_KEYRING"),
                                           "a private gnome-keyring (dbus-run-session -- scripts/with-keyring)");
}

const QByteArray kSeparator = "\n\n-----\n\n";

} // namespace

TEST_CASE("the leak scanner finds a planted value in each readable form, in bytes and in files", "[cli][leak]")
{
    const QList<Planted> planted{
        {QStringLiteral("a"), Action::Redact, {}, "AKIAZ7Q2WXV4T3JMPL6N"},
        {QStringLiteral("b"), Action::Redact, {}, "postgres://app:Zq8\"Lr/3Vt 9Wx2@db"},
        {QStringLiteral("c"), Action::Block, {}, "-----BEGIN KEY-----\nb3Bl\n-----END KEY-----"},
        {QStringLiteral("d"), Action::Redact, {}, "j\xc3\xa9r\xc3\xb4me.m\xc3\xbcller@acme-corp.io"}};
    const LeakScanner scanner(planted);
    CHECK(scanner.scan(QStringLiteral("clean"), "nothing here but [AWS_KEY_1] and [EMAIL_2]").isEmpty());
    CHECK(scanner.scan(QStringLiteral("raw"), "x AKIAZ7Q2WXV4T3JMPL6N y").size() == 1);
    CHECK(scanner.scan(QStringLiteral("percent"), "u=postgres%3A%2F%2Fapp%3AZq8%22Lr%2F3Vt%209Wx2%40db").size() == 1);
    CHECK(scanner.scan(QStringLiteral("form"), "u=postgres%3A%2F%2Fapp%3AZq8%22Lr%2F3Vt+9Wx2%40db").size() == 1);
    CHECK(scanner.scan(QStringLiteral("json"), R"({"k":"postgres://app:Zq8\"Lr/3Vt 9Wx2@db"})").size() == 1);
    CHECK(scanner.scan(QStringLiteral("json/"), R"({"k":"postgres:\/\/app:Zq8\"Lr\/3Vt 9Wx2@db"})").size() == 1);
    CHECK(scanner.scan(QStringLiteral("json-nl"), R"({"k":"-----BEGIN KEY-----\nb3Bl\n-----END KEY-----"})").size()
          == 1);
    CHECK(scanner.scan(QStringLiteral("crlf"), "-----BEGIN KEY-----\r\nb3Bl\r\n-----END KEY-----").size() == 1);
    CHECK(scanner.scan(QStringLiteral("json-u"), R"(["j\u00e9r\u00f4me.m\u00fcller@acme-corp.io"])").size() == 1);
    CHECK(scanner.scan(QStringLiteral("html"), "<td>postgres://app:Zq8&quot;Lr/3Vt 9Wx2@db</td>").size() == 1);
    CHECK(scanner.scan(QStringLiteral("csv"), "1,\"postgres://app:Zq8\"\"Lr/3Vt 9Wx2@db\"\r\n").size() == 1);

    // And in a file among others in a folder tree, hidden or not.
    QTemporaryDir folder;
    QDir().mkpath(folder.filePath(QStringLiteral("a/.b")));
    QFile clean(folder.filePath(QStringLiteral("a/clean.txt")));
    REQUIRE(clean.open(QIODevice::WriteOnly));
    clean.write("[AWS_KEY_1]");
    clean.close();
    QFile control(folder.filePath(QStringLiteral("a/.b/.control-wal")));
    REQUIRE(control.open(QIODevice::WriteOnly));
    control.write(QByteArray(4096, '\0') + "AKIAZ7Q2WXV4T3JMPL6N" + QByteArray(4096, '\xff'));
    control.close();
    QStringList files;
    const QStringList hits = scanner.scanFolder(folder.path(), &files);
    CHECK(files.size() == 2);
    REQUIRE(hits.size() == 1);
    CHECK(hits.first().contains(QStringLiteral(".control-wal: a: AKIA")));
}

TEST_CASE("no value planted from any catalogue rule leaks to the provider, the log, the files, an export or argv",
          "[cli][leak]")
{
    if (!keyringAvailable()) {
        return;
    }
    auto catalogue = veil::redaction::BuiltinRules::load();
    REQUIRE(catalogue);
    auto created = RedactionEngine::create(catalogue.value());
    REQUIRE(created);
    const RedactionEngine& engine = *created.value();

    const QList<Planted> planted = plantedFromCatalogue(engine);
    std::set<QString> families;
    for (const auto& rule : engine.catalogue().rules()) {
        families.insert(QString::fromStdString(rule->origin));
    }
    INFO("rule files: " << families.size() << ", planted values: " << planted.size());
    CHECK(families.size() >= 17);

    // Examples whose text a block rule matches go into prompts of their own, which must not leave at all. The
    // others are grouped into prompts of about 6 KB; an example whose value the whole catalogue does not
    // cover inside such a prompt (a neighbour changed its context) is sent on its own.
    QList<QByteArray> blockExamples;
    QList<QByteArray> redactExamples;
    for (const Planted& p : planted) {
        const QByteArray& text = p.example;
        const bool blocks = engine.scan(std::string_view(text.constData(), size_t(text.size()))).blocked;
        QList<QByteArray>& list = blocks ? blockExamples : redactExamples;
        if (!list.contains(text)) {
            list << text;
        }
    }
    REQUIRE_FALSE(blockExamples.isEmpty());
    QList<QByteArray> prompts;
    QByteArray current;
    for (const QByteArray& example : std::as_const(redactExamples)) {
        if (current.size() > 6000) {
            prompts << current;
            current.clear();
        }
        current += (current.isEmpty() ? QByteArray() : kSeparator) + example;
    }
    prompts << current;
    QList<QByteArray> checkedPrompts;
    QList<QByteArray> alonePrompts;
    for (QByteArray prompt : std::as_const(prompts)) {
        for (const Planted& p : planted) {
            if (prompt.contains(p.example) && !coveredIn(engine, prompt, p.value)) {
                prompt.replace(p.example, "(moved)");
                if (!alonePrompts.contains(p.example)) {
                    alonePrompts << p.example;
                }
            }
        }
        checkedPrompts << prompt;
    }
    checkedPrompts << alonePrompts;
    // Each prompt now covers every value it holds, and none is blocked.
    QList<Planted> notCovered;
    for (const QByteArray& prompt : std::as_const(checkedPrompts)) {
        const auto scan = engine.scan(std::string_view(prompt.constData(), size_t(prompt.size())));
        REQUIRE_FALSE(scan.blocked);
        for (const Planted& p : planted) {
            if (prompt.contains(p.example) && !coveredIn(engine, prompt, p.value)) {
                notCovered << p;
            }
        }
    }
    for (const Planted& p : std::as_const(notCovered)) {
        WARN("not redacted even alone by the full catalogue: " << p.rule.toStdString() << ": "
                                                               << p.example.toStdString());
    }
    CHECK(notCovered.isEmpty());

    const LeakScanner scanner(planted);
    QStringList leaks;
    QStringList midRunFiles; // what the data, config and cache folders held while veilctl waited for a reply
    Machine machine;
    FakeProviderServer server;
    REQUIRE(server.listening());
    const auto scanWhileRunning = [&] {
        for (const char* folder : {"data", "config", "cache", "tmp", "home"}) {
            leaks << scanner.scanFolder(machine.path(QString::fromLatin1(folder)), &midRunFiles);
        }
    };
    const QString provider = QStringLiteral("leak-") + QString::number(QRandomGenerator::global()->generate64(), 36);
    QByteArray log; // veilctl's standard error of every run
    QByteArray argv; // its /proc/PID/cmdline of every run
    QByteArray shown; // what veilctl printed that is not a restored reply
    QByteArray replies; // the restored replies on standard output, which may hold the values
    const auto run = [&](const QStringList& arguments, const QByteArray& input = {}) {
        Run r = machine.veilctl(arguments, input, &server, scanWhileRunning);
        log += r.err;
        argv += r.cmdline + '\n';
        return r;
    };
    const Run added
        = run({QStringLiteral("providers"), QStringLiteral("add"), QStringLiteral("--id"), provider,
               QStringLiteral("--kind"), QStringLiteral("openai_compatible"), QStringLiteral("--base-url"),
               server.url(QStringLiteral("/v1")).toString(), QStringLiteral("--model"), QStringLiteral("gpt-leak")});
    REQUIRE(added.exitCode == 0);
    const QByteArray apiKey = "sk-leaktest-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    REQUIRE(run({QStringLiteral("keys"), QStringLiteral("set"), provider}, apiKey).exitCode == 0);

    // The redact prompts: the first two conversations are continued with --conversation, alternately.
    int64_t conversations[2] = {0, 0};
    int sent = 0;
    for (qsizetype i = 0; i < checkedPrompts.size(); ++i) {
        const QByteArray& prompt = checkedPrompts.at(i);
        QStringList arguments{QStringLiteral("ask"), QStringLiteral("--provider"), provider};
        int64_t& conversation = conversations[i % 2];
        if (conversation > 0) {
            arguments << QStringLiteral("--conversation") << QString::number(conversation);
        }
        arguments << QStringLiteral("-");
        server.enqueue(slowStream("Noted: [EMAIL_1], [AWS_KEY_1] and [PHONE_1]. Anything else?"));
        const Run asked = run(arguments, prompt);
        INFO("prompt " << i << ": " << asked.err.toStdString());
        REQUIRE(asked.exitCode == 0);
        ++sent;
        REQUIRE(server.requests().size() == sent);
        CHECK(asked.out.startsWith("Noted: "));
        replies += asked.out;
        const int64_t id = conversationIdFrom(asked.err);
        REQUIRE(id > 0);
        if (conversation > 0) {
            CHECK(id == conversation);
        }
        conversation = id;
    }
    REQUIRE(sent >= 5);
    // A follow-up carries the conversation so far, with the same placeholders.
    const QJsonArray lastMessages
        = QJsonDocument::fromJson(server.requests().last().body).object().value(QStringLiteral("messages")).toArray();
    CHECK(lastMessages.size() >= 3);

    // The block prompts: alone, in a new conversation and as follow-ups, and with redact examples around them.
    for (qsizetype i = 0; i < blockExamples.size(); ++i) {
        QStringList arguments{QStringLiteral("ask"), QStringLiteral("--provider"), provider};
        if (i % 2 == 1) {
            arguments << QStringLiteral("--conversation") << QString::number(conversations[0]);
        }
        arguments << QStringLiteral("-");
        const QByteArray prompt = i % 3 == 2
            ? redactExamples.value(i) + kSeparator + blockExamples.at(i) + kSeparator + redactExamples.value(i + 1)
            : blockExamples.at(i);
        const int connections = server.connections();
        const Run blocked = run(arguments, prompt);
        INFO("block prompt " << i << ": " << blocked.err.toStdString());
        CHECK(blocked.exitCode == 2);
        CHECK(blocked.err.contains("blocked by rule"));
        CHECK(blocked.out.isEmpty());
        CHECK(server.connections() == connections);
        CHECK(server.requests().size() == sent);
    }

    // The stored history as `history list` and `show` print it (placeholders), and a plain export of it all.
    const Run listed = run({QStringLiteral("history"), QStringLiteral("list")});
    CHECK(listed.exitCode == 0);
    shown += listed.out;
    for (const int64_t id : conversations) {
        const Run show = run({QStringLiteral("history"), QStringLiteral("show"), QString::number(id)});
        CHECK(show.exitCode == 0);
        CHECK(show.out.contains("[EMAIL_1]"));
        shown += show.out;
    }
    const QString exported = machine.path(QStringLiteral("out/history.tar"));
    const Run exportRun
        = run({QStringLiteral("export"), QStringLiteral("--since"),
               QDateTime::currentDateTimeUtc().date().addDays(-1).toString(Qt::ISODate), QStringLiteral("--out"),
               exported, QStringLiteral("--format"), QStringLiteral("jsonl,csv,html")});
    INFO(exportRun.err.toStdString());
    REQUIRE(exportRun.exitCode == 0);
    shown += exportRun.out;
    const QByteArray exportBytes = veil::test::readFile(exported);
    REQUIRE(exportBytes.size() > 1000);
    CHECK(exportBytes.contains("[EMAIL_1]"));
    CHECK(run({QStringLiteral("audit"), QStringLiteral("verify")}).exitCode == 0);

    // Logging was on, and the files the run made are there.
    for (const char* category :
         {"veil.redaction:", "veil.providers:", "veil.chat:", "veil.history:", "veil.keychain:"}) {
        INFO(category);
        CHECK(log.contains(category));
    }
    CHECK(QFile::exists(machine.path(QStringLiteral("data/veil/history.db"))));
    CHECK(argv.contains(QByteArrayView("ask\0--provider", 14))); // the arguments were read while veilctl ran

    // Now look for every planted value, in every readable form, everywhere.
    for (qsizetype i = 0; i < server.requests().size(); ++i) {
        leaks << scanner.scan(QStringLiteral("request %1 to the provider").arg(i), wireBytes(server.requests().at(i)));
    }
    leaks << scanner.scan(QStringLiteral("veilctl's standard error"), log);
    leaks << scanner.scan(QStringLiteral("veilctl's argv"), argv);
    leaks << scanner.scan(QStringLiteral("history list, show and export output"), shown);
    QStringList files;
    for (const QString& folder : Machine::folders()) {
        leaks << scanner.scanFolder(machine.path(folder), &files);
    }
    files.removeDuplicates();
    midRunFiles.removeDuplicates();
    INFO("files at the end: " << files.join(QLatin1Char(' ')).toStdString());
    INFO("files while veilctl ran: " << midRunFiles.join(QLatin1Char(' ')).toStdString());
    for (const char* name : {"history.db", "history.db.audit-anchor", "providers.json", "history.tar"}) {
        INFO(name);
        CHECK(files.contains(QString::fromLatin1(name)));
    }
    CHECK(midRunFiles.contains(QStringLiteral("history.db")));
    leaks.removeDuplicates();
    // The control: the replies restored for the user do hold planted values, and the scanner sees them there.
    CHECK_FALSE(scanner.scan(QStringLiteral("restored replies"), replies).isEmpty());
    INFO("leaks:\n" << leaks.mid(0, 40).join(QLatin1Char('\n')).toStdString());
    CHECK(leaks.isEmpty());
}
