// `veilctl policy fetch | status` against the real loopback nginx that scripts/test starts.
#include "support/TestData.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <tuple>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

/// A machine of its own: managed folder, cache and data folders, and the test CA.
class Machine
{
public:
    Machine()
    {
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("VEIL_MANAGED_DIR"), m_home.filePath(QStringLiteral("managed.d")));
        m_env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        m_env.insert(QStringLiteral("VEIL_CA_FILE"), qEnvironmentVariable("VEIL_TEST_CA_FILE"));
        QDir().mkpath(m_home.filePath(QStringLiteral("managed.d")));
    }

    void manage(const QString& url, const QStringList& keyFiles)
    {
        QStringList keys;
        for (const QString& file : keyFiles) {
            keys << QStringLiteral("\"%1\"").arg(QString::fromLatin1(vector(file).split('\n').at(1).trimmed()));
        }
        QFile config(m_home.filePath(QStringLiteral("managed.d/10-veil.json")));
        REQUIRE(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
        config.write(QStringLiteral(R"json({"policy_url": "%1", "org_id": "example-org", "trusted_keys": [%2],
            "require_policy": true})json")
                         .arg(url, keys.join(QLatin1Char(',')))
                         .toUtf8());
    }

    Run veilctl(const QStringList& arguments, const QByteArray& input = {},
                const QList<QPair<QString, QString>>& extraEnv = {}) const
    {
        QProcess process;
        QProcessEnvironment env = m_env;
        for (const auto& [name, value] : extraEnv) {
            env.insert(name, value);
        }
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(VEILCTL_PATH), arguments);
        REQUIRE(process.waitForStarted());
        process.write(input);
        process.closeWriteChannel();
        REQUIRE(process.waitForFinished(60000));
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

    QString path(const QString& name) const { return m_home.filePath(name); }

    /// The audit log's entries of `kind`, as `veilctl audit list --json` prints them.
    QList<QJsonObject> auditEntries(const QString& kind) const
    {
        const Run run = veilctl({QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--json")});
        INFO(run.err.toStdString());
        REQUIRE(run.exitCode == 0);
        QList<QJsonObject> found;
        for (const QJsonValue& entry :
             QJsonDocument::fromJson(run.out).object().value(QStringLiteral("entries")).toArray()) {
            if (entry.toObject().value(QStringLiteral("kind")).toString() == kind) {
                found << entry.toObject();
            }
        }
        return found;
    }

    /// Makes the history (and its key in the keychain) with one prompt to the built-in inspector.
    void makeHistory() const
    {
        const Run run = veilctl(
            {QStringLiteral("ask"), QStringLiteral("--provider"), QStringLiteral("inspector"), QStringLiteral("-")},
            "hello");
        INFO(run.err.toStdString());
        REQUIRE(run.exitCode == 0);
    }

    void loseCache() { QDir(m_home.filePath(QStringLiteral("cache"))).removeRecursively(); }

    static QByteArray vector(const QString& name)
    {
        return veil::test::readFile(*veil::test::sharedDir() + QStringLiteral("/fixtures/policy/vectors/") + name);
    }

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
};

/// Publishes `json` and `signature` as https://.../FOLDER/policy.json and its .minisig on the test server.
QString publishBytes(const QString& folder, const QByteArray& json, const QByteArray& signature)
{
    const QString www = qEnvironmentVariable("VEIL_TEST_WWW_DIR") + QLatin1Char('/') + folder;
    QDir().mkpath(www);
    for (const auto& [bytes, to] : {std::pair{json, QStringLiteral("policy.json")},
                                    std::pair{signature, QStringLiteral("policy.json.minisig")}}) {
        QFile out(www + QLatin1Char('/') + to);
        REQUIRE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(bytes);
        REQUIRE(out.flush());
        // nginx's ETag is mtime and size: give every publication its own time, as a real deployment has (set
        // after the data is flushed, or the write would set it again).
        static int publication = 0;
        REQUIRE(
            out.setFileTime(QDateTime::currentDateTimeUtc().addSecs(++publication), QFileDevice::FileModificationTime));
    }
    return qEnvironmentVariable("VEIL_TEST_HTTPS_URL") + QLatin1Char('/') + folder + QStringLiteral("/policy.json");
}

/// Publishes a vector (and its signature) as https://.../NAME/policy.json on the test server.
QString publish(const QString& folder, const QString& vectorName)
{
    return publishBytes(folder, Machine::vector(vectorName), Machine::vector(vectorName + QStringLiteral(".minisig")));
}

bool haveKeyring()
{
    return veil::test::availableOrFailInCi(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
                                               && qEnvironmentVariableIsSet("VEIL_TEST_KEYRING"),
                                           "a private gnome-keyring (dbus-run-session -- scripts/with-keyring)");
}

bool haveMinisign()
{
    return veil::test::availableOrFailInCi(!QStandardPaths::findExecutable(QStringLiteral("minisign")).isEmpty(),
                                           "the minisign tool");
}

/// Runs the real minisign; returns its exit code (output in `output`).
int minisign(const QStringList& arguments, const QByteArray& input = {}, QByteArray* output = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("minisign"), arguments);
    REQUIRE(process.waitForStarted());
    process.write(input);
    process.closeWriteChannel();
    REQUIRE(process.waitForFinished(120000));
    if (output) {
        *output = process.readAll();
    }
    return process.exitCode();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
}

bool haveServer()
{
    return veil::test::availableOrFailInCi(!qEnvironmentVariable("VEIL_TEST_HTTPS_URL").isEmpty()
                                               && veil::test::sharedDir().has_value(),
                                           "the test web server and the shared policy vectors");
}

} // namespace

TEST_CASE("policy fetch activates a signed bundle, then sees it unchanged", "[cli][policy][fetch]")
{
    if (!haveServer()) {
        return;
    }
    Machine machine;
    CHECK(machine.veilctl({QStringLiteral("policy"), QStringLiteral("status")}).out.contains("unmanaged"));
    machine.manage(publish(QStringLiteral("a"), QStringLiteral("policy-v42.json")),
                   {QStringLiteral("trusted-test-key.pub")});
    CHECK(machine.veilctl({QStringLiteral("policy"), QStringLiteral("status")}).out.contains("fail closed"));

    const Run first = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
    INFO(first.err.toStdString());
    CHECK(first.exitCode == 0);
    CHECK(first.out.contains("version 42 is now active"));
    const Run second = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
    CHECK(second.exitCode == 0);
    CHECK(second.out.contains("unchanged"));
    const Run status = machine.veilctl({QStringLiteral("policy"), QStringLiteral("status")});
    CHECK(status.out.contains("version 42"));
    CHECK(status.out.contains("098F64234B3B6230"));
    CHECK(status.out.contains("state: active"));
}

TEST_CASE("policy fetch refuses bad bundles with exit 3 and keeps the active one", "[cli][policy][fetch]")
{
    if (!haveServer()) {
        return;
    }
    Machine machine;
    machine.manage(publish(QStringLiteral("b"), QStringLiteral("policy-v42.json")),
                   {QStringLiteral("trusted-test-key.pub")});
    REQUIRE(machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")}).exitCode == 0);

    for (const char* bad : {"tampered-policy-v42.json", "legacy-policy-v42.json", "commenttamper-policy-v42.json",
                            "mismatch-policy-v44.json", "rollback-policy-v41.json", "expired-policy-v43.json"}) {
        INFO(bad);
        machine.manage(publish(QStringLiteral("b"), QString::fromLatin1(bad)),
                       {QStringLiteral("trusted-test-key.pub")});
        const Run run = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
        CHECK(run.exitCode == 3);
        CHECK(run.err.contains("refused"));
        CHECK(machine.veilctl({QStringLiteral("policy"), QStringLiteral("status")}).out.contains("version 42"));
    }
}

TEST_CASE("losing the cache does not allow a rollback", "[cli][policy][fetch]")
{
    if (!haveServer()) {
        return;
    }
    Machine machine;
    machine.manage(publish(QStringLiteral("c"), QStringLiteral("policy-v42.json")),
                   {QStringLiteral("trusted-test-key.pub")});
    REQUIRE(machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")}).exitCode == 0);
    machine.loseCache();
    machine.manage(publish(QStringLiteral("c"), QStringLiteral("rollback-policy-v41.json")),
                   {QStringLiteral("trusted-test-key.pub")});
    const Run run = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
    CHECK(run.exitCode == 3);
    CHECK(run.err.contains("rollback"));
}

TEST_CASE("a truncated bundle or signature on the server is refused in one sentence, and the whole file is taken later",
          "[cli][policy][fetch][fault]")
{
    if (!haveServer()) {
        return;
    }
    Machine machine;
    const QByteArray json = Machine::vector(QStringLiteral("policy-v42.json"));
    const QByteArray signature = Machine::vector(QStringLiteral("policy-v42.json.minisig"));
    const auto refused = [&machine](const char* what) {
        INFO(what);
        const Run run = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
        INFO(run.err.toStdString());
        CHECK(run.exitCode == 3);
        // The reason in one sentence, then that the bundle was refused.
        CHECK(run.err.count('\n') == 2);
        CHECK(run.err.contains("the bundle was refused"));
        CHECK(run.err.size() < 400);
    };

    // No policy yet: a bundle cut off in transit or in the middle of an upload is refused; still fail closed.
    machine.manage(publishBytes(QStringLiteral("t"), json.left(json.size() / 2), signature),
                   {QStringLiteral("trusted-test-key.pub")});
    refused("half the bundle");
    CHECK(machine.veilctl({QStringLiteral("policy"), QStringLiteral("status")}).out.contains("fail closed"));

    // The whole file once it is back is activated.
    publish(QStringLiteral("t"), QStringLiteral("policy-v42.json"));
    const Run whole = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
    INFO(whole.err.toStdString());
    CHECK(whole.exitCode == 0);
    CHECK(whole.out.contains("version 42 is now active"));

    // Truncated again, in either file or down to nothing: refused, and the active policy stays.
    for (const auto& [what, bytes, sig] : {std::tuple{"the bundle cut one byte short", json.chopped(1), signature},
                                           std::tuple{"an empty bundle", QByteArray(), signature},
                                           std::tuple{"half the signature", json, signature.left(signature.size() / 2)},
                                           std::tuple{"the signature without its trusted comment", json,
                                                      signature.left(signature.indexOf("trusted comment:"))}}) {
        publishBytes(QStringLiteral("t"), bytes, sig);
        refused(what);
        const Run status = machine.veilctl({QStringLiteral("policy"), QStringLiteral("status")});
        CHECK(status.out.contains("version 42"));
        CHECK(status.out.contains("state: active"));
    }
    publish(QStringLiteral("t"), QStringLiteral("policy-v42.json"));
    const Run back = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
    CHECK(back.exitCode == 0);
    CHECK(back.out.contains("unchanged"));
}

TEST_CASE("key rotation: a bundle signed by either of two trusted keys is accepted", "[cli][policy][fetch]")
{
    if (!haveServer()) {
        return;
    }
    Machine machine;
    machine.manage(publish(QStringLiteral("d"), QStringLiteral("wrongkey-policy-v42.json")),
                   {QStringLiteral("trusted-test-key.pub"), QStringLiteral("untrusted-other-key.pub")});
    const Run run = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
    INFO(run.err.toStdString());
    CHECK(run.exitCode == 0);
    CHECK(machine.veilctl({QStringLiteral("policy"), QStringLiteral("status")}).out.contains("C12DBE6BCC380829"));
}

TEST_CASE("an unreachable policy server is exit 4", "[cli][policy][fetch]")
{
    if (!haveServer()) {
        return;
    }
    Machine machine;
    machine.manage(qEnvironmentVariable("VEIL_TEST_HTTPS_URL") + QStringLiteral("/nowhere/policy.json"),
                   {QStringLiteral("trusted-test-key.pub")});
    const Run run = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
    CHECK(run.exitCode == 4);
    CHECK(run.err.contains("404"));
}

TEST_CASE("ask obeys the active policy: providers it does not list are refused, its deny terms block",
          "[cli][policy][ask]")
{
    if (!haveServer()) {
        return;
    }
    Machine machine;
    machine.manage(publish(QStringLiteral("e"), QStringLiteral("policy-v42.json")),
                   {QStringLiteral("trusted-test-key.pub")});
    REQUIRE(machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")}).exitCode == 0);

    REQUIRE(machine
                .veilctl({QStringLiteral("providers"), QStringLiteral("add"), QStringLiteral("--id"),
                          QStringLiteral("elsewhere"), QStringLiteral("--kind"), QStringLiteral("openai_compatible"),
                          QStringLiteral("--base-url"), QStringLiteral("https://llm.elsewhere.example/v1"),
                          QStringLiteral("--model"), QStringLiteral("gpt-4o-mini")})
                .exitCode
            == 0);
    const Run refused = machine.veilctl(
        {QStringLiteral("ask"), QStringLiteral("--provider"), QStringLiteral("elsewhere"), QStringLiteral("hello")});
    CHECK(refused.exitCode == 2);
    CHECK(refused.err.contains("does not allow the provider elsewhere"));

    if (!veil::test::availableOrFailInCi(!qEnvironmentVariable("VEIL_TEST_KEYRING").isEmpty(), "the test keyring")) {
        return;
    }
    const Run term = machine.veilctl({QStringLiteral("ask"), QStringLiteral("--provider"), QStringLiteral("inspector"),
                                      QStringLiteral("What is the status of Project Bluefin?")});
    CHECK(term.exitCode == 2);
    CHECK(term.out.isEmpty());
}

TEST_CASE("policy fetch audits activations and refusals, seen by audit list", "[cli][policy][fetch][audit]")
{
    if (!haveServer() || !haveKeyring()) {
        return;
    }
    Machine machine;
    machine.makeHistory();
    machine.manage(publish(QStringLiteral("audit-a"), QStringLiteral("policy-v42.json")),
                   {QStringLiteral("trusted-test-key.pub")});
    const Run fetched = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
    INFO(fetched.err.toStdString());
    REQUIRE(fetched.exitCode == 0);
    machine.manage(publish(QStringLiteral("audit-a"), QStringLiteral("rollback-policy-v41.json")),
                   {QStringLiteral("trusted-test-key.pub")});
    REQUIRE(machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")}).exitCode == 3);
    machine.manage(publish(QStringLiteral("audit-a"), QStringLiteral("tampered-policy-v42.json")),
                   {QStringLiteral("trusted-test-key.pub")});
    REQUIRE(machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")}).exitCode == 3);

    const QList<QJsonObject> activated = machine.auditEntries(QStringLiteral("policy_activated"));
    REQUIRE(activated.size() == 1);
    const QJsonObject details = activated[0].value(QStringLiteral("details")).toObject();
    CHECK(details.value(QStringLiteral("org_id")).toString() == QStringLiteral("example-org"));
    CHECK(details.value(QStringLiteral("bundle_version")).toInteger() == 42);
    CHECK(details.value(QStringLiteral("key_id")).toString() == QStringLiteral("098F64234B3B6230"));
    CHECK(details.value(QStringLiteral("source_host")).toString() == QStringLiteral("127.0.0.1"));

    const QList<QJsonObject> refused = machine.auditEntries(QStringLiteral("policy_refused"));
    REQUIRE(refused.size() == 2);
    const QJsonObject rollback = refused[0].value(QStringLiteral("details")).toObject();
    CHECK(rollback.value(QStringLiteral("reason_code")).toString() == QStringLiteral("rollback"));
    CHECK(rollback.value(QStringLiteral("bundle_version")).toInteger() == 41);
    const QJsonObject tampered = refused[1].value(QStringLiteral("details")).toObject();
    CHECK(tampered.value(QStringLiteral("reason_code")).toString() == QStringLiteral("signature_invalid"));
    CHECK(tampered.value(QStringLiteral("bundle_version")).toInteger() == 0);
    // Never the bundle's content.
    const Run list = machine.veilctl({QStringLiteral("audit"), QStringLiteral("list")});
    CHECK_FALSE(list.out.contains("Project Bluefin"));
    CHECK(machine.veilctl({QStringLiteral("audit"), QStringLiteral("verify")}).exitCode == 0);
}

TEST_CASE("policy events wait in the spool while the history cannot be opened, then reach the log in order",
          "[cli][policy][fetch][audit]")
{
    if (!haveServer() || !haveKeyring()) {
        return;
    }
    Machine machine;
    machine.makeHistory();
    const QString spool = machine.path(QStringLiteral("data/veil/history.db.policy-audit"));
    // No keychain (the session bus is elsewhere): the history cannot be opened, the events are queued.
    const QList<QPair<QString, QString>> noKeychain{
        {QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
         QStringLiteral("unix:path=") + machine.path(QStringLiteral("no-bus"))}};
    machine.manage(publish(QStringLiteral("audit-b"), QStringLiteral("policy-v42.json")),
                   {QStringLiteral("trusted-test-key.pub")});
    const Run first = machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")}, {}, noKeychain);
    INFO(first.err.toStdString());
    REQUIRE(first.exitCode == 0);
    CHECK(first.err.contains("waits for the history"));
    machine.manage(publish(QStringLiteral("audit-b"), QStringLiteral("expired-policy-v43.json")),
                   {QStringLiteral("trusted-test-key.pub")});
    REQUIRE(machine.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")}, {}, noKeychain).exitCode == 3);
    REQUIRE(QFileInfo::exists(spool));
    CHECK((QFileInfo(spool).permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup)) == 0);
    CHECK_FALSE(veil::test::readFile(spool).contains("Project Bluefin"));

    // The next open of the history moves them into the chain.
    const QList<QJsonObject> activated = machine.auditEntries(QStringLiteral("policy_activated"));
    const QList<QJsonObject> refused = machine.auditEntries(QStringLiteral("policy_refused"));
    CHECK_FALSE(QFileInfo::exists(spool));
    REQUIRE(activated.size() == 1);
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].value(QStringLiteral("details")).toObject().value(QStringLiteral("reason_code")).toString()
          == QStringLiteral("expired"));
    CHECK(activated[0].value(QStringLiteral("seq")).toInteger() < refused[0].value(QStringLiteral("seq")).toInteger());
    // With the times they happened, not the time of the flush.
    CHECK(activated[0].value(QStringLiteral("at")).toString() <= refused[0].value(QStringLiteral("at")).toString());
    CHECK(machine.veilctl({QStringLiteral("audit"), QStringLiteral("verify")}).exitCode == 0);
}

TEST_CASE("policy sign: a minisign key signs a bundle that minisign and policy verify accept", "[cli][policy][sign]")
{
    if (!haveMinisign() || !veil::test::sharedDir()) {
        return;
    }
    // One key for every section: minisign's scrypt parameters make each key cost seconds.
    static const QTemporaryDir keys;
    const QString secret = keys.filePath(QStringLiteral("admin.key"));
    const QString pub = keys.filePath(QStringLiteral("admin.pub"));
    QByteArray output;
    if (!QFileInfo::exists(secret)) {
        const int made = minisign({QStringLiteral("-G"), QStringLiteral("-p"), pub, QStringLiteral("-s"), secret},
                                  "s3cret pass\ns3cret pass\n", &output);
        INFO(output.toStdString());
        REQUIRE(made == 0);
    }
    Machine machine;
    const QString bundle = machine.path(QStringLiteral("policy.json"));
    writeFile(bundle, Machine::vector(QStringLiteral("policy-v42.json")));
    const QList<QPair<QString, QString>> passphraseOnStdin{
        {QStringLiteral("VEIL_KEY_PASSPHRASE_FD"), QStringLiteral("0")}};

    SECTION("signed, and verified by minisign -V -H and by policy verify")
    {
        const Run signed_
            = machine.veilctl({QStringLiteral("policy"), QStringLiteral("sign"), bundle, QStringLiteral("--key"),
                               secret, QStringLiteral("--trusted-comment-from-json")},
                              "s3cret pass\n", passphraseOnStdin);
        INFO(signed_.err.toStdString());
        REQUIRE(signed_.exitCode == 0);
        CHECK(signed_.out.contains("trusted comment: org_id=example-org bundle_version=42 "
                                   "expires_at=2030-01-01T00:00:00Z"));
        CHECK(minisign(
                  {QStringLiteral("-V"), QStringLiteral("-H"), QStringLiteral("-m"), bundle, QStringLiteral("-p"), pub},
                  {}, &output)
              == 0);
        CHECK(output.contains("bundle_version=42"));
        const Run verified = machine.veilctl(
            {QStringLiteral("policy"), QStringLiteral("verify"), bundle, QStringLiteral("--pubkey"), pub});
        INFO(verified.err.toStdString());
        CHECK(verified.exitCode == 0);
        // The passphrase never reaches the output.
        CHECK_FALSE(signed_.out.contains("s3cret"));
        CHECK_FALSE(signed_.err.contains("s3cret"));
    }
    SECTION("a wrong passphrase is a clear error and writes nothing")
    {
        const Run run = machine.veilctl(
            {QStringLiteral("policy"), QStringLiteral("sign"), bundle, QStringLiteral("--key"), secret}, "not it\n",
            passphraseOnStdin);
        CHECK(run.exitCode == 3);
        CHECK(run.err.contains("passphrase is wrong"));
        CHECK_FALSE(QFileInfo::exists(bundle + QStringLiteral(".minisig")));
    }
    SECTION("without a terminal or VEIL_KEY_PASSPHRASE_FD, an encrypted key is not used")
    {
        const Run run = machine.veilctl(
            {QStringLiteral("policy"), QStringLiteral("sign"), bundle, QStringLiteral("--key"), secret},
            "s3cret pass\n");
        CHECK(run.exitCode == 1);
        CHECK(run.err.contains("VEIL_KEY_PASSPHRASE_FD"));
        CHECK_FALSE(QFileInfo::exists(bundle + QStringLiteral(".minisig")));
    }
    SECTION("bad JSON, or a bundle Veil would refuse, is not signed")
    {
        writeFile(bundle, "{\"schema\": \"veil-policy\", ");
        const Run bad = machine.veilctl(
            {QStringLiteral("policy"), QStringLiteral("sign"), bundle, QStringLiteral("--key"), secret},
            "s3cret pass\n", passphraseOnStdin);
        CHECK(bad.exitCode == 3);
        CHECK(bad.err.contains("was not signed"));
        writeFile(bundle, Machine::vector(QStringLiteral("expired-policy-v43.json")));
        const Run expired = machine.veilctl(
            {QStringLiteral("policy"), QStringLiteral("sign"), bundle, QStringLiteral("--key"), secret},
            "s3cret pass\n", passphraseOnStdin);
        CHECK(expired.exitCode == 3);
        CHECK(expired.err.contains("expired"));
        CHECK_FALSE(QFileInfo::exists(bundle + QStringLiteral(".minisig")));
    }
}

TEST_CASE("policy sign works with an unencrypted key (minisign -G -W) without asking", "[cli][policy][sign]")
{
    if (!haveMinisign() || !veil::test::sharedDir()) {
        return;
    }
    Machine machine;
    const QString secret = machine.path(QStringLiteral("plain.key"));
    const QString pub = machine.path(QStringLiteral("plain.pub"));
    REQUIRE(
        minisign({QStringLiteral("-G"), QStringLiteral("-W"), QStringLiteral("-p"), pub, QStringLiteral("-s"), secret})
        == 0);
    const QString bundle = machine.path(QStringLiteral("policy.json"));
    writeFile(bundle, Machine::vector(QStringLiteral("policy-v42.json")));
    const QString sig = machine.path(QStringLiteral("elsewhere.minisig"));
    const Run run = machine.veilctl({QStringLiteral("policy"), QStringLiteral("sign"), bundle, QStringLiteral("--key"),
                                     secret, QStringLiteral("--sig"), sig});
    INFO(run.err.toStdString());
    REQUIRE(run.exitCode == 0);
    CHECK(minisign({QStringLiteral("-V"), QStringLiteral("-H"), QStringLiteral("-m"), bundle, QStringLiteral("-x"), sig,
                    QStringLiteral("-p"), pub})
          == 0);
}
