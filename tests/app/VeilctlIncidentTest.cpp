// The policy's incident request end to end: bundles signed with the real minisign and served by the loopback
// nginx, `veilctl policy fetch | status`, `veilctl export --incident` uploading to nginx's WebDAV folder, the
// file opened with the real age; once per incident id; automatic mode; bad incident fields refused.
#include "support/ExportTools.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

namespace {

using veil::test::ToolRun;

const QByteArray kEmail = "jane.doe@acme-corp.io";
const QByteArray kAwsKey = "AKIAZ7Q2WXV4T3JMPL6N";

/// A machine of its own (XDG folders, managed folder, the test CA), and an organization with a minisign key
/// made by the real minisign for this test.
class Machine
{
public:
    Machine()
    {
        m_env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"data", "config", "cache", "managed.d", "keys", "work"}) {
            QDir().mkpath(m_home.filePath(QString::fromLatin1(name)));
        }
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        m_env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        m_env.insert(QStringLiteral("VEIL_MANAGED_DIR"), m_home.filePath(QStringLiteral("managed.d")));
        m_env.insert(QStringLiteral("VEIL_CA_FILE"), qEnvironmentVariable("VEIL_TEST_CA_FILE"));
        const ToolRun made
            = veil::test::runTool(QStringLiteral("minisign"),
                                  {QStringLiteral("-G"), QStringLiteral("-W"), QStringLiteral("-p"), publicKey(),
                                   QStringLiteral("-s"), m_home.filePath(QStringLiteral("keys/org.key"))});
        INFO(made.err.toStdString());
        REQUIRE(made.exitCode == 0);
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

    QString publicKey() const { return m_home.filePath(QStringLiteral("keys/org.pub")); }
    QString path(const QString& relative) const { return m_home.filePath(relative); }

    /// Writes `policy.json` (the shared example bundle with `version` and `incident`) into `folder` and signs it
    /// with the real minisign; returns the bundle's path.
    QString signBundle(const QString& folder, qint64 version, const QJsonValue& incident) const
    {
        QJsonObject bundle
            = QJsonDocument::fromJson(veil::test::readFile(*veil::test::sharedDir()
                                                           + QStringLiteral("/fixtures/policy/example-policy.json")))
                  .object();
        REQUIRE_FALSE(bundle.isEmpty());
        const QString expires
            = QDateTime::currentDateTimeUtc().addDays(30).toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        bundle.insert(QStringLiteral("bundle_version"), version);
        bundle.insert(QStringLiteral("expires_at"), expires);
        bundle.insert(QStringLiteral("incident"), incident);
        QDir().mkpath(folder);
        const QString file = QDir(folder).filePath(QStringLiteral("policy.json"));
        QFile out(file);
        REQUIRE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(QJsonDocument(bundle).toJson());
        out.close();
        QFile::remove(file + QStringLiteral(".minisig"));
        const ToolRun signedRun = veil::test::runTool(
            QStringLiteral("minisign"),
            {QStringLiteral("-S"), QStringLiteral("-s"), m_home.filePath(QStringLiteral("keys/org.key")),
             QStringLiteral("-m"), file, QStringLiteral("-t"),
             QStringLiteral("org_id=example-org bundle_version=%1 expires_at=%2").arg(version).arg(expires)});
        INFO(signedRun.err.toStdString());
        REQUIRE(signedRun.exitCode == 0);
        return file;
    }

    /// Signs a bundle and publishes it as https://.../FOLDER/policy.json on the test server; manages this
    /// machine with it and the organization's key.
    void publishAndManage(const QString& folder, qint64 version, const QJsonValue& incident)
    {
        const QString www = qEnvironmentVariable("VEIL_TEST_WWW_DIR") + QLatin1Char('/') + folder;
        const QString file = signBundle(www, version, incident);
        // nginx's ETag is mtime and size: give every publication its own time.
        static int publication = 0;
        for (const QString& name : {file, QString(file + QStringLiteral(".minisig"))}) {
            QFile f(name);
            REQUIRE(f.open(QIODevice::ReadWrite));
            REQUIRE(f.setFileTime(QDateTime::currentDateTimeUtc().addSecs(++publication),
                                  QFileDevice::FileModificationTime));
        }
        const QByteArray key = veil::test::readFile(publicKey()).split('\n').value(1).trimmed();
        QFile config(m_home.filePath(QStringLiteral("managed.d/10-veil.json")));
        REQUIRE(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write(QStringLiteral(R"json({"policy_url": "%1/%2/policy.json", "org_id": "example-org",
            "trusted_keys": ["%3"], "require_policy": true})json")
                         .arg(qEnvironmentVariable("VEIL_TEST_HTTPS_URL"), folder, QString::fromLatin1(key))
                         .toUtf8());
    }

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
};

bool haveEverything()
{
    return veil::test::availableOrFailInCi(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
                                               && qEnvironmentVariableIsSet("VEIL_TEST_KEYRING"),
                                           "a private gnome-keyring (dbus-run-session -- scripts/with-keyring)")
        && veil::test::availableOrFailInCi(!qEnvironmentVariable("VEIL_TEST_HTTPS_URL").isEmpty()
                                               && veil::test::sharedDir().has_value(),
                                           "the test web server (scripts/start-services) and the shared fixtures")
        && veil::test::availableOrFailInCi(veil::test::haveTools({QStringLiteral("minisign"), QStringLiteral("age"),
                                                                  QStringLiteral("age-keygen"), QStringLiteral("tar")}),
                                           "the minisign, age, age-keygen and tar programs");
}

QString yesterday()
{
    return QDateTime::currentDateTimeUtc().date().addDays(-1).toString(Qt::ISODate);
}

QString unique(const char* prefix)
{
    return QStringLiteral("%1-%2").arg(QLatin1String(prefix)).arg(QRandomGenerator::global()->generate64());
}

/// Two prompts with planted secrets through the real pipeline, while the machine is still unmanaged.
void plantHistory(const Machine& machine)
{
    for (const QByteArray& prompt :
         {QByteArray("Please mail " + kEmail + " about the leaked key " + kAwsKey), QByteArray("cc " + kEmail)}) {
        const ToolRun asked = machine.veilctl({QStringLiteral("ask"), QString::fromUtf8(prompt)});
        INFO(asked.err.toStdString());
        REQUIRE(asked.exitCode == 0);
    }
}

QJsonObject incidentRequest(const QString& id, const QString& davFolder, const QString& recipient, bool automatic)
{
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("since"), yesterday()},
        {QStringLiteral("upload_url"),
         QString(qEnvironmentVariable("VEIL_TEST_HTTPS_URL") + QLatin1Char('/') + davFolder)},
        {QStringLiteral("recipients"), QJsonArray{recipient}},
        {QStringLiteral("automatic"), automatic},
    };
}

QStringList filesIn(const QString& folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

/// Decrypts an uploaded export with the real age and checks its manifest and that no planted value is in it.
void checkUploadedExport(const Machine& machine, const QString& file, const QString& identity)
{
    const QString tar = machine.path(QStringLiteral("work/%1.tar").arg(QFileInfo(file).baseName()));
    const ToolRun decrypted = veil::test::runTool(
        QStringLiteral("age"), {QStringLiteral("-d"), QStringLiteral("-i"), identity, QStringLiteral("-o"), tar, file});
    INFO(decrypted.err.toStdString());
    REQUIRE(decrypted.exitCode == 0);
    const QString folder = machine.path(QStringLiteral("work/%1").arg(QFileInfo(file).baseName()));
    CHECK(veil::test::extractTar(tar, folder).size() == 4);
    const QJsonObject manifest = veil::test::checkManifest(folder);
    CHECK(manifest.value(QStringLiteral("counts")).toObject().value(QStringLiteral("records")).toInteger() == 4);
    QByteArray all;
    for (const QString& name : filesIn(folder)) {
        all += veil::test::readFile(QDir(folder).filePath(name));
    }
    CHECK(all.contains("[EMAIL_1]"));
    CHECK_FALSE(all.contains(kEmail));
    CHECK_FALSE(all.contains(kAwsKey));
}

} // namespace

TEST_CASE("an incident request: policy status shows it, export --incident uploads it once, age opens it",
          "[cli][incident][upload]")
{
    if (!haveEverything()) {
        return;
    }
    Machine machine;
    plantHistory(machine);
    const veil::test::AgeIdentity id
        = veil::test::makeAgeIdentity(machine.path(QStringLiteral("keys")), QStringLiteral("security.key"));
    const QString incidentId = unique("INC");
    const QString dav = QStringLiteral("dav/%1/").arg(unique("incidents"));
    const QString uploaded = qEnvironmentVariable("VEIL_TEST_WWW_DIR") + QLatin1Char('/') + dav;
    machine.publishAndManage(unique("org"), 1, incidentRequest(incidentId, dav, id.recipient, false));

    const ToolRun fetched = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
    INFO(fetched.out.toStdString() + fetched.err.toStdString());
    REQUIRE(fetched.exitCode == 0);
    CHECK(fetched.out.contains("version 1 is now active"));
    CHECK(fetched.out.contains("veilctl export --incident"));
    CHECK(filesIn(uploaded).isEmpty()); // on consent only

    const ToolRun status = machine.veilctl({QStringLiteral("policy"), QStringLiteral("status")});
    INFO(status.out.toStdString());
    CHECK(status.out.contains(QByteArray("incident: " + incidentId.toUtf8())));
    CHECK(status.out.contains("pending"));
    CHECK(status.out.contains(QString(QLatin1Char('/') + dav).toUtf8()));
    CHECK(status.out.contains("on consent"));

    const ToolRun exported = machine.veilctl({QStringLiteral("export"), QStringLiteral("--incident")});
    INFO(exported.out.toStdString() + exported.err.toStdString());
    REQUIRE(exported.exitCode == 0);
    CHECK(exported.out.contains("uploaded to"));
    CHECK(exported.out.contains("encrypted to 2 recipient(s)")); // the incident's and the export section's
    const QStringList files = filesIn(uploaded);
    REQUIRE(files.size() == 1);
    CHECK(files[0].startsWith(incidentId));
    CHECK(files[0].endsWith(QStringLiteral(".tar.age")));
    const QString local = machine.path(QStringLiteral("data/veil/incidents/") + files[0]);
    CHECK(veil::test::readFile(local) == veil::test::readFile(uploaded + files[0]));
    checkUploadedExport(machine, uploaded + files[0], id.path);

    // Once per incident id: a second run refuses and uploads nothing; --force does it again.
    const ToolRun again = machine.veilctl({QStringLiteral("export"), QStringLiteral("--incident")});
    CHECK(again.exitCode == 1);
    CHECK(again.err.contains("already"));
    CHECK(again.err.contains("--force"));
    CHECK(filesIn(uploaded).size() == 1);
    CHECK(machine.veilctl({QStringLiteral("policy"), QStringLiteral("status")}).out.contains("done, uploaded to"));
    const ToolRun forced
        = machine.veilctl({QStringLiteral("export"), QStringLiteral("--incident"), QStringLiteral("--force")});
    INFO(forced.err.toStdString());
    CHECK(forced.exitCode == 0);
    CHECK(filesIn(uploaded).size() == 2);

    // --incident takes everything from the policy.
    CHECK(machine
              .veilctl({QStringLiteral("export"), QStringLiteral("--incident"), QStringLiteral("--since"), yesterday()})
              .exitCode
          == 1);
}

TEST_CASE("an automatic incident request is exported and uploaded by policy fetch, once", "[cli][incident][upload]")
{
    if (!haveEverything()) {
        return;
    }
    Machine machine;
    plantHistory(machine);
    const veil::test::AgeIdentity id
        = veil::test::makeAgeIdentity(machine.path(QStringLiteral("keys")), QStringLiteral("security.key"));
    const QString incidentId = unique("AUTO");
    const QString dav = QStringLiteral("dav/%1/").arg(unique("incidents"));
    const QString uploaded = qEnvironmentVariable("VEIL_TEST_WWW_DIR") + QLatin1Char('/') + dav;
    machine.publishAndManage(unique("org"), 1, incidentRequest(incidentId, dav, id.recipient, true));

    const ToolRun fetched = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
    INFO(fetched.out.toStdString() + fetched.err.toStdString());
    REQUIRE(fetched.exitCode == 0);
    CHECK(fetched.out.contains("automatically"));
    CHECK(fetched.out.contains("uploaded to"));
    const QStringList files = filesIn(uploaded);
    REQUIRE(files.size() == 1);
    checkUploadedExport(machine, uploaded + files[0], id.path);
    CHECK(machine.veilctl({QStringLiteral("policy"), QStringLiteral("status")}).out.contains("done, uploaded to"));

    const ToolRun second = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
    CHECK(second.exitCode == 0);
    CHECK(second.out.contains("unchanged"));
    CHECK_FALSE(second.out.contains("automatically"));
    CHECK(filesIn(uploaded).size() == 1);
}

TEST_CASE("a failed incident upload keeps the incident pending and the export on disk", "[cli][incident][upload]")
{
    if (!haveEverything()) {
        return;
    }
    Machine machine;
    plantHistory(machine);
    const veil::test::AgeIdentity id
        = veil::test::makeAgeIdentity(machine.path(QStringLiteral("keys")), QStringLiteral("security.key"));
    machine.publishAndManage(unique("org"), 1,
                             incidentRequest(unique("INC"), QStringLiteral("status/404"), id.recipient, false));
    REQUIRE(machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")}).exitCode == 0);
    const ToolRun failed = machine.veilctl({QStringLiteral("export"), QStringLiteral("--incident")});
    CHECK(failed.exitCode == 4);
    CHECK(failed.err.contains("404"));
    CHECK(failed.err.contains("kept at"));
    CHECK(filesIn(machine.path(QStringLiteral("data/veil/incidents"))).size() == 1);
    CHECK(machine.veilctl({QStringLiteral("policy"), QStringLiteral("status")}).out.contains("pending"));
}

TEST_CASE("bad incident fields are reported by lint, refused by verify and by fetch", "[cli][incident]")
{
    if (!veil::test::availableOrFailInCi(veil::test::sharedDir().has_value()
                                             && veil::test::haveTools({QStringLiteral("minisign")}),
                                         "the shared fixtures and minisign")) {
        return;
    }
    Machine machine;
    const QJsonObject bad{{QStringLiteral("id"), QString()},
                          {QStringLiteral("since"), QStringLiteral("last week")},
                          {QStringLiteral("upload_url"), QStringLiteral("http://dav.example.com/in/")},
                          {QStringLiteral("recipients"), QJsonArray{QStringLiteral("age1nope")}},
                          {QStringLiteral("automatic"), QStringLiteral("yes")}};
    const QString file = machine.signBundle(machine.path(QStringLiteral("work/bad")), 1, bad);

    const ToolRun lint = machine.veilctl({QStringLiteral("policy"), QStringLiteral("lint"), file});
    INFO(lint.out.toStdString());
    CHECK(lint.exitCode == 3);
    for (const char* field :
         {"incident.id", "incident.since", "incident.upload_url", "incident.recipients[0]", "incident.automatic"}) {
        CHECK(lint.out.contains(field));
    }

    const ToolRun verify = machine.veilctl(
        {QStringLiteral("policy"), QStringLiteral("verify"), file, QStringLiteral("--pubkey"), machine.publicKey()});
    INFO(verify.err.toStdString());
    CHECK(verify.exitCode == 3);
    CHECK(verify.err.contains("would refuse"));
    CHECK(verify.err.contains("incident."));

    if (qEnvironmentVariable("VEIL_TEST_HTTPS_URL").isEmpty()) {
        return;
    }
    machine.publishAndManage(unique("org"), 1, bad);
    const ToolRun fetched = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
    CHECK(fetched.exitCode == 3);
    CHECK(fetched.err.contains("refused"));
    CHECK_FALSE(machine.veilctl({QStringLiteral("policy"), QStringLiteral("status")}).out.contains("incident:"));
}
