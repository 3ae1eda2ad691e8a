// `veilctl policy fetch | status` against the real loopback nginx that scripts/test starts.
#include "support/TestData.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

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

    Run veilctl(const QStringList& arguments) const
    {
        QProcess process;
        process.setProcessEnvironment(m_env);
        process.start(QStringLiteral(VEILCTL_PATH), arguments);
        REQUIRE(process.waitForFinished(60000));
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
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

/// Publishes a vector (and its signature) as https://.../NAME/policy.json on the test server.
QString publish(const QString& folder, const QString& vectorName)
{
    const QString www = qEnvironmentVariable("VEIL_TEST_WWW_DIR") + QLatin1Char('/') + folder;
    QDir().mkpath(www);
    for (const auto& [from, to] :
         {std::pair{vectorName, QStringLiteral("policy.json")},
          std::pair{QString(vectorName + QStringLiteral(".minisig")), QStringLiteral("policy.json.minisig")}}) {
        QFile out(www + QLatin1Char('/') + to);
        REQUIRE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(Machine::vector(from));
        REQUIRE(out.flush());
        // nginx's ETag is mtime and size: give every publication its own time, as a real deployment has (set
        // after the data is flushed, or the write would set it again).
        static int publication = 0;
        REQUIRE(
            out.setFileTime(QDateTime::currentDateTimeUtc().addSecs(++publication), QFileDevice::FileModificationTime));
    }
    return qEnvironmentVariable("VEIL_TEST_HTTPS_URL") + QLatin1Char('/') + folder + QStringLiteral("/policy.json");
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
