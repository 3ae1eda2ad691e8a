// `veilctl export`, run as the real binary on a history that `veilctl ask` made (inspector provider), with the
// private gnome-keyring of scripts/with-keyring, checked with the real age, tar and the loopback nginx.
#include "support/ExportTools.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <csignal>

namespace {

using veil::test::ToolRun;

const QByteArray kEmail = "jane.doe@acme-corp.io";
const QByteArray kAwsKey = "AKIAZ7Q2WXV4T3JMPL6N";
const QByteArray kIban = "DE89370400440532013000";

/// A machine of its own: XDG folders, a managed folder, the test CA; the session bus and keyring of the run.
class Machine
{
public:
    Machine()
    {
        m_env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"data", "config", "cache", "managed.d", "out"}) {
            QDir().mkpath(m_home.filePath(QString::fromLatin1(name)));
        }
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        m_env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        m_env.insert(QStringLiteral("VEIL_MANAGED_DIR"), m_home.filePath(QStringLiteral("managed.d")));
        m_env.insert(QStringLiteral("VEIL_CA_FILE"), qEnvironmentVariable("VEIL_TEST_CA_FILE"));
    }

    ToolRun veilctl(const QStringList& arguments) const
    {
        QProcess process;
        process.setProcessEnvironment(m_env);
        process.start(QStringLiteral(VEILCTL_PATH), arguments);
        REQUIRE(process.waitForFinished(120000));
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
                process.readAllStandardError()};
    }

    /// Managed by an organization (the shared fixtures' trusted key) that has published no policy yet.
    void manageWithoutPolicy()
    {
        const QByteArray key = veil::test::readFile(*veil::test::sharedDir()
                                                    + QStringLiteral("/fixtures/policy/vectors/trusted-test-key.pub"));
        QFile config(m_home.filePath(QStringLiteral("managed.d/10-veil.json")));
        REQUIRE(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write(R"({"policy_url": "https://127.0.0.1:1/policy.json", "org_id": "example-org",
            "trusted_keys": [")"
                     + key.split('\n').at(1).trimmed() + R"("], "require_policy": true})");
    }

    /// Starts veilctl without waiting for it; `input` goes to its standard input.
    void start(QProcess& process, const QStringList& arguments, const QByteArray& input = {}) const
    {
        process.setProcessEnvironment(m_env);
        process.start(QStringLiteral(VEILCTL_PATH), arguments);
        REQUIRE(process.waitForStarted(10000));
        process.write(input);
        process.closeWriteChannel();
    }

    QString out(const QString& name) const { return m_home.filePath(QStringLiteral("out/") + name); }
    QString path(const QString& relative) const { return m_home.filePath(relative); }

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
};

bool haveKeyring()
{
    return veil::test::availableOrFailInCi(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
                                               && qEnvironmentVariableIsSet("VEIL_TEST_KEYRING"),
                                           "a private gnome-keyring (dbus-run-session -- scripts/with-keyring)");
}

bool haveTools()
{
    return veil::test::availableOrFailInCi(
        veil::test::haveTools({QStringLiteral("age"), QStringLiteral("age-keygen"), QStringLiteral("tar")}),
        "the age, age-keygen and tar programs");
}

QString yesterday()
{
    return QDateTime::currentDateTimeUtc().date().addDays(-1).toString(Qt::ISODate);
}

/// Two prompts with planted secrets through the real pipeline (the inspector answers with what would leave).
void plantHistory(const Machine& machine)
{
    for (const QByteArray& prompt : {QByteArray("Please mail " + kEmail + " about the leaked key " + kAwsKey),
                                     QByteArray("Pay to " + kIban + " and cc " + kEmail)}) {
        const ToolRun asked = machine.veilctl({QStringLiteral("ask"), QString::fromUtf8(prompt)});
        INFO(asked.err.toStdString());
        REQUIRE(asked.exitCode == 0);
        CHECK_FALSE(asked.out.contains(kEmail));
    }
}

void checkNothingPlanted(const QByteArray& bytes)
{
    for (const QByteArray& secret : {kEmail, kAwsKey, kIban, QByteArray("acme-corp")}) {
        INFO(secret.toStdString());
        CHECK_FALSE(bytes.contains(secret));
    }
}

QByteArray folderBytes(const QString& folder)
{
    QByteArray bytes;
    for (const QString& name : QDir(folder).entryList(QDir::Files)) {
        bytes += veil::test::readFile(QDir(folder).filePath(name));
    }
    return bytes;
}

/// A history large enough that an export takes a while: prompts of 4 MB of plain words (the inspector answers
/// with the payload, so each is stored twice).
void plantLargeHistory(const Machine& machine)
{
    static const char* const words[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
                                        "hotel", "india", "juliet",  "kilo",  "lima", "mike",    "november"};
    QByteArray prompt;
    quint32 state = 7;
    while (prompt.size() < 4 * 1024 * 1024) {
        state = state * 1103515245u + 12345u;
        prompt += words[(state >> 16) % (sizeof words / sizeof *words)];
        prompt += (state & 0x100) != 0 ? ' ' : '\n';
    }
    for (int i = 0; i < 6; ++i) {
        QProcess asked;
        machine.start(asked, {QStringLiteral("ask"), QStringLiteral("-")}, prompt);
        REQUIRE(asked.waitForFinished(120000));
        INFO(asked.readAllStandardError().toStdString());
        REQUIRE(asked.exitCode() == 0);
    }
}

/// Starts `veilctl export` of the last two days to `out` and waits until it is writing its (unnamed) file.
void startExport(const Machine& machine, QProcess& exporting, const QString& out)
{
    machine.start(exporting,
                  {QStringLiteral("export"), QStringLiteral("--since"), yesterday(), QStringLiteral("--out"), out});
    // On Linux, QTemporaryFile keeps the file unnamed (O_TMPFILE) until the export is complete.
    QByteArray progress;
    while (!progress.contains("writing ") && exporting.state() == QProcess::Running) {
        exporting.waitForReadyRead(100);
        progress += exporting.readAllStandardOutput();
    }
    INFO(progress.toStdString());
    REQUIRE(exporting.state() == QProcess::Running);
}

} // namespace

TEST_CASE("export after ask: age-encrypted tar that the real age opens, manifest hashes match, no planted value",
          "[cli][export]")
{
    if (!haveKeyring() || !haveTools()) {
        return;
    }
    Machine machine;
    plantHistory(machine);
    const veil::test::AgeIdentity id = veil::test::makeAgeIdentity(machine.path(QString()), QStringLiteral("id.key"));
    const QString file = machine.out(QStringLiteral("incident.tar.age"));
    const ToolRun exported
        = machine.veilctl({QStringLiteral("export"), QStringLiteral("--since"), yesterday(), QStringLiteral("--out"),
                           file, QStringLiteral("--recipient"), id.recipient});
    INFO(exported.err.toStdString());
    REQUIRE(exported.exitCode == 0);
    CHECK(exported.out.contains("writing 4/4"));
    CHECK(exported.out.contains("4 records in 2 conversations"));
    CHECK(exported.out.contains("encrypted to 1 recipient"));
    CHECK(QFileInfo(file).permissions()
          == (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser));
    CHECK(QDir(machine.out(QString())).entryList(QDir::Files | QDir::Hidden).size() == 1);

    const QString tar = machine.path(QStringLiteral("plain.tar"));
    const ToolRun decrypted = veil::test::runTool(
        QStringLiteral("age"), {QStringLiteral("-d"), QStringLiteral("-i"), id.path, QStringLiteral("-o"), tar, file});
    INFO(decrypted.err.toStdString());
    REQUIRE(decrypted.exitCode == 0);
    const QString folder = machine.path(QStringLiteral("extracted"));
    CHECK(veil::test::extractTar(tar, folder).size() == 4);
    const QJsonObject manifest = veil::test::checkManifest(folder);
    CHECK(manifest.value(QStringLiteral("counts")).toObject().value(QStringLiteral("records")).toInteger() == 4);
    CHECK(manifest.value(QStringLiteral("policy")).toObject().value(QStringLiteral("mode")).toString()
          == QStringLiteral("unmanaged"));
    CHECK(manifest.value(QStringLiteral("audit_chain_head")).toObject().contains(QStringLiteral("seq")));
    const QByteArray jsonl = veil::test::readFile(folder + QStringLiteral("/messages.jsonl"));
    CHECK(jsonl.contains("[EMAIL_1]"));
    CHECK(jsonl.contains("[AWS_KEY_1]"));
    // Unmanaged: no policy when the messages were sent (null in every record), built-in rules for the re-scan.
    CHECK(manifest.value(QStringLiteral("rescan_policy_version")).toInteger() == 0);
    CHECK(jsonl.count("\"policy_version\":null,\"rescan_policy_version\":0,") == 4);

    checkNothingPlanted(folderBytes(folder) + veil::test::readFile(tar) + veil::test::readFile(file) + exported.out
                        + exported.err);
}

TEST_CASE("export without an organization policy may be unencrypted, and bad arguments are usage errors",
          "[cli][export]")
{
    if (!haveKeyring() || !haveTools()) {
        return;
    }
    Machine machine;
    plantHistory(machine);
    const QString file = machine.out(QStringLiteral("plain.tar"));
    const ToolRun exported
        = machine.veilctl({QStringLiteral("export"), QStringLiteral("--since"), yesterday(), QStringLiteral("--until"),
                           QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate), QStringLiteral("--out"), file,
                           QStringLiteral("--format"), QStringLiteral("csv,html")});
    INFO(exported.err.toStdString());
    REQUIRE(exported.exitCode == 0);
    CHECK(exported.out.contains("not encrypted"));
    const QString folder = machine.path(QStringLiteral("x"));
    CHECK(veil::test::extractTar(file, folder)
          == QStringList(
              {QStringLiteral("messages.csv"), QStringLiteral("report.html"), QStringLiteral("manifest.json")}));
    veil::test::checkManifest(folder);
    checkNothingPlanted(folderBytes(folder));

    // The same path again: refused, the file untouched.
    const QByteArray before = veil::test::readFile(file);
    CHECK(
        machine
            .veilctl({QStringLiteral("export"), QStringLiteral("--since"), yesterday(), QStringLiteral("--out"), file})
            .exitCode
        == 1);
    CHECK(veil::test::readFile(file) == before);
    CHECK(
        machine.veilctl({QStringLiteral("export"), QStringLiteral("--out"), machine.out(QStringLiteral("a"))}).exitCode
        == 1);
    CHECK(machine
              .veilctl({QStringLiteral("export"), QStringLiteral("--since"), QStringLiteral("last tuesday"),
                        QStringLiteral("--out"), machine.out(QStringLiteral("b"))})
              .exitCode
          == 1);
    CHECK(machine
              .veilctl({QStringLiteral("export"), QStringLiteral("--since"), yesterday(), QStringLiteral("--out"),
                        machine.out(QStringLiteral("c")), QStringLiteral("--recipient"), QStringLiteral("age1nope")})
              .exitCode
          == 1);
    CHECK(machine
              .veilctl({QStringLiteral("export"), QStringLiteral("--since"), yesterday(), QStringLiteral("--out"),
                        machine.out(QStringLiteral("d")), QStringLiteral("--format"), QStringLiteral("pdf")})
              .exitCode
          == 1);
    CHECK(machine
              .veilctl({QStringLiteral("export"), QStringLiteral("--since"), yesterday(), QStringLiteral("--out"),
                        machine.out(QStringLiteral("e")), QStringLiteral("--upload"),
                        QStringLiteral("http://uploads.example.com/x")})
              .exitCode
          == 1);
    CHECK(QDir(machine.out(QString())).entryList(QDir::Files | QDir::Hidden)
          == QStringList{QStringLiteral("plain.tar")});
}

TEST_CASE("a managed machine without a policy refuses an unencrypted export with exit 2 and writes nothing",
          "[cli][export]")
{
    if (!haveKeyring() || !haveTools()
        || !veil::test::availableOrFailInCi(veil::test::sharedDir().has_value(), "the shared policy fixtures")) {
        return;
    }
    Machine machine;
    plantHistory(machine);
    machine.manageWithoutPolicy();
    const ToolRun refused = machine.veilctl({QStringLiteral("export"), QStringLiteral("--since"), yesterday(),
                                             QStringLiteral("--out"), machine.out(QStringLiteral("x.tar"))});
    CHECK(refused.exitCode == 2);
    CHECK(refused.err.contains("must be encrypted"));
    CHECK(QDir(machine.out(QString())).entryList(QDir::Files | QDir::Hidden).isEmpty());

    const veil::test::AgeIdentity id = veil::test::makeAgeIdentity(machine.path(QString()), QStringLiteral("id.key"));
    const ToolRun encrypted
        = machine.veilctl({QStringLiteral("export"), QStringLiteral("--since"), yesterday(), QStringLiteral("--out"),
                           machine.out(QStringLiteral("x.tar.age")), QStringLiteral("--recipient"), id.recipient});
    INFO(encrypted.err.toStdString());
    CHECK(encrypted.exitCode == 0);
}

TEST_CASE("export --upload PUTs the file to WebDAV, and a failed upload keeps the local file and says where",
          "[cli][export][upload]")
{
    if (!haveKeyring() || !haveTools()
        || !veil::test::availableOrFailInCi(!qEnvironmentVariable("VEIL_TEST_HTTPS_URL").isEmpty(),
                                            "the test web server (scripts/start-services)")) {
        return;
    }
    Machine machine;
    plantHistory(machine);
    const veil::test::AgeIdentity id = veil::test::makeAgeIdentity(machine.path(QString()), QStringLiteral("id.key"));
    const QString name = QStringLiteral("dav/incidents/%1.tar.age").arg(QRandomGenerator::global()->generate64());
    const QString file = machine.out(QStringLiteral("up.tar.age"));
    const ToolRun uploaded
        = machine.veilctl({QStringLiteral("export"), QStringLiteral("--since"), yesterday(), QStringLiteral("--out"),
                           file, QStringLiteral("--recipient"), id.recipient, QStringLiteral("--upload"),
                           qEnvironmentVariable("VEIL_TEST_HTTPS_URL") + QLatin1Char('/') + name});
    INFO(uploaded.err.toStdString());
    REQUIRE(uploaded.exitCode == 0);
    CHECK(uploaded.out.contains("uploaded to"));
    const QByteArray local = veil::test::readFile(file);
    REQUIRE_FALSE(local.isEmpty());
    CHECK(veil::test::readFile(qEnvironmentVariable("VEIL_TEST_WWW_DIR") + QLatin1Char('/') + name) == local);

    const QString kept = machine.out(QStringLiteral("kept.tar.age"));
    const ToolRun failed
        = machine.veilctl({QStringLiteral("export"), QStringLiteral("--since"), yesterday(), QStringLiteral("--out"),
                           kept, QStringLiteral("--recipient"), id.recipient, QStringLiteral("--upload"),
                           qEnvironmentVariable("VEIL_TEST_HTTPS_URL") + QStringLiteral("/status/500")});
    CHECK(failed.exitCode == 4);
    CHECK(failed.err.contains("500"));
    CHECK(failed.err.contains(kept.toUtf8()));
    CHECK(QFileInfo(kept).size() > 0);
}

TEST_CASE("SIGINT during an export stops it: exit 130, cancelled, and no file or partial file is left",
          "[cli][export][cancel]")
{
    if (!haveKeyring() || !haveTools()) {
        return;
    }
    Machine machine;
    plantLargeHistory(machine);

    QProcess exporting;
    startExport(machine, exporting, machine.out(QStringLiteral("big.tar")));
    REQUIRE(::kill(static_cast<pid_t>(exporting.processId()), SIGINT) == 0);
    REQUIRE(exporting.waitForFinished(60000));
    const QByteArray err = exporting.readAllStandardError();
    INFO(err.toStdString());
    CHECK(exporting.exitStatus() == QProcess::NormalExit);
    CHECK(exporting.exitCode() == 130);
    CHECK(err.contains("cancelled"));
    CHECK(QDir(machine.out(QString())).entryList(QDir::Files | QDir::Hidden | QDir::System).isEmpty());
}

TEST_CASE("SIGKILL during an export leaves no file or partial file behind, and the export then runs again",
          "[cli][export][fault]")
{
    if (!haveKeyring() || !haveTools()) {
        return;
    }
    Machine machine;
    plantLargeHistory(machine);
    const QString target = machine.out(QStringLiteral("big.tar"));

    QProcess killed;
    startExport(machine, killed, target);
    REQUIRE(::kill(static_cast<pid_t>(killed.processId()), SIGKILL) == 0);
    REQUIRE(killed.waitForFinished(60000));
    CHECK(killed.exitStatus() == QProcess::CrashExit);
    CHECK(QDir(machine.out(QString())).entryList(QDir::Files | QDir::Hidden | QDir::System).isEmpty());
    CHECK_FALSE(QFileInfo::exists(target));

    // The history is intact and the same export now completes, under its name, as a tar that tar lists.
    const ToolRun verified = machine.veilctl({QStringLiteral("audit"), QStringLiteral("verify")});
    INFO(verified.err.toStdString());
    CHECK(verified.exitCode == 0);
    const ToolRun again = machine.veilctl(
        {QStringLiteral("export"), QStringLiteral("--since"), yesterday(), QStringLiteral("--out"), target});
    INFO(again.err.toStdString());
    REQUIRE(again.exitCode == 0);
    CHECK(again.out.contains("wrote "));
    CHECK(QDir(machine.out(QString())).entryList(QDir::Files | QDir::Hidden | QDir::System)
          == QStringList{QStringLiteral("big.tar")});
    const ToolRun listed = veil::test::runTool(QStringLiteral("tar"), {QStringLiteral("-tf"), target});
    CHECK(listed.exitCode == 0);
    CHECK(listed.out.contains("manifest.json"));
}
