// veilctl scan, run as the real binary over real files, a real git repository (its file list compared with what
// git itself lists), and the policy the real loopback nginx of scripts/test serves.
#include "support/TestData.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

const QByteArray kEmail = "jane.doe@acme-corp.io";
const QByteArray kAwsKey = "AKIAZ7Q2WXV4T3JMPL6N";

/// A folder of its own, with XDG folders and a managed folder of its own so no real policy applies.
class Workspace
{
public:
    Workspace()
    {
        REQUIRE(m_dir.isValid());
        m_env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"xdg/data", "xdg/config", "xdg/cache", "managed.d", "home", "tree"}) {
            QDir().mkpath(m_dir.filePath(QString::fromLatin1(name)));
        }
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("xdg/data")));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("xdg/config")));
        m_env.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir.filePath(QStringLiteral("xdg/cache")));
        m_env.insert(QStringLiteral("VEIL_MANAGED_DIR"), m_dir.filePath(QStringLiteral("managed.d")));
        // git without the user's configuration or global excludes.
        m_env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
        m_env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
        m_env.remove(QStringLiteral("GIT_DIR"));
        m_env.remove(QStringLiteral("GIT_WORK_TREE"));
    }

    QString tree() const { return m_dir.filePath(QStringLiteral("tree")); }
    QString path(const QString& relative) const { return tree() + QLatin1Char('/') + relative; }
    QProcessEnvironment& env() { return m_env; }

    void write(const QString& relative, const QByteArray& content) const
    {
        const QString file = path(relative);
        QDir().mkpath(QFileInfo(file).absolutePath());
        QFile out(file);
        REQUIRE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        REQUIRE(out.write(content) == content.size());
    }

    Run run(const QString& program, const QStringList& arguments, const QString& workingDirectory = {}) const
    {
        QProcess process;
        process.setProcessEnvironment(m_env);
        process.setWorkingDirectory(workingDirectory.isEmpty() ? tree() : workingDirectory);
        process.start(program, arguments);
        REQUIRE(process.waitForStarted());
        process.closeWriteChannel();
        REQUIRE(process.waitForFinished(120000));
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
                process.readAllStandardError()};
    }

    Run veilctl(const QStringList& arguments, const QString& workingDirectory = {}) const
    {
        return run(QStringLiteral(VEILCTL_PATH), arguments, workingDirectory);
    }

private:
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
};

QJsonObject parse(const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    INFO(error.errorString().toStdString());
    REQUIRE(document.isObject());
    return document.object();
}

QSet<QString> findingPaths(const QJsonObject& report)
{
    QSet<QString> paths;
    for (const QJsonValue& finding : report.value(QStringLiteral("findings")).toArray()) {
        paths.insert(finding.toObject().value(QStringLiteral("path")).toString());
    }
    return paths;
}

QStringList sorted(const QSet<QString>& set)
{
    QStringList list(set.begin(), set.end());
    list.sort();
    return list;
}

} // namespace

TEST_CASE("scan walks a git work tree exactly as git lists it, honouring every kind of ignore pattern",
          "[cli][scan][git]")
{
    Workspace ws;
    REQUIRE(ws.run(QStringLiteral("git"), {QStringLiteral("init"), QStringLiteral("-q")}).exitCode == 0);
    ws.write(QStringLiteral(".gitignore"),
             "# build output\n"
             "*.log\n"
             "!keep.log\n"
             "build/\n"
             "/top-only.txt\n"
             "docs/**/secret-*.md\n"
             "**/cache\n"
             "\\#hash.txt\n"
             "trailing.txt   \n"
             "[abc]x.txt\n"
             "vendor/**\n");
    ws.write(QStringLiteral("sub/.gitignore"), "!*.log\n/local.txt\ndata/\n");
    ws.write(QStringLiteral("sub/deep/.gitignore"), "*.txt\n!important.txt\n");
    ws.write(QStringLiteral(".git/info/exclude"), "excluded-by-info.txt\n");
    const QStringList files{
        QStringLiteral("a.txt"),
        QStringLiteral("b.log"),
        QStringLiteral("keep.log"),
        QStringLiteral("local.txt"),
        QStringLiteral("top-only.txt"),
        QStringLiteral("#hash.txt"),
        QStringLiteral("trailing.txt"),
        QStringLiteral("ax.txt"),
        QStringLiteral("dx.txt"),
        QStringLiteral("excluded-by-info.txt"),
        QStringLiteral("build/x.txt"),
        QStringLiteral("other/build"),
        QStringLiteral("docs/public.md"),
        QStringLiteral("docs/secret-2.md"),
        QStringLiteral("docs/a/b/secret-1.md"),
        QStringLiteral("x/cache/z.txt"),
        QStringLiteral("vendor/lib/v.txt"),
        QStringLiteral("sub/c.log"),
        QStringLiteral("sub/local.txt"),
        QStringLiteral("sub/top-only.txt"),
        QStringLiteral("sub/build/y.txt"),
        QStringLiteral("sub/data/d.txt"),
        QStringLiteral("sub/deep/plain.txt"),
        QStringLiteral("sub/deep/important.txt"),
        QStringLiteral("sub/deep/z.log"),
        QStringLiteral("sub/deep/notes.md"),
        QStringLiteral("with space/file name.txt"),
    };
    for (const QString& file : files) {
        ws.write(file, "aws_access_key_id = " + kAwsKey + "\n");
    }

    for (const QString& scope : {QStringLiteral("."), QStringLiteral("sub"), QStringLiteral("sub/deep")}) {
        INFO("scanning " << scope.toStdString());
        const Run git
            = ws.run(QStringLiteral("git"),
                     {QStringLiteral("ls-files"), QStringLiteral("--cached"), QStringLiteral("--others"),
                      QStringLiteral("--exclude-standard"), QStringLiteral("-z"), QStringLiteral("--"), scope});
        REQUIRE(git.exitCode == 0);
        QSet<QString> expected;
        for (const QByteArray& name : git.out.split('\0')) {
            if (!name.isEmpty() && !name.endsWith(".gitignore")) {
                expected.insert(QString::fromUtf8(name));
            }
        }
        REQUIRE(expected.size() >= 3);

        const Run scan
            = ws.veilctl({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json"), scope});
        INFO(scan.err.toStdString());
        CHECK(scan.exitCode == 1);
        CHECK(sorted(findingPaths(parse(scan.out))) == sorted(expected));
        CHECK_FALSE(scan.out.contains(kAwsKey));
    }
    // What the walk must have left out, spelled out for the reader.
    const QSet<QString> all = findingPaths(parse(
        ws.veilctl({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral(".")})
            .out));
    for (const char* ignored :
         {"b.log", "top-only.txt", "#hash.txt", "trailing.txt", "ax.txt", "excluded-by-info.txt", "build/x.txt",
          "docs/secret-2.md", "docs/a/b/secret-1.md", "x/cache/z.txt", "vendor/lib/v.txt", "sub/local.txt",
          "sub/build/y.txt", "sub/data/d.txt", "sub/deep/plain.txt"}) {
        INFO(ignored);
        CHECK_FALSE(all.contains(QString::fromLatin1(ignored)));
    }
    for (const char* kept :
         {"a.txt", "keep.log", "local.txt", "dx.txt", "other/build", "docs/public.md", "sub/c.log", "sub/top-only.txt",
          "sub/deep/important.txt", "sub/deep/z.log", "with space/file name.txt"}) {
        INFO(kept);
        CHECK(all.contains(QString::fromLatin1(kept)));
    }
}

TEST_CASE("scan honours .gitignore outside a git work tree and always scans files named on the command line",
          "[cli][scan]")
{
    Workspace ws;
    ws.write(QStringLiteral(".gitignore"), "ignored/\n*.bak\n");
    ws.write(QStringLiteral("seen.txt"), "mail " + kEmail + "\n");
    ws.write(QStringLiteral("old.bak"), "mail " + kEmail + "\n");
    ws.write(QStringLiteral("ignored/x.txt"), "mail " + kEmail + "\n");

    const Run folder
        = ws.veilctl({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral(".")});
    CHECK(folder.exitCode == 1);
    CHECK(sorted(findingPaths(parse(folder.out))) == QStringList{QStringLiteral("seen.txt")});

    // pre-commit passes file names: an ignored file named explicitly is scanned.
    const Run named = ws.veilctl({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json"),
                                  QStringLiteral("old.bak"), QStringLiteral("ignored/x.txt")});
    CHECK(named.exitCode == 1);
    CHECK(sorted(findingPaths(parse(named.out)))
          == (QStringList{QStringLiteral("ignored/x.txt"), QStringLiteral("old.bak")}));
}

TEST_CASE("scan prints file:line:column, rule and placeholder type, never the value, and exits 0 when clean",
          "[cli][scan]")
{
    Workspace ws;
    ws.write(QStringLiteral("config/app.env"), "# settings\nGREETING=Grüße " + kEmail + "\nAWS=" + kAwsKey + "\n");
    ws.write(QStringLiteral("README.md"), "Nothing to see here.\n");

    const Run run = ws.veilctl({QStringLiteral("scan"), QStringLiteral("config"), QStringLiteral("README.md")});
    INFO(run.err.toStdString());
    CHECK(run.exitCode == 1);
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    REQUIRE(lines.size() == 2);
    // "GREETING=Grüße " is 15 code points (17 bytes): the address starts in column 16.
    CHECK(lines[0].startsWith("config/app.env:2:16: pii EMAIL (rule "));
    CHECK(lines[1].startsWith("config/app.env:3:5: secret AWS_KEY (rule "));
    CHECK_FALSE(run.out.contains(kEmail));
    CHECK_FALSE(run.out.contains(kAwsKey));
    CHECK_FALSE(run.err.contains(kEmail));
    CHECK(run.err.contains("2 findings in 1 of 2 files scanned"));

    const Run clean = ws.veilctl({QStringLiteral("scan"), QStringLiteral("README.md")});
    CHECK(clean.exitCode == 0);
    CHECK(clean.out.isEmpty());

    const Run json = ws.veilctl(
        {QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("config/app.env")});
    const QJsonArray findings = parse(json.out).value(QStringLiteral("findings")).toArray();
    REQUIRE(findings.size() == 2);
    const QJsonObject email = findings.at(0).toObject();
    CHECK(email.value(QStringLiteral("line")).toInt() == 2);
    CHECK(email.value(QStringLiteral("column")).toInt() == 16);
    CHECK(email.value(QStringLiteral("start")).toInt() == 11 + 17);
    CHECK(email.value(QStringLiteral("end")).toInt() == 11 + 17 + kEmail.size());
    CHECK(email.value(QStringLiteral("end_column")).toInt() == 16 + kEmail.size());
    CHECK(email.value(QStringLiteral("placeholder_type")).toString() == QStringLiteral("EMAIL"));
    CHECK_FALSE(json.out.contains(kEmail));
}

TEST_CASE("scan --format sarif writes a structurally valid SARIF 2.1.0 log", "[cli][scan][sarif]")
{
    Workspace ws;
    ws.write(QStringLiteral("src/deploy.sh"), "export AWS_ACCESS_KEY_ID=" + kAwsKey + "\n# owner: " + kEmail + "\n");
    ws.write(QStringLiteral("src/other file.txt"), "contact " + kEmail + "\n");

    const Run run = ws.veilctl(
        {QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("sarif"), QStringLiteral("src")});
    INFO(run.err.toStdString());
    CHECK(run.exitCode == 1);
    CHECK_FALSE(run.out.contains(kEmail));
    CHECK_FALSE(run.out.contains(kAwsKey));
    const QJsonObject log = parse(run.out);
    CHECK(log.value(QStringLiteral("version")).toString() == QStringLiteral("2.1.0"));
    CHECK(log.value(QStringLiteral("$schema")).toString().contains(QStringLiteral("sarif-2.1.0")));
    const QJsonArray runs = log.value(QStringLiteral("runs")).toArray();
    REQUIRE(runs.size() == 1);
    const QJsonObject sarifRun = runs.at(0).toObject();
    const QJsonObject driver
        = sarifRun.value(QStringLiteral("tool")).toObject().value(QStringLiteral("driver")).toObject();
    CHECK(driver.value(QStringLiteral("name")).toString() == QStringLiteral("veilctl"));
    const QJsonArray rules = driver.value(QStringLiteral("rules")).toArray();
    REQUIRE(rules.size() == 2);
    QStringList ruleIds;
    for (const QJsonValue& rule : rules) {
        const QJsonObject r = rule.toObject();
        ruleIds << r.value(QStringLiteral("id")).toString();
        CHECK_FALSE(r.value(QStringLiteral("id")).toString().isEmpty());
        CHECK_FALSE(
            r.value(QStringLiteral("shortDescription")).toObject().value(QStringLiteral("text")).toString().isEmpty());
    }
    const QJsonArray results = sarifRun.value(QStringLiteral("results")).toArray();
    REQUIRE(results.size() == 3);
    QSet<QString> uris;
    for (const QJsonValue& value : results) {
        const QJsonObject result = value.toObject();
        const QString ruleId = result.value(QStringLiteral("ruleId")).toString();
        CHECK(ruleIds.contains(ruleId));
        const int index = result.value(QStringLiteral("ruleIndex")).toInt(-1);
        REQUIRE(index >= 0);
        REQUIRE(index < rules.size());
        CHECK(rules.at(index).toObject().value(QStringLiteral("id")).toString() == ruleId);
        CHECK((QStringList{QStringLiteral("error"), QStringLiteral("warning"), QStringLiteral("note")}.contains(
            result.value(QStringLiteral("level")).toString())));
        CHECK_FALSE(
            result.value(QStringLiteral("message")).toObject().value(QStringLiteral("text")).toString().isEmpty());
        const QJsonArray locations = result.value(QStringLiteral("locations")).toArray();
        REQUIRE(locations.size() == 1);
        const QJsonObject physical = locations.at(0).toObject().value(QStringLiteral("physicalLocation")).toObject();
        const QString uri
            = physical.value(QStringLiteral("artifactLocation")).toObject().value(QStringLiteral("uri")).toString();
        uris.insert(uri);
        const QJsonObject region = physical.value(QStringLiteral("region")).toObject();
        CHECK(region.value(QStringLiteral("startLine")).toInt() >= 1);
        CHECK(region.value(QStringLiteral("startColumn")).toInt() >= 1);
        CHECK(region.value(QStringLiteral("endLine")).toInt() >= region.value(QStringLiteral("startLine")).toInt());
    }
    // URIs are relative references, percent-encoded.
    CHECK(sorted(uris) == (QStringList{QStringLiteral("src/deploy.sh"), QStringLiteral("src/other%20file.txt")}));
    const QJsonObject first = results.at(0).toObject();
    const QJsonObject region = first.value(QStringLiteral("locations"))
                                   .toArray()
                                   .at(0)
                                   .toObject()
                                   .value(QStringLiteral("physicalLocation"))
                                   .toObject()
                                   .value(QStringLiteral("region"))
                                   .toObject();
    CHECK(region.value(QStringLiteral("startLine")).toInt() == 1);
    CHECK(region.value(QStringLiteral("startColumn")).toInt() == 26);
}

TEST_CASE("scan skips binary files, reports files over --max-size and exits 5 for an incomplete scan", "[cli][scan]")
{
    Workspace ws;
    ws.write(QStringLiteral("image.bin"), QByteArray("\x89PNG\0\0\0", 7) + "mail " + kEmail);
    ws.write(QStringLiteral("big.txt"), QByteArray(4096, 'x') + "\nmail " + kEmail + "\n");

    const Run binary = ws.veilctl(
        {QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("image.bin")});
    CHECK(binary.exitCode == 0);
    const QJsonObject report = parse(binary.out);
    CHECK(report.value(QStringLiteral("findings")).toArray().isEmpty());
    CHECK(report.value(QStringLiteral("skipped")).toArray().at(0).toObject().value(QStringLiteral("reason"))
          == QStringLiteral("binary"));

    const Run capped = ws.veilctl(
        {QStringLiteral("scan"), QStringLiteral("--max-size"), QStringLiteral("1024"), QStringLiteral("big.txt")});
    CHECK(capped.exitCode == 5);
    CHECK(capped.err.contains("big.txt: larger than 1024 bytes"));
    CHECK(ws.veilctl({QStringLiteral("scan"), QStringLiteral("big.txt")}).exitCode == 1);
}

TEST_CASE("scan refuses bad arguments with exit 1 and a sentence", "[cli][scan]")
{
    Workspace ws;
    const Run none = ws.veilctl({QStringLiteral("scan")});
    CHECK(none.exitCode == 1);
    CHECK(none.err.contains("give at least one file or folder"));
    const Run missing = ws.veilctl({QStringLiteral("scan"), QStringLiteral("no-such-file")});
    CHECK(missing.exitCode == 1);
    CHECK(missing.err.contains("no-such-file does not exist"));
    const Run format
        = ws.veilctl({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("xml"), QStringLiteral(".")});
    CHECK(format.exitCode == 1);
    CHECK(format.err.contains("--format takes text, json or sarif"));
}

TEST_CASE("scan applies the rules of a policy file", "[cli][scan][policy]")
{
    Workspace ws;
    ws.write(QStringLiteral("notes.txt"), "ticket ORD-99817 shipped\n");
    ws.write(QStringLiteral("policy.json"), R"json({"redaction": {"rules": [{"id": "order-number",
        "category": "custom", "pattern": "\\bORD-[0-9]{5}\\b", "keywords": ["ord-"], "action": "warn",
        "placeholder_type": "ORDER", "examples": {"match": ["ORD-12345"], "no_match": ["ORD-12"]}}]}})json");
    CHECK(ws.veilctl({QStringLiteral("scan"), QStringLiteral("notes.txt")}).exitCode == 0);
    const Run run = ws.veilctl({QStringLiteral("scan"), QStringLiteral("--policy"), QStringLiteral("policy.json"),
                                QStringLiteral("--format"), QStringLiteral("sarif"), QStringLiteral("notes.txt")});
    CHECK(run.exitCode == 1);
    const QJsonObject result = parse(run.out)
                                   .value(QStringLiteral("runs"))
                                   .toArray()
                                   .at(0)
                                   .toObject()
                                   .value(QStringLiteral("results"))
                                   .toArray()
                                   .at(0)
                                   .toObject();
    CHECK(result.value(QStringLiteral("ruleId")).toString() == QStringLiteral("order-number"));
    CHECK(result.value(QStringLiteral("level")).toString() == QStringLiteral("warning"));
}

TEST_CASE("scan applies the active organization policy's rules", "[cli][scan][policy]")
{
    const bool serverUp = veil::test::availableOrFailInCi(!qEnvironmentVariable("VEIL_TEST_HTTPS_URL").isEmpty()
                                                              && veil::test::sharedDir().has_value(),
                                                          "the test web server and the shared policy vectors");
    if (!serverUp) {
        return;
    }
    Workspace ws;
    const QString vectors = *veil::test::sharedDir() + QStringLiteral("/fixtures/policy/vectors/");
    const QString www = qEnvironmentVariable("VEIL_TEST_WWW_DIR") + QStringLiteral("/scan");
    QDir().mkpath(www);
    for (const auto& [from, to] :
         {std::pair{"policy-v42.json", "policy.json"}, std::pair{"policy-v42.json.minisig", "policy.json.minisig"}}) {
        QFile::remove(www + QLatin1Char('/') + QString::fromLatin1(to));
        REQUIRE(QFile::copy(vectors + QString::fromLatin1(from), www + QLatin1Char('/') + QString::fromLatin1(to)));
    }
    const QByteArray key = veil::test::readFile(vectors + QStringLiteral("trusted-test-key.pub")).split('\n').at(1);
    ws.write(QStringLiteral("../managed.d/10-veil.json"),
             QStringLiteral(R"json({"policy_url": "%1/scan/policy.json", "org_id": "example-org",
                 "trusted_keys": ["%2"], "require_policy": true})json")
                 .arg(qEnvironmentVariable("VEIL_TEST_HTTPS_URL"), QString::fromLatin1(key.trimmed()))
                 .toUtf8());
    ws.env().insert(QStringLiteral("VEIL_CA_FILE"), qEnvironmentVariable("VEIL_TEST_CA_FILE"));
    ws.write(QStringLiteral("hosts.txt"), "deploy to build01.corp.example.org\n");

    CHECK(ws.veilctl({QStringLiteral("scan"), QStringLiteral("hosts.txt")}).exitCode == 0);
    const Run fetched = ws.veilctl({QStringLiteral("policy"), QStringLiteral("fetch")});
    INFO(fetched.err.toStdString());
    REQUIRE(fetched.exitCode == 0);
    const Run run = ws.veilctl({QStringLiteral("scan"), QStringLiteral("hosts.txt")});
    CHECK(run.exitCode == 1);
    CHECK(run.out.contains("hosts.txt:1:11: custom HOST (rule internal-hostname, action warn)"));
}
