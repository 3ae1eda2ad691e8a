// The export job against a real SQLCipher history, checked with the real tar and age.
#include "export/Exporter.h"
#include "audit/AuditLog.h"
#include "common/EngineSetup.h"
#include "core/history/HistoryTestSupport.h"
#include "history/HistoryStore.h"
#include "history/StoredVault.h"
#include "support/ExportTools.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace veil;
using exports::Exporter;

namespace {

const std::string kEmail = "jane.doe@acme-corp.io";
const std::string kAwsKey = "AKIAZ7Q2WXV4T3JMPL6N";
constexpr int64_t kDay = 86400000;
constexpr int64_t kJan15 = 1768435200000; // 2026-01-15T00:00:00Z

/// A history with two conversations: one in workspace "alpha" whose email was redacted when it was sent (the
/// original and the vault hold the value), one whose stored text still holds an AWS key (as if sent under
/// older rules), which the export's re-scan must catch.
struct History
{
    test::TempDatabase file;
    int64_t now = kJan15 + 9 * 3600000;

    History()
    {
        auto db = file.open();
        history::HistoryStore store(*db, [this] { return now++; });
        auto workspace = store.createWorkspace(QStringLiteral("alpha"));
        REQUIRE(workspace);
        auto first = store.createConversation(QStringLiteral("Mail"), workspace.value());
        REQUIRE(first);
        auto vault = history::StoredVault::open(*db, first.value());
        REQUIRE(vault);
        REQUIRE(vault.value()->placeholderFor("EMAIL", kEmail) == "[EMAIL_1]");
        history::NewUserMessage user;
        user.text = "Please mail [EMAIL_1] today, =1+1";
        user.original = "Please mail " + kEmail + " today, =1+1";
        user.provider = QStringLiteral("inspector");
        user.model = QStringLiteral("inspector");
        user.findings = {{"email", "EMAIL", 1}};
        user.policyVersion = 41; // sent under an older policy than the one the export re-scans with
        auto userId = store.appendUserMessage(first.value(), user);
        REQUIRE(userId);
        REQUIRE(store.setState(userId.value(), history::MessageState::Complete));
        auto reply
            = store.startAssistantMessage(first.value(), QStringLiteral("inspector"), QStringLiteral("inspector"), 41);
        REQUIRE(reply);
        REQUIRE(store.appendReply(reply.value(), "I wrote to [EMAIL_1] <b>now</b>."));
        REQUIRE(store.setState(reply.value(), history::MessageState::Complete));

        now = kJan15 + kDay + 3600000; // the next day
        auto second = store.createConversation(QStringLiteral("Key"));
        REQUIRE(second);
        history::NewUserMessage old;
        old.text = "The key " + kAwsKey + " leaked, and again " + kAwsKey;
        old.provider = QStringLiteral("gateway");
        old.model = QStringLiteral("gpt-test");
        REQUIRE(store.appendUserMessage(second.value(), old));
    }

    std::unique_ptr<Exporter> exporter(Exporter::Options options) const
    {
        auto engine = app::makeRedactionEngine();
        REQUIRE(engine);
        if (options.since == 0 && options.until == 0) {
            options.since = kJan15;
            options.until = kJan15 + 2 * kDay;
        }
        options.appVersion = QStringLiteral("0.1.0");
        options.device = QStringLiteral("test-host");
        options.clock = [] {
            return kJan15 + 3 * kDay;
        };
        return std::make_unique<Exporter>(file.open(), engine.value(), std::move(options));
    }
};

/// Runs the job to its end.
void finish(Exporter& exporter)
{
    QSignalSpy finished(&exporter, &Job::finished);
    exporter.start();
    CHECK(finished.isEmpty());
    REQUIRE(finished.wait(60000));
    CHECK(finished.size() == 1);
}

QByteArray allBytes(const QString& folder)
{
    QByteArray bytes;
    for (const QString& name : QDir(folder).entryList(QDir::Files)) {
        bytes += test::readFile(QDir(folder).filePath(name));
    }
    return bytes;
}

QByteArray sha256Of(const QString& path)
{
    return QCryptographicHash::hash(test::readFile(path), QCryptographicHash::Sha256).toHex();
}

bool haveTar()
{
    return test::availableOrFailInCi(test::haveTools({QStringLiteral("tar")}), "the tar program");
}

} // namespace

TEST_CASE("an export holds only placeholders, re-scans with the current rules and proves its files", "[export]")
{
    if (!haveTar()) {
        return;
    }
    History history;
    QTemporaryDir out;
    const QString path = out.filePath(QStringLiteral("incident.tar"));
    Exporter::Options options;
    options.outPath = path;
    options.policyVersion = 42;
    auto exporter = history.exporter(options);
    QList<qint64> progress;
    QObject::connect(exporter.get(), &Exporter::progress, [&](Exporter::Phase, qint64 done, qint64 total) {
        progress << done;
        CHECK(total == 3);
    });
    finish(*exporter);
    INFO((exporter->ok() ? QString() : exporter->error().message).toStdString());
    REQUIRE(exporter->ok());
    CHECK_FALSE(progress.isEmpty());
    CHECK(progress.last() == 3);
    const Exporter::Summary summary = exporter->summary();
    CHECK(summary.records == 3);
    CHECK(summary.conversations == 2);
    CHECK(summary.newFindings == 2);
    CHECK(summary.path == path);
    CHECK(sha256Of(path) == summary.sha256);
    CHECK(test::fileMode(path) == 0600);
    CHECK(QDir(out.path()).entryList(QDir::Files | QDir::Hidden) == QStringList{QStringLiteral("incident.tar")});

    const QString folder = out.filePath(QStringLiteral("x"));
    const QStringList names = test::extractTar(path, folder);
    CHECK(names
          == QStringList{QStringLiteral("messages.jsonl"), QStringLiteral("messages.csv"),
                         QStringLiteral("report.html"), QStringLiteral("manifest.json")});
    const QJsonObject manifest = test::checkManifest(folder);
    CHECK(manifest.value(QStringLiteral("counts")).toObject().value(QStringLiteral("records")).toInteger() == 3);
    CHECK(manifest.value(QStringLiteral("counts")).toObject().value(QStringLiteral("new_findings")).toInteger() == 2);
    CHECK(manifest.value(QStringLiteral("policy")).toObject().value(QStringLiteral("version")).toInteger() == 42);
    CHECK(manifest.value(QStringLiteral("rescan_policy_version")).toInteger() == 42);
    CHECK(manifest.value(QStringLiteral("device")).toString() == QStringLiteral("test-host"));
    CHECK(test::readFile(folder + QStringLiteral("/manifest.json")).size() > 0);
    CHECK(summary.manifestSha256 == sha256Of(folder + QStringLiteral("/manifest.json")));

    const QByteArray everything = allBytes(folder) + test::readFile(path);
    CHECK_FALSE(everything.contains(QByteArray::fromStdString(kEmail)));
    CHECK_FALSE(everything.contains(QByteArray::fromStdString(kAwsKey)));
    CHECK_FALSE(everything.contains("acme-corp"));

    const QList<QByteArray> lines = test::readFile(folder + QStringLiteral("/messages.jsonl")).split('\n');
    REQUIRE(lines.size() == 4); // three lines and the empty rest
    const QJsonObject firstLine = QJsonDocument::fromJson(lines[0]).object();
    CHECK(firstLine.value(QStringLiteral("text")).toString() == QStringLiteral("Please mail [EMAIL_1] today, =1+1"));
    CHECK(firstLine.value(QStringLiteral("findings")).toArray().size() == 1);
    // Each record names the policy it was sent under; the re-scan's policy is the export's.
    CHECK(firstLine.value(QStringLiteral("policy_version")).toInteger() == 41);
    CHECK(firstLine.value(QStringLiteral("rescan_policy_version")).toInteger() == 42);
    CHECK(QJsonDocument::fromJson(lines[1]).object().value(QStringLiteral("policy_version")).toInteger() == 41);
    const QJsonObject keyLine = QJsonDocument::fromJson(lines[2]).object();
    const QString keyText = keyLine.value(QStringLiteral("text")).toString();
    CHECK(keyText.contains(QStringLiteral("_NEW_1]")));
    CHECK(keyText.count(QStringLiteral("_NEW_1]")) == 2); // the same value, the same placeholder
    CHECK(
        keyLine.value(QStringLiteral("new_findings")).toArray().at(0).toObject().value(QStringLiteral("count")).toInt()
        == 2);
    CHECK(keyLine.value(QStringLiteral("provider")).toString() == QStringLiteral("gateway"));
    CHECK(keyLine.value(QStringLiteral("policy_version")).isNull()); // stored without one
    CHECK(keyLine.value(QStringLiteral("rescan_policy_version")).toInteger() == 42);

    const QByteArray html = test::readFile(folder + QStringLiteral("/report.html"));
    CHECK(html.contains("&lt;b&gt;now&lt;/b&gt;"));
    CHECK_FALSE(html.contains("<b>now"));
    CHECK(html.count("sent under policy v41") == 2);
    CHECK(html.count("sent without a policy version") == 1);
    const QByteArray csv = test::readFile(folder + QStringLiteral("/messages.csv"));
    CHECK(csv.count("\r\n") == 4);
    CHECK(csv.count("\"41\",\"42\",") == 2);
    CHECK(csv.count("\"\",\"42\",") == 1);

    // The export is in the audit log, with the hashes and counts, after the head the manifest names.
    auto db = history.file.open();
    audit::AuditLog log(*db);
    auto entries = log.entries();
    REQUIRE(entries);
    REQUIRE_FALSE(entries->empty());
    const audit::AuditEntry& last = entries->back();
    CHECK(last.kind == QStringLiteral("export_made"));
    CHECK(last.details.contains(QByteArray("\"file_sha256\":\"" + summary.sha256 + "\"")));
    CHECK(last.details.contains(QByteArray("\"manifest_sha256\":\"" + summary.manifestSha256 + "\"")));
    CHECK(last.details.contains("\"messages\":3"));
    CHECK(last.details.contains("\"new_findings\":2"));
    CHECK(manifest.value(QStringLiteral("audit_chain_head")).toObject().value(QStringLiteral("seq")).toInteger()
          == last.seq - 1);
    CHECK(log.verify()->ok);
}

TEST_CASE("an export encrypted to age recipients opens with the real age and any one identity", "[export][age]")
{
    if (!haveTar()
        || !test::availableOrFailInCi(test::haveTools({QStringLiteral("age"), QStringLiteral("age-keygen")}),
                                      "the age and age-keygen programs")) {
        return;
    }
    History history;
    QTemporaryDir out;
    const test::AgeIdentity one = test::makeAgeIdentity(out.path(), QStringLiteral("one.key"));
    const test::AgeIdentity two = test::makeAgeIdentity(out.path(), QStringLiteral("two.key"));
    Exporter::Options options;
    options.outPath = out.filePath(QStringLiteral("incident.tar.age"));
    options.formats = {QStringLiteral("jsonl")};
    for (const auto* id : {&one, &two}) {
        options.recipients << exports::AgeRecipient::parse(id->recipient.toLatin1()).value();
    }
    auto exporter = history.exporter(options);
    finish(*exporter);
    REQUIRE(exporter->ok());
    const QByteArray encrypted = test::readFile(options.outPath);
    CHECK(encrypted.startsWith("age-encryption.org/v1\n"));
    CHECK(encrypted.count("-> X25519 ") == 2);
    for (const auto* id : {&one, &two}) {
        const auto decrypted
            = test::runTool(QStringLiteral("age"),
                            {QStringLiteral("-d"), QStringLiteral("-i"), id->path, QStringLiteral("-o"),
                             out.filePath(QStringLiteral("plain.tar")), options.outPath});
        INFO(decrypted.err.toStdString());
        REQUIRE(decrypted.exitCode == 0);
        const QString folder = out.filePath(QStringLiteral("x-") + QFileInfo(id->path).baseName());
        CHECK(test::extractTar(out.filePath(QStringLiteral("plain.tar")), folder)
              == QStringList({QStringLiteral("messages.jsonl"), QStringLiteral("manifest.json")}));
        const QJsonObject manifest = test::checkManifest(folder);
        CHECK(manifest.value(QStringLiteral("encryption")).toObject().value(QStringLiteral("recipients")).toInteger()
              == 2);
        CHECK_FALSE(allBytes(folder).contains(QByteArray::fromStdString(kEmail)));
        QFile::remove(out.filePath(QStringLiteral("plain.tar")));
    }
}

TEST_CASE("export filters: range, workspace and provider", "[export]")
{
    History history;
    QTemporaryDir out;
    const auto run = [&](Exporter::Options options) {
        options.outPath = out.filePath(QStringLiteral("e%1.tar").arg(QDir(out.path()).count()));
        options.formats = {QStringLiteral("csv")};
        auto exporter = history.exporter(options);
        finish(*exporter);
        INFO((exporter->ok() ? QString() : exporter->error().message).toStdString());
        REQUIRE(exporter->ok());
        return exporter->summary().records;
    };
    Exporter::Options workspace;
    workspace.workspace = QStringLiteral("alpha");
    CHECK(run(workspace) == 2);
    Exporter::Options provider;
    provider.provider = QStringLiteral("gateway");
    CHECK(run(provider) == 1);
    Exporter::Options firstDay;
    firstDay.since = kJan15;
    firstDay.until = kJan15 + kDay;
    CHECK(run(firstDay) == 2);
    Exporter::Options empty;
    empty.since = kJan15 - 10 * kDay;
    empty.until = kJan15 - 9 * kDay;
    CHECK(run(empty) == 0);

    Exporter::Options unknown;
    unknown.workspace = QStringLiteral("nope");
    unknown.outPath = out.filePath(QStringLiteral("unknown.tar"));
    auto exporter = history.exporter(unknown);
    finish(*exporter);
    REQUIRE_FALSE(exporter->ok());
    CHECK(exporter->error().code == Error::Code::NotFound);
    CHECK_FALSE(QFileInfo::exists(unknown.outPath));
}

TEST_CASE("an export never replaces an existing file and leaves nothing behind when it fails or is aborted", "[export]")
{
    History history;
    QTemporaryDir out;
    const QString existing = out.filePath(QStringLiteral("there.tar"));
    QFile file(existing);
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write("keep me");
    file.close();
    Exporter::Options options;
    options.outPath = existing;
    auto refused = history.exporter(options);
    finish(*refused);
    REQUIRE_FALSE(refused->ok());
    CHECK(test::readFile(existing) == "keep me");

    options.outPath = out.filePath(QStringLiteral("missing/folder/x.tar"));
    auto noFolder = history.exporter(options);
    finish(*noFolder);
    CHECK_FALSE(noFolder->ok());

    options.outPath = out.filePath(QStringLiteral("aborted.tar"));
    auto aborted = history.exporter(options);
    QSignalSpy finished(aborted.get(), &Job::finished);
    aborted->start();
    aborted->abort();
    REQUIRE(finished.size() == 1);
    CHECK(aborted->error().code == Error::Code::Cancelled);
    aborted.reset(); // waits for the worker
    QCoreApplication::processEvents();
    CHECK(QDir(out.path()).entryList(QDir::Files | QDir::Hidden) == QStringList{QStringLiteral("there.tar")});

    // Aborted while the worker runs.
    options.outPath = out.filePath(QStringLiteral("aborted2.tar"));
    auto running = history.exporter(options);
    QSignalSpy runningFinished(running.get(), &Job::finished);
    running->start();
    QCoreApplication::processEvents(); // run() starts the worker
    running->abort();
    CHECK(runningFinished.size() == 1);
    QTest::qWait(200);
    running.reset();
    CHECK(QDir(out.path()).entryList(QDir::Files | QDir::Hidden) == QStringList{QStringLiteral("there.tar")});
}
