#include "support/TestData.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run veilctl(const QStringList& arguments, const QByteArray& input = {}, const QProcessEnvironment& env = {})
{
    QProcess process;
    if (!env.isEmpty()) {
        process.setProcessEnvironment(env);
    }
    process.start(QStringLiteral(VEILCTL_PATH), arguments);
    REQUIRE(process.waitForStarted());
    process.write(input);
    process.closeWriteChannel();
    REQUIRE(process.waitForFinished(60000));
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

QJsonObject json(const QByteArray& line)
{
    return QJsonDocument::fromJson(line).object();
}

} // namespace

TEST_CASE("redact --json reports findings with UTF-8 byte offsets", "[cli][redact]")
{
    const Run run = veilctl({QStringLiteral("redact"), QStringLiteral("--json")}, "Grüße jane.doe@acme-corp.io");
    REQUIRE(run.exitCode == 0);
    const QJsonObject result = json(run.out);
    CHECK(result.value(QStringLiteral("redacted")).toString() == QStringLiteral("Grüße [EMAIL_1]"));
    const QJsonArray findings = result.value(QStringLiteral("findings")).toArray();
    REQUIRE(findings.size() == 1);
    const QJsonObject f = findings.at(0).toObject();
    CHECK(f.value(QStringLiteral("start")).toInt() == 8);
    CHECK(f.value(QStringLiteral("end")).toInt() == 29);
    CHECK(f.value(QStringLiteral("placeholder")).toString() == QStringLiteral("[EMAIL_1]"));
    CHECK(f.value(QStringLiteral("category")).toString() == QStringLiteral("pii"));
    CHECK(f.value(QStringLiteral("action")).toString() == QStringLiteral("redact"));
}

TEST_CASE("redact prints the redacted text and exits 2 when a block rule matches", "[cli][redact]")
{
    const Run plain = veilctl({QStringLiteral("redact")}, "mail jane.doe@acme-corp.io\n");
    CHECK(plain.exitCode == 0);
    CHECK(plain.out == "mail [EMAIL_1]\n");

    const QByteArray key
        = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz"
          "c2gtZWQyNTUxOQAAACBZq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2Zq8Lr3Q==\n"
          "-----END OPENSSH PRIVATE KEY-----\n";
    const Run blocked = veilctl({QStringLiteral("redact")}, key);
    CHECK(blocked.exitCode == 2);
    CHECK(blocked.err.contains("blocked by rule"));
    CHECK_FALSE(blocked.out.contains("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ"));
}

TEST_CASE("redact --jsonl answers every line and reports bad lines without stopping", "[cli][redact]")
{
    const QByteArray input = "{\"id\": 1, \"text\": \"a jane.doe@acme-corp.io\"}\n"
                             "this is not json\n"
                             "{\"id\": \"two\", \"text\": \"bad \xff byte\"}\n"
                             "{\"id\": 3}\n"
                             "{\"id\": 4, \"text\": \"b jane.doe@acme-corp.io c john@globex.net\"}\n";
    const Run run = veilctl({QStringLiteral("redact"), QStringLiteral("--jsonl")}, input);
    REQUIRE(run.exitCode == 0);
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    REQUIRE(lines.size() == 5);
    CHECK(json(lines[0]).value(QStringLiteral("redacted")).toString() == QStringLiteral("a [EMAIL_1]"));
    CHECK(json(lines[0]).value(QStringLiteral("blocked")).toBool() == false);
    CHECK(json(lines[1]).value(QStringLiteral("error")).toString().contains(QStringLiteral("not a JSON object")));
    CHECK(json(lines[2]).value(QStringLiteral("id")).toString() == QStringLiteral("two"));
    CHECK(json(lines[2]).value(QStringLiteral("error")).toString().contains(QStringLiteral("UTF-8")));
    CHECK(json(lines[3]).value(QStringLiteral("id")).toInt() == 3);
    CHECK(json(lines[3]).value(QStringLiteral("error")).toString().contains(QStringLiteral("\"text\"")));
    // Each line is its own conversation: numbering starts again at 1.
    CHECK(json(lines[4]).value(QStringLiteral("redacted")).toString() == QStringLiteral("b [EMAIL_1] c [EMAIL_2]"));
    CHECK(run.err.contains("line 2"));
}

TEST_CASE("rules list and rules test cover the built-in catalogue", "[cli][rules]")
{
    const Run list = veilctl({QStringLiteral("rules"), QStringLiteral("list")});
    CHECK(list.exitCode == 0);
    CHECK(list.out.contains("email"));
    const Run test = veilctl({QStringLiteral("rules"), QStringLiteral("test")});
    INFO(test.out.toStdString());
    CHECK(test.exitCode == 0);
    CHECK(test.out.contains(" 0 failed"));
}

TEST_CASE("a broken rule is a load error that names it", "[cli][rules]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("bad.json")));
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(R"json({"rules": [{"id": "half-done", "category": "secret", "pattern": "abc(", "keywords": ["abc"],
        "action": "redact", "placeholder_type": "X", "examples": {"match": ["abc"]}}]})json");
    file.close();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("VEIL_RULES_DIR"), dir.path());
    const Run run = veilctl({QStringLiteral("redact")}, "text", env);
    CHECK(run.exitCode == 5);
    CHECK(run.err.contains("\"half-done\""));
    const Run test = veilctl({QStringLiteral("rules"), QStringLiteral("test")}, {}, env);
    CHECK(test.exitCode == 3);
}

TEST_CASE("redact --policy applies the policy's rules and deny terms", "[cli][redact]")
{
    const auto shared = veil::test::sharedDir();
    QTemporaryDir dir;
    QString policyPath = dir.filePath(QStringLiteral("policy.json"));
    if (shared) {
        policyPath = *shared + QStringLiteral("/fixtures/policy/example-policy.json");
    } else {
        QFile file(policyPath);
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write(R"json({"redaction": {"deny_terms": ["Project Bluefin"]}})json");
    }
    const Run run
        = veilctl({QStringLiteral("redact"), QStringLiteral("--json"), QStringLiteral("--policy"), policyPath},
                  "What is the status of Project Bluefin?");
    CHECK(run.exitCode == 2);
    CHECK(json(run.out).value(QStringLiteral("blocked")).toBool());
    CHECK(json(run.out).value(QStringLiteral("redacted")).toString()
          == QStringLiteral("What is the status of [DENIED_TERM_1]?"));
}

TEST_CASE("a policy rule whose example fails is refused, naming the rule", "[cli][redact]")
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("policy.json")));
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(R"json({"redaction": {"rules": [{"id": "ticket-id", "category": "custom", "pattern": "TCK-[0-9]{6}",
        "action": "redact", "placeholder_type": "TICKET", "examples": {"match": ["TCK-12345"]}}]}})json");
    file.close();
    const Run run = veilctl({QStringLiteral("redact"), QStringLiteral("--policy"), file.fileName()}, "TCK-123456");
    CHECK(run.exitCode == 5);
    CHECK(run.err.contains("\"ticket-id\""));
    CHECK(run.err.contains("match example"));
}

TEST_CASE("policy verify accepts the valid bundle and refuses a tampered one", "[cli][policy]")
{
    const auto shared = veil::test::sharedDir();
    if (!shared) {
        WARN("the shared policy vectors are not present");
        return;
    }
    const QString dir = *shared + QStringLiteral("/fixtures/policy/vectors/");
    const QString key = dir + QStringLiteral("trusted-test-key.pub");
    const Run valid = veilctl({QStringLiteral("policy"), QStringLiteral("verify"),
                               dir + QStringLiteral("policy-v42.json"), QStringLiteral("--pubkey"), key});
    CHECK(valid.exitCode == 0);
    CHECK(valid.out.contains("bundle_version=42"));
    const Run tampered = veilctl({QStringLiteral("policy"), QStringLiteral("verify"),
                                  dir + QStringLiteral("tampered-policy-v42.json"), QStringLiteral("--pubkey"), key});
    CHECK(tampered.exitCode == 3);
    CHECK(tampered.err.contains("changed after signing"));
    const Run legacy = veilctl({QStringLiteral("policy"), QStringLiteral("verify"),
                                dir + QStringLiteral("legacy-policy-v42.json"), QStringLiteral("--pubkey"), key});
    CHECK(legacy.exitCode == 3);
}

TEST_CASE("policy lint passes the example bundle and names a broken rule", "[cli][policy]")
{
    const auto shared = veil::test::sharedDir();
    if (!shared) {
        WARN("the shared policy example is not present");
        return;
    }
    const QString example = *shared + QStringLiteral("/fixtures/policy/example-policy.json");
    const Run good = veilctl({QStringLiteral("policy"), QStringLiteral("lint"), example});
    INFO(good.out.toStdString());
    CHECK(good.exitCode == 0);
    CHECK(good.out.contains(" 0 errors"));

    QByteArray broken = veil::test::readFile(example);
    broken.replace("\"us-ssn\"", "\"us-ssn-strict\"");
    broken.replace("ssn 123-45-6789", "ssn 123 45 6789");
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("policy.json")));
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(broken);
    file.close();
    const Run bad = veilctl({QStringLiteral("policy"), QStringLiteral("lint"), file.fileName()});
    CHECK(bad.exitCode == 3);
    CHECK(bad.out.contains("us-ssn-strict"));
}

TEST_CASE("usage mistakes exit 1 with a sentence", "[cli]")
{
    CHECK(veilctl({}).exitCode == 1);
    CHECK(veilctl({QStringLiteral("frobnicate")}).exitCode == 1);
    const Run both = veilctl({QStringLiteral("redact"), QStringLiteral("--json"), QStringLiteral("--jsonl")});
    CHECK(both.exitCode == 1);
    CHECK(both.err.contains("cannot be used together"));
    CHECK(veilctl({QStringLiteral("redact"), QStringLiteral("/nonexistent/file")}).exitCode == 1);
    CHECK(veilctl({QStringLiteral("--version")}).out.startsWith("veilctl "));
    for (const char* command : {"redact", "rules", "policy", "providers", "keys", "ask"}) {
        const Run help = veilctl({QString::fromLatin1(command), QStringLiteral("--help")});
        INFO(command);
        CHECK(help.exitCode == 0);
        CHECK(help.out.startsWith(QByteArray(QByteArray("Usage: veilctl ") + command)));
    }
}

TEST_CASE("veilctl --version follows GNU style and every command answers --help on stdout with status 0", "[cli][help]")
{
    const Run version = veilctl({QStringLiteral("--version")});
    CHECK(version.exitCode == 0);
    CHECK(QRegularExpression(QStringLiteral("^veilctl \\(Veil\\) \\d+\\.\\d+\\.\\d+\\n$"))
              .match(QString::fromUtf8(version.out))
              .hasMatch());
    const Run help = veilctl({QStringLiteral("--help")});
    CHECK(help.exitCode == 0);
    CHECK(help.out.startsWith("Usage: veilctl COMMAND"));
    for (const char* command : {"redact", "rules", "scan", "policy", "providers", "keys", "ask", "workspaces", "export",
                                "history", "audit"}) {
        INFO(command);
        const Run run = veilctl({QString::fromLatin1(command), QStringLiteral("--help")});
        CHECK(run.exitCode == 0);
        CHECK(run.out.startsWith(QByteArray("Usage: veilctl " + QByteArray(command) + ' ')));
        CHECK(run.out.contains("--help"));
        CHECK(run.err.isEmpty());
        // The summary names every command.
        CHECK(help.out.contains(QByteArray("  " + QByteArray(command) + ' ')));
    }
}
