// veilctl history and audit, run as the real binary with their own XDG folders and the private gnome-keyring of
// scripts/with-keyring. The database is opened here too (with the key from the keyring) to look inside it and,
// for the audit cases, to tamper with it the way someone working around Veil would.
#include "history/Database.h"
#include "keychain/LibsecretStore.h"
#include "support/TestData.h"

#include <catch2/catch.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <sodium.h>

#include <span>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using veil::keychain::LibsecretStore;
using veil::keychain::SecretKind;
using veil::keychain::SecureBytes;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

bool keyringAvailable()
{
    return veil::test::availableOrFailInCi(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
                                               && qEnvironmentVariableIsSet("VEIL_TEST_KEYRING"),
                                           "a private gnome-keyring (dbus-run-session -- scripts/with-keyring)");
}

void runToEnd(veil::Job& job)
{
    QEventLoop loop;
    QObject::connect(&job, &veil::Job::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    REQUIRE(job.isFinished());
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
        Run run;
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    /// `veilctl ask` to the built-in inspector (nothing leaves the machine); returns the conversation id.
    int64_t ask(const QByteArray& prompt) const
    {
        const Run run = veilctl({QStringLiteral("ask"), QStringLiteral("-")}, prompt);
        INFO(run.err.toStdString());
        REQUIRE(run.exitCode == 0);
        const qsizetype at = run.err.indexOf("conversation: ");
        REQUIRE(at >= 0);
        return run.err.mid(at + 14).trimmed().toLongLong();
    }

    QProcessEnvironment environment() const { return m_env; }

    QString database() const
    {
        return QFileInfo(m_home.filePath(QStringLiteral("data/veil/history.db"))).absoluteFilePath();
    }

    QJsonObject json(const QStringList& arguments) const
    {
        const Run run = veilctl(arguments);
        INFO(run.err.toStdString());
        REQUIRE(run.exitCode == 0);
        return QJsonDocument::fromJson(run.out).object();
    }

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
};

/// The keychain item's bytes, or empty when it does not exist.
QByteArray keychainItem(const QString& name)
{
    LibsecretStore store;
    auto read = store.read(SecretKind::DbKey, name);
    runToEnd(*read);
    if (!read->ok()) {
        REQUIRE(read->secretError() == veil::keychain::SecretError::NotFound);
        return {};
    }
    return read->secret().view().toByteArray();
}

void setKeychainItem(const QString& name, const QByteArray& secret)
{
    LibsecretStore store;
    auto write = store.write(SecretKind::DbKey, name, QString(), SecureBytes::copyOf(secret));
    runToEnd(*write);
    REQUIRE(write->ok());
}

std::unique_ptr<veil::history::Database> openWith(const QString& path, const QByteArray& key)
{
    REQUIRE(key.size() == veil::history::Database::kKeyBytes);
    auto db = veil::history::Database::open(
        path,
        std::span<const unsigned char, veil::history::Database::kKeyBytes>(
            reinterpret_cast<const unsigned char*>(key.constData()), veil::history::Database::kKeyBytes));
    INFO((db ? QString() : db.error().message).toStdString());
    REQUIRE(db);
    return std::move(db.value());
}

int64_t count(veil::history::Database& db, veil::history::Sql sql, int64_t id)
{
    auto stmt = db.prepare(sql);
    REQUIRE(stmt);
    stmt->bind(1, id);
    REQUIRE(stmt->next());
    return stmt->int64(0);
}

QByteArray digest(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
                                          : QByteArray("missing");
}

QString pendingName(const QString& database)
{
    return database + QStringLiteral(".rekey-pending");
}

const QByteArray kEmail = "jane.doe@acme-corp.io";

} // namespace

TEST_CASE("history list, search and show print what was sent, and show --restore puts the originals back",
          "[cli][history]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    const Run empty = machine.veilctl({QStringLiteral("history"), QStringLiteral("list")});
    CHECK(empty.exitCode == 0);
    CHECK(empty.out.isEmpty());

    const int64_t first = machine.ask("Please mail " + kEmail + " the notes");
    const int64_t second = machine.ask("Nothing secret in here");
    REQUIRE(first != second);

    const Run listed = machine.veilctl({QStringLiteral("history"), QStringLiteral("list")});
    INFO(listed.err.toStdString());
    REQUIRE(listed.exitCode == 0);
    CHECK(listed.out.contains(QByteArray(QByteArray::number(first) + "\t")));
    CHECK(listed.out.contains("Please mail [EMAIL_1] the notes"));
    CHECK_FALSE(listed.out.contains(kEmail));
    const QJsonArray conversations
        = machine.json({QStringLiteral("history"), QStringLiteral("list"), QStringLiteral("--json")})
              .value(QStringLiteral("conversations"))
              .toArray();
    REQUIRE(conversations.size() == 2);
    for (const auto& item : conversations) {
        CHECK(item.toObject().value(QStringLiteral("messages")).toInteger() == 2);
        CHECK(item.toObject().value(QStringLiteral("created_at")).toString().endsWith(QLatin1Char('Z')));
    }

    // Search runs over the text as sent: the placeholder is found, the original value is not there to find.
    const Run hit = machine.veilctl({QStringLiteral("history"), QStringLiteral("search"), QStringLiteral("notes")});
    CHECK(hit.exitCode == 0);
    CHECK(hit.out.startsWith(QByteArray(QByteArray::number(first) + "\t")));
    CHECK_FALSE(hit.out.contains(kEmail));
    const Run miss = machine.veilctl({QStringLiteral("history"), QStringLiteral("search"), QStringLiteral("jane")});
    CHECK(miss.exitCode == 0);
    CHECK(miss.out.isEmpty());
    const Run syntax
        = machine.veilctl({QStringLiteral("history"), QStringLiteral("search"), QStringLiteral("notes OR \"x* NEAR(")});
    CHECK(syntax.exitCode == 0);

    const Run shown = machine.veilctl({QStringLiteral("history"), QStringLiteral("show"), QString::number(first)});
    INFO(shown.err.toStdString());
    REQUIRE(shown.exitCode == 0);
    CHECK(shown.out.contains("Please mail [EMAIL_1] the notes"));
    CHECK_FALSE(shown.out.contains(kEmail));

    const QJsonObject restored
        = machine.json({QStringLiteral("history"), QStringLiteral("show"), QString::number(first),
                        QStringLiteral("--restore"), QStringLiteral("--json")});
    CHECK(restored.value(QStringLiteral("restored")).toBool());
    const QJsonArray messages = restored.value(QStringLiteral("messages")).toArray();
    REQUIRE(messages.size() == 2);
    CHECK(messages.at(0).toObject().value(QStringLiteral("text")).toString()
          == QStringLiteral("Please mail jane.doe@acme-corp.io the notes"));
    // The inspector's answer shows what would have left: never restored.
    CHECK(messages.at(1).toObject().value(QStringLiteral("text")).toString().contains(QStringLiteral("[EMAIL_1]")));

    const Run missing = machine.veilctl({QStringLiteral("history"), QStringLiteral("show"), QStringLiteral("999")});
    CHECK(missing.exitCode == 1);
    CHECK(missing.err.contains("does not exist"));
    const Run bad = machine.veilctl({QStringLiteral("history"), QStringLiteral("show"), QStringLiteral("x")});
    CHECK(bad.exitCode == 1);
}

TEST_CASE("history purge asks for --yes, deletes conversations with their vault and audits only counts",
          "[cli][history]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    const int64_t first = machine.ask("Write to " + kEmail);
    const int64_t second = machine.ask("And to bob.smith@northwind-mail.com as well");
    const int64_t third = machine.ask("Something else");

    const Run unconfirmed = machine.veilctl(
        {QStringLiteral("history"), QStringLiteral("purge"), QStringLiteral("--conversation"), QString::number(first)});
    CHECK(unconfirmed.exitCode == 1);
    CHECK(unconfirmed.err.contains("would delete 1 conversation(s) with 2 message(s)"));
    CHECK(machine.veilctl({QStringLiteral("history"), QStringLiteral("purge")}).exitCode == 1);
    CHECK(machine
              .veilctl({QStringLiteral("history"), QStringLiteral("purge"), QStringLiteral("--all"),
                        QStringLiteral("--older-than"), QStringLiteral("3")})
              .exitCode
          == 1);
    CHECK(machine.json({QStringLiteral("history"), QStringLiteral("list"), QStringLiteral("--json")})
              .value(QStringLiteral("conversations"))
              .toArray()
              .size()
          == 3);

    const Run purged
        = machine.veilctl({QStringLiteral("history"), QStringLiteral("purge"), QStringLiteral("--conversation"),
                           QString::number(first), QStringLiteral("--yes")});
    INFO(purged.err.toStdString());
    REQUIRE(purged.exitCode == 0);
    CHECK(purged.out.contains("Deleted 1 conversation(s), 2 message(s) and 1 vault entries."));
    // Nothing was older than a day.
    CHECK(machine
              .veilctl({QStringLiteral("history"), QStringLiteral("purge"), QStringLiteral("--older-than"),
                        QStringLiteral("1"), QStringLiteral("--yes")})
              .out.contains("Deleted 0 conversation(s)"));

    {
        auto db = openWith(machine.database(), keychainItem(machine.database()));
        CHECK(count(*db, "SELECT count(*) FROM conversations WHERE id = ?1", first) == 0);
        CHECK(count(*db, "SELECT count(*) FROM messages WHERE conversation_id = ?1", first) == 0);
        CHECK(count(*db, "SELECT count(*) FROM vault WHERE conversation_id = ?1", first) == 0);
        CHECK(count(*db, "SELECT count(*) FROM vault WHERE conversation_id = ?1", second) == 1);
        CHECK(count(*db, "SELECT count(*) FROM conversations WHERE id = ?1", third) == 1);
        auto problems = db->integrityProblems();
        REQUIRE(problems);
        CHECK(problems->isEmpty());
    }

    const Run all = machine.veilctl(
        {QStringLiteral("history"), QStringLiteral("purge"), QStringLiteral("--all"), QStringLiteral("--yes")});
    CHECK(all.exitCode == 0);
    CHECK(all.out.contains("Deleted 2 conversation(s), 4 message(s) and 1 vault entries."));
    CHECK(machine.veilctl({QStringLiteral("history"), QStringLiteral("list")}).out.isEmpty());

    const QJsonArray entries = machine.json({QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--json")})
                                   .value(QStringLiteral("entries"))
                                   .toArray();
    QList<QJsonObject> purges;
    for (const auto& entry : entries) {
        if (entry.toObject().value(QStringLiteral("kind")).toString() == QStringLiteral("history_purged")) {
            purges.append(entry.toObject().value(QStringLiteral("details")).toObject());
        }
    }
    REQUIRE(purges.size() == 3);
    CHECK(purges.at(0)
          == QJsonObject{{QStringLiteral("conversations"), 1},
                         {QStringLiteral("messages"), 2},
                         {QStringLiteral("reason"), QStringLiteral("user")}});
    CHECK(purges.at(2).value(QStringLiteral("conversations")).toInteger() == 2);
    const Run audit = machine.veilctl({QStringLiteral("audit"), QStringLiteral("list")});
    CHECK_FALSE(audit.out.contains("bob.smith"));
    CHECK_FALSE(audit.out.contains("EMAIL"));
    CHECK(machine.veilctl({QStringLiteral("audit"), QStringLiteral("verify")}).exitCode == 0);
}

TEST_CASE("keys set and delete write key_set and key_deleted audit entries naming only the provider", "[cli][audit]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    const QString provider = QStringLiteral("audited-") + QString::number(QRandomGenerator::global()->generate64(), 36);
    const QByteArray key = "sk-veiltest-" + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
    REQUIRE(machine.veilctl({QStringLiteral("keys"), QStringLiteral("set"), provider}, key).exitCode == 0);
    REQUIRE(machine.veilctl({QStringLiteral("keys"), QStringLiteral("delete"), provider}).exitCode == 0);
    const Run listed = machine.veilctl({QStringLiteral("audit"), QStringLiteral("list")});
    REQUIRE(listed.exitCode == 0);
    const QList<QByteArray> lines = listed.out.trimmed().split('\n');
    REQUIRE(lines.size() == 2);
    CHECK(lines.at(0).startsWith("1\t"));
    CHECK(lines.at(0).contains(QByteArray("\tkey_set\t{\"provider\":\"" + provider.toUtf8() + "\"}")));
    CHECK(lines.at(1).contains(QByteArray("\tkey_deleted\t{\"provider\":\"" + provider.toUtf8() + "\"}")));
    CHECK_FALSE(listed.out.contains(key));
}

TEST_CASE("audit verify passes an intact log and names the first entry that was edited, deleted or moved",
          "[cli][audit]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    for (const char* provider : {"one", "two", "three"}) {
        REQUIRE(machine.veilctl({QStringLiteral("keys"), QStringLiteral("set"), QString::fromLatin1(provider)}, "k")
                    .exitCode
                == 0);
    }
    REQUIRE(machine.veilctl({QStringLiteral("keys"), QStringLiteral("delete"), QStringLiteral("one")}).exitCode == 0);
    const Run intact = machine.veilctl({QStringLiteral("audit"), QStringLiteral("verify")});
    INFO(intact.err.toStdString());
    REQUIRE(intact.exitCode == 0);
    CHECK(intact.out.contains("intact: 4 entries"));

    const QString database = machine.database();
    const QByteArray key = keychainItem(database);
    {
        auto db = openWith(database, key);
        REQUIRE(db->checkpoint());
    }
    const QByteArray pristine = veil::test::readFile(database);
    REQUIRE_FALSE(pristine.isEmpty());
    const auto restore = [&] {
        for (const char* suffix : {"-wal", "-shm"}) {
            QFile::remove(database + QLatin1String(suffix));
        }
        QFile file(database);
        REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        REQUIRE(file.write(pristine) == pristine.size());
    };

    struct Tamper
    {
        const char* what;
        std::vector<veil::history::Sql> statements;
        const char* expected;
    };
    const std::vector<Tamper> tampers = {
        {"an edited entry",
         {"UPDATE audit_log SET details = '{\"provider\":\"someone-else\"}' WHERE seq = 2"},
         "Audit entry 2 was changed"},
        {"an edited time", {"UPDATE audit_log SET at = at + 1 WHERE seq = 3"}, "Audit entry 3 was changed"},
        {"a deleted entry", {"DELETE FROM audit_log WHERE seq = 2"}, "Audit entry 2 is missing"},
        {"a deleted entry renumbered",
         {"DELETE FROM audit_log WHERE seq = 2", "UPDATE audit_log SET seq = seq - 1 WHERE seq > 2"},
         "Audit entry 2 does not follow"},
        {"two entries swapped",
         {"UPDATE audit_log SET seq = -2 WHERE seq = 2", "UPDATE audit_log SET seq = 2 WHERE seq = 3",
          "UPDATE audit_log SET seq = 3 WHERE seq = -2"},
         "Audit entry 2 does not follow"},
        {"the newest entries cut off",
         {"DELETE FROM audit_log WHERE seq > 2"},
         "The audit log ends at entry 2, but entry 4 was recorded"},
        {"the oldest entries cut off",
         {"DELETE FROM audit_log WHERE seq < 3"},
         "Audit entries 1 to 2 are missing from the start of the log without a recorded prune"},
    };
    for (const Tamper& tamper : tampers) {
        INFO(tamper.what);
        {
            auto db = openWith(database, key);
            // Someone working around Veil: the append-only triggers go first.
            REQUIRE(db->execute("DROP TRIGGER audit_log_no_update"));
            REQUIRE(db->execute("DROP TRIGGER audit_log_no_delete"));
            for (veil::history::Sql statement : tamper.statements) {
                REQUIRE(db->execute(statement));
            }
        }
        const Run broken = machine.veilctl({QStringLiteral("audit"), QStringLiteral("verify")});
        CHECK(broken.exitCode == 3);
        CHECK(broken.err.contains(tamper.expected));
        CHECK(broken.err.count('\n') == 1);
        restore();
        CHECK(machine.veilctl({QStringLiteral("audit"), QStringLiteral("verify")}).exitCode == 0);
    }

    // The anchor beside the database gone: the chain is sound, but a cut-off end could not be seen.
    const QString anchor = database + QStringLiteral(".audit-anchor");
    REQUIRE(QFile::exists(anchor));
    CHECK(QFileInfo(anchor).permissions()
          == (QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser));
    REQUIRE(QFile::remove(anchor));
    const Run unanchored = machine.veilctl({QStringLiteral("audit"), QStringLiteral("verify")});
    CHECK(unanchored.exitCode == 3);
    CHECK(unanchored.err.contains("anchor file"));
    CHECK(unanchored.err.contains("is missing"));
    CHECK(unanchored.err.count('\n') == 1);
    // The next entry writes it again.
    REQUIRE(machine.veilctl({QStringLiteral("keys"), QStringLiteral("delete"), QStringLiteral("two")}).exitCode == 0);
    CHECK(machine.veilctl({QStringLiteral("audit"), QStringLiteral("verify")}).exitCode == 0);
}

TEST_CASE("history rekey moves the database to a new key in the keychain and the old key stops working",
          "[cli][history]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    const int64_t conversation = machine.ask("Rekey me, " + kEmail);
    const QString database = machine.database();
    const QByteArray before = keychainItem(database);
    REQUIRE(before.size() == 32);

    const Run rekeyed = machine.veilctl({QStringLiteral("history"), QStringLiteral("rekey")});
    INFO(rekeyed.err.toStdString());
    REQUIRE(rekeyed.exitCode == 0);
    const QByteArray after = keychainItem(database);
    REQUIRE(after.size() == 32);
    CHECK(after != before);
    CHECK(keychainItem(pendingName(database)).isEmpty());

    auto old = veil::history::Database::open(
        database, std::span<const unsigned char, 32>(reinterpret_cast<const unsigned char*>(before.constData()), 32));
    REQUIRE_FALSE(old);
    CHECK(old.error().code == veil::Error::Code::InvalidInput);
    {
        auto db = openWith(database, after);
        CHECK(count(*db, "SELECT count(*) FROM messages WHERE conversation_id = ?1", conversation) == 2);
    }
    const Run shown = machine.veilctl({QStringLiteral("history"), QStringLiteral("show"), QString::number(conversation),
                                       QStringLiteral("--restore")});
    CHECK(shown.exitCode == 0);
    CHECK(shown.out.contains(kEmail));
    const QByteArray bytes = veil::test::readFile(database) + veil::test::readFile(database + QStringLiteral("-wal"));
    for (const QByteArray& secret : {before, before.toHex(), after, after.toHex(), kEmail}) {
        CHECK_FALSE(bytes.contains(secret));
    }
}

TEST_CASE("history rekey --to-passphrase and --to-keychain switch modes, the passphrase never in argv or env",
          "[cli][history]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    const int64_t conversation = machine.ask("Passphrase me, " + kEmail);
    const QString database = machine.database();
    const QByteArray passphrase = "correct horse " + QByteArray::number(QRandomGenerator::global()->generate(), 36);
    const QList<QPair<QString, QString>> newOnStdin{{QStringLiteral("VEIL_NEW_PASSPHRASE_FD"), QStringLiteral("0")}};
    const QList<QPair<QString, QString>> onStdin{{QStringLiteral("VEIL_PASSPHRASE_FD"), QStringLiteral("0")}};

    const Run switched
        = machine.veilctl({QStringLiteral("history"), QStringLiteral("rekey"), QStringLiteral("--to-passphrase")},
                          passphrase + "\n", newOnStdin);
    INFO(switched.err.toStdString());
    REQUIRE(switched.exitCode == 0);
    CHECK(QFileInfo::exists(database + QStringLiteral(".kdf")));
    CHECK(keychainItem(database).isEmpty());

    const Run without = machine.veilctl({QStringLiteral("history"), QStringLiteral("list")});
    CHECK(without.exitCode == 4);
    CHECK(without.err.contains("protected by a passphrase"));
    const Run wrong
        = machine.veilctl({QStringLiteral("history"), QStringLiteral("list")}, "not the passphrase", onStdin);
    CHECK(wrong.exitCode == 5);
    CHECK(wrong.err.contains("The passphrase is wrong"));
    const Run listed = machine.veilctl({QStringLiteral("history"), QStringLiteral("list")}, passphrase, onStdin);
    INFO(listed.err.toStdString());
    CHECK(listed.exitCode == 0);
    CHECK(listed.out.startsWith(QByteArray(QByteArray::number(conversation) + "\t")));

    const Run back = machine.veilctl(
        {QStringLiteral("history"), QStringLiteral("rekey"), QStringLiteral("--to-keychain")}, passphrase, onStdin);
    INFO(back.err.toStdString());
    REQUIRE(back.exitCode == 0);
    CHECK_FALSE(QFileInfo::exists(database + QStringLiteral(".kdf")));
    CHECK(keychainItem(database).size() == 32);
    const Run shown = machine.veilctl({QStringLiteral("history"), QStringLiteral("show"), QString::number(conversation),
                                       QStringLiteral("--restore")});
    CHECK(shown.exitCode == 0);
    CHECK(shown.out.contains(kEmail));
    for (const Run& run : {switched, without, wrong, listed, back, shown}) {
        CHECK_FALSE(run.out.contains(passphrase));
        CHECK_FALSE(run.err.contains(passphrase));
    }
}

TEST_CASE("keys set in passphrase mode asks for the passphrase on the terminal while the key comes from stdin",
          "[cli][history][tty]")
{
    if (!keyringAvailable()) {
        return;
    }
    const QString script = QStandardPaths::findExecutable(QStringLiteral("script"));
    if (!veil::test::availableOrFailInCi(!script.isEmpty(), "the script program (a pseudo-terminal)")) {
        return;
    }
    Machine machine;
    machine.ask("make the history");
    const QByteArray passphrase
        = "typed at the terminal " + QByteArray::number(QRandomGenerator::global()->generate(), 36);
    const Run switched
        = machine.veilctl({QStringLiteral("history"), QStringLiteral("rekey"), QStringLiteral("--to-passphrase")},
                          passphrase, {{QStringLiteral("VEIL_NEW_PASSPHRASE_FD"), QStringLiteral("0")}});
    INFO(switched.err.toStdString());
    REQUIRE(switched.exitCode == 0);

    QTemporaryDir dir;
    const QString keyFile = dir.filePath(QStringLiteral("key.txt"));
    {
        QFile file(keyFile);
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write("sk-from-a-file\n");
    }
    const QString provider = QStringLiteral("tty-") + QString::number(QRandomGenerator::global()->generate64(), 36);
    // script(1) gives veilctl a terminal (its controlling tty, standard error) while standard input is the file.
    QProcess process;
    process.setProcessEnvironment(machine.environment());
    process.start(script,
                  {QStringLiteral("-qec"),
                   QStringLiteral("exec '%1' keys set %2 < '%3'").arg(QStringLiteral(VEILCTL_PATH), provider, keyFile),
                   QStringLiteral("/dev/null")});
    REQUIRE(process.waitForStarted());
    QByteArray shown;
    QElapsedTimer waited;
    waited.start();
    while (!shown.contains("History passphrase: ") && waited.elapsed() < 30000) {
        process.waitForReadyRead(1000);
        shown += process.readAllStandardOutput();
    }
    INFO(shown.toStdString());
    REQUIRE(shown.contains("History passphrase: "));
    process.write(passphrase + "\n");
    REQUIRE(process.waitForFinished(60000));
    shown += process.readAllStandardOutput();
    CHECK(process.exitCode() == 0);
    CHECK(shown.contains("is in the keychain"));
    CHECK_FALSE(shown.contains(passphrase)); // no echo
    CHECK_FALSE(shown.contains("sk-from-a-file"));

    const Run listed = machine.veilctl({QStringLiteral("audit"), QStringLiteral("list")}, passphrase,
                                       {{QStringLiteral("VEIL_PASSPHRASE_FD"), QStringLiteral("0")}});
    INFO(listed.err.toStdString());
    CHECK(listed.out.contains(QByteArray("key_set\t{\"provider\":\"" + provider.toUtf8() + "\"}")));

    // Without a terminal to ask on, it says what to do instead of waiting.
    const Run noTerminal = machine.veilctl({QStringLiteral("keys"), QStringLiteral("set"), provider}, "sk-again");
    CHECK(noTerminal.exitCode != 0);
    CHECK(noTerminal.err.contains("passphrase"));
}

TEST_CASE("without a keychain, ask refuses and offers passphrase mode, which then works end to end", "[cli][history]")
{
    Machine machine;
    const QPair<QString, QString> noBus{QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                                        QStringLiteral("unix:path=/nonexistent/veil-test-bus")};
    const Run refused = machine.veilctl({QStringLiteral("ask"), QStringLiteral("hello")}, {}, {noBus});
    CHECK(refused.exitCode == 4);
    CHECK(refused.err.contains("--to-passphrase"));
    CHECK_FALSE(QFileInfo::exists(machine.database()));

    const QByteArray passphrase = "no keychain here " + QByteArray::number(QRandomGenerator::global()->generate(), 36);
    const Run created
        = machine.veilctl({QStringLiteral("history"), QStringLiteral("rekey"), QStringLiteral("--to-passphrase")},
                          passphrase, {noBus, {QStringLiteral("VEIL_NEW_PASSPHRASE_FD"), QStringLiteral("0")}});
    INFO(created.err.toStdString());
    REQUIRE(created.exitCode == 0);
    CHECK(veil::test::readFile(machine.database() + QStringLiteral(".kdf")).contains("argon2id"));

    const QList<QPair<QString, QString>> withPassphrase{noBus,
                                                        {QStringLiteral("VEIL_PASSPHRASE_FD"), QStringLiteral("0")}};
    const Run asked
        = machine.veilctl({QStringLiteral("ask"), QString::fromUtf8("Write to " + kEmail)}, passphrase, withPassphrase);
    INFO(asked.err.toStdString());
    REQUIRE(asked.exitCode == 0);
    const Run shown = machine.veilctl(
        {QStringLiteral("history"), QStringLiteral("show"), QStringLiteral("1"), QStringLiteral("--restore")},
        passphrase, withPassphrase);
    CHECK(shown.exitCode == 0);
    CHECK(shown.out.contains(QByteArray("Write to " + kEmail)));
    const QByteArray bytes = veil::test::readFile(machine.database())
        + veil::test::readFile(machine.database() + QStringLiteral("-wal"))
        + veil::test::readFile(machine.database() + QStringLiteral(".kdf"));
    CHECK_FALSE(bytes.contains(kEmail));
    CHECK_FALSE(bytes.contains(passphrase));
}

TEST_CASE("a wrong history key in the keychain is reported in one sentence and leaves the file unchanged",
          "[cli][history]")
{
    if (!keyringAvailable()) {
        return;
    }
    Machine machine;
    machine.ask("Some history");
    const QString database = machine.database();
    const QByteArray right = keychainItem(database);
    QByteArray wrong(32, '\0');
    randombytes_buf(wrong.data(), size_t(wrong.size()));
    setKeychainItem(database, wrong);
    const QByteArray before = digest(database) + digest(database + QStringLiteral("-wal"));

    for (const QStringList& arguments : {QStringList{QStringLiteral("history"), QStringLiteral("list")},
                                         QStringList{QStringLiteral("history"), QStringLiteral("purge"),
                                                     QStringLiteral("--all"), QStringLiteral("--yes")},
                                         QStringList{QStringLiteral("history"), QStringLiteral("rekey")},
                                         QStringList{QStringLiteral("audit"), QStringLiteral("verify")}}) {
        const Run run = machine.veilctl(arguments);
        INFO(arguments.join(QLatin1Char(' ')).toStdString());
        CHECK(run.exitCode == 5);
        CHECK(run.err.contains("key is wrong"));
        CHECK(run.err.count('\n') == 1);
        CHECK(run.out.isEmpty());
    }
    CHECK(digest(database) + digest(database + QStringLiteral("-wal")) == before);
    CHECK(keychainItem(database) == wrong);
    setKeychainItem(database, right);
    CHECK(machine.veilctl({QStringLiteral("history"), QStringLiteral("list")}).exitCode == 0);
}

TEST_CASE("a running veilctl cannot write a core file", "[cli][hardening]")
{
    // Start it with core files allowed, as far as this process may, so that the child has to turn them off.
    rlimit limit{};
    REQUIRE(::getrlimit(RLIMIT_CORE, &limit) == 0);
    QProcess process;
    process.setChildProcessModifier([hard = limit.rlim_max] {
        const rlimit allowed{hard == 0 ? RLIM_INFINITY : hard, hard == 0 ? RLIM_INFINITY : hard};
        ::setrlimit(RLIMIT_CORE, &allowed); // raising needs root when hard is 0; the test is then weaker
    });
    // `redact` reads standard input to its end, so it waits for us meanwhile.
    process.start(QStringLiteral(VEILCTL_PATH), {QStringLiteral("redact")});
    REQUIRE(process.waitForStarted());
    QByteArray limits;
    for (int i = 0; i < 100; ++i) {
        QFile file(QStringLiteral("/proc/%1/limits").arg(process.processId()));
        REQUIRE(file.open(QIODevice::ReadOnly));
        limits = file.readAll();
        if (limits.contains("Max core file size") && limits.simplified().contains("Max core file size 0 0 bytes")) {
            break;
        }
        QThread::msleep(20);
    }
    CHECK(limits.simplified().contains("Max core file size 0 0 bytes"));
    // A process that is not dumpable has its /proc files owned by root; visible when we are not root.
    if (::getuid() != 0) {
        struct stat st = {};
        REQUIRE(::stat(QFile::encodeName(QStringLiteral("/proc/%1").arg(process.processId())).constData(), &st) == 0);
        CHECK(st.st_uid == 0);
    }
    process.write("nothing to see\n");
    process.closeWriteChannel();
    REQUIRE(process.waitForFinished(30000));
    CHECK(process.exitCode() == 0);
}
