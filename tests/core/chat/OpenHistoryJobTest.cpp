#include "chat/OpenHistoryJob.h"

#include "chat/RekeyHistoryJob.h"
#include "history/Database.h"
#include "history/HistoryStore.h"
#include "keychain/LibsecretStore.h"
#include "keychain/PassphraseKey.h"
#include "support/TestData.h"

#include <catch2/catch.hpp>

#include <QCryptographicHash>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>

#include <sodium.h>

#include <span>

using veil::chat::OpenHistoryJob;
using veil::history::Database;
using veil::keychain::LibsecretStore;
using veil::keychain::SecretKind;
using veil::keychain::SecureBytes;

namespace {

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

QByteArray randomKey()
{
    QByteArray key(Database::kKeyBytes, '\0');
    randombytes_buf(key.data(), size_t(key.size()));
    return key;
}

std::span<const unsigned char, Database::kKeyBytes> span(const QByteArray& key)
{
    REQUIRE(key.size() == Database::kKeyBytes);
    return std::span<const unsigned char, Database::kKeyBytes>(reinterpret_cast<const unsigned char*>(key.constData()),
                                                               Database::kKeyBytes);
}

QByteArray digest(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
                                          : QByteArray("missing");
}

struct Fixture
{
    QTemporaryDir dir;
    LibsecretStore secrets;
    QString path = QFileInfo(dir.filePath(QStringLiteral("history.db"))).absoluteFilePath();

    QByteArray item(const QString& name)
    {
        auto read = secrets.read(SecretKind::DbKey, name);
        runToEnd(*read);
        if (!read->ok()) {
            REQUIRE(read->secretError() == veil::keychain::SecretError::NotFound);
            return {};
        }
        return read->secret().view().toByteArray();
    }

    void setItem(const QString& name, const QByteArray& secret)
    {
        auto write = secrets.write(SecretKind::DbKey, name, QString(), SecureBytes::copyOf(secret));
        runToEnd(*write);
        REQUIRE(write->ok());
    }

    /// A database at `path` keyed with `key` holding one conversation.
    void makeDatabase(const QByteArray& key)
    {
        auto db = Database::open(path, span(key));
        REQUIRE(db);
        REQUIRE(veil::history::HistoryStore(*db.value()).createConversation(QStringLiteral("kept")));
    }

    std::unique_ptr<OpenHistoryJob> open(bool create = false)
    {
        auto job = std::make_unique<OpenHistoryJob>(secrets, OpenHistoryJob::Options{path, create, {}, {}});
        runToEnd(*job);
        return job;
    }
};

OpenHistoryJob::PassphraseSource givesPassphrase(const char* text, int* asked = nullptr)
{
    return [text, asked] {
        if (asked) {
            ++*asked;
        }
        return std::make_shared<const SecureBytes>(SecureBytes::copyOf(QByteArrayView(text)));
    };
}

/// Quick Argon2id parameters for tests.
veil::keychain::PassphraseParams quickParams()
{
    return veil::keychain::PassphraseKey::generate(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
}

QByteArray derived(const char* text, const veil::keychain::PassphraseParams& params)
{
    auto key = veil::keychain::PassphraseKey::derive(SecureBytes::copyOf(QByteArrayView(text)), params);
    REQUIRE(key);
    return key->view().toByteArray();
}

int64_t conversations(Database& db)
{
    return int64_t(veil::history::HistoryStore(db).conversations()->size());
}

} // namespace

TEST_CASE("opening without create finds no history, with create the key is stored and the file made",
          "[chat][openhistory]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    auto none = f.open(false);
    REQUIRE_FALSE(none->ok());
    CHECK(none->noHistory());
    CHECK(none->error().code == veil::Error::Code::NotFound);
    CHECK_FALSE(QFileInfo::exists(f.path));
    CHECK(f.item(f.path).isEmpty());

    auto made = f.open(true);
    INFO((made->ok() ? QString() : made->error().message).toStdString());
    REQUIRE(made->ok());
    CHECK(made->takeDatabase());
    CHECK(QFileInfo::exists(f.path));
    CHECK(f.item(f.path).size() == Database::kKeyBytes);

    // A file whose key is gone is reported, not replaced.
    auto remove = f.secrets.remove(SecretKind::DbKey, f.path);
    runToEnd(*remove);
    REQUIRE(remove->ok());
    const QByteArray before = digest(f.path);
    auto lost = f.open(true);
    REQUIRE_FALSE(lost->ok());
    CHECK(lost->error().message.contains(QStringLiteral("its key is not in the keychain")));
    CHECK(digest(f.path) == before);
}

TEST_CASE("a rekey that stopped before its commit leaves a stale pending key, which the next open removes",
          "[chat][openhistory]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    const QByteArray key = randomKey();
    f.makeDatabase(key);
    f.setItem(f.path, key);
    f.setItem(OpenHistoryJob::pendingKeyName(f.path), randomKey());

    auto job = f.open();
    INFO((job->ok() ? QString() : job->error().message).toStdString());
    REQUIRE(job->ok());
    CHECK_FALSE(job->recoveredRekey());
    CHECK(conversations(*job->takeDatabase()) == 1);
    CHECK(f.item(f.path) == key);
    CHECK(f.item(OpenHistoryJob::pendingKeyName(f.path)).isEmpty());
}

TEST_CASE("a rekey that committed before the key swap is finished by the next open", "[chat][openhistory]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    const QByteArray oldKey = randomKey();
    const QByteArray newKey = randomKey();
    f.makeDatabase(oldKey);
    f.setItem(f.path, oldKey);
    // Steps 2 and 3 of RekeyHistoryJob, then a "crash": the main item still holds the old key.
    f.setItem(OpenHistoryJob::pendingKeyName(f.path), newKey);
    {
        auto db = Database::open(f.path, span(oldKey));
        REQUIRE(db);
        REQUIRE(db.value()->rekey(span(newKey)));
    }

    auto job = f.open();
    INFO((job->ok() ? QString() : job->error().message).toStdString());
    REQUIRE(job->ok());
    CHECK(job->recoveredRekey());
    CHECK(conversations(*job->takeDatabase()) == 1);
    CHECK(f.item(f.path) == newKey);
    CHECK(f.item(OpenHistoryJob::pendingKeyName(f.path)).isEmpty());
}

TEST_CASE("rekey is refused while another connection has the history open", "[chat][openhistory]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    const QByteArray key = randomKey();
    f.makeDatabase(key);
    f.setItem(f.path, key);
    auto other = Database::open(f.path, span(key));
    REQUIRE(other);

    veil::chat::RekeyHistoryJob rekey(f.secrets, veil::chat::RekeyHistoryJob::Options{f.path});
    runToEnd(rekey);
    REQUIRE_FALSE(rekey.ok());
    CHECK(rekey.error().code == veil::Error::Code::Unavailable);
    CHECK(rekey.error().message.contains(QStringLiteral("nothing was changed")));
    CHECK(f.item(f.path) == key);
    CHECK(f.item(OpenHistoryJob::pendingKeyName(f.path)).isEmpty());
    CHECK(conversations(*other.value()) == 1);
}

TEST_CASE("passphrase mode opens with the right passphrase and refuses a wrong or missing one", "[chat][openhistory]")
{
    // No keychain is asked in passphrase mode.
    QTemporaryDir dir;
    LibsecretStore secrets;
    const QString path = dir.filePath(QStringLiteral("history.db"));
    const auto params = veil::keychain::PassphraseKey::generate(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
    REQUIRE(veil::keychain::PassphraseKey::save(params, veil::keychain::PassphraseKey::paramsPathFor(path)));
    const SecureBytes passphrase = SecureBytes::copyOf(QByteArrayView("correct horse battery staple"));
    auto key = veil::keychain::PassphraseKey::derive(passphrase, params);
    REQUIRE(key);
    {
        auto db = Database::open(path, std::span<const unsigned char, Database::kKeyBytes>(key->data(), 32));
        REQUIRE(db);
    }
    const auto open = [&](const char* given) {
        OpenHistoryJob::Options options{path, false, {}, {}};
        if (given) {
            options.askPassphrase = givesPassphrase(given);
        }
        auto job = std::make_unique<OpenHistoryJob>(secrets, options);
        runToEnd(*job);
        return job;
    };
    auto right = open("correct horse battery staple");
    INFO((right->ok() ? QString() : right->error().message).toStdString());
    REQUIRE(right->ok());
    CHECK(right->passphraseMode());
    right.reset();
    const QByteArray before = digest(path);

    auto wrong = open("incorrect horse");
    REQUIRE_FALSE(wrong->ok());
    CHECK(wrong->error().message == QStringLiteral("The passphrase is wrong, or the history database is damaged."));
    auto missing = open(nullptr);
    REQUIRE_FALSE(missing->ok());
    CHECK(missing->error().code == veil::Error::Code::Denied);
    CHECK(digest(path) == before);
}

TEST_CASE("rekey switches a keychain database to a passphrase and back, and the keychain keeps no stale key",
          "[chat][openhistory]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    const QByteArray key = randomKey();
    f.makeDatabase(key);
    f.setItem(f.path, key);
    const QString params = veil::keychain::PassphraseKey::paramsPathFor(f.path);

    veil::chat::RekeyHistoryJob::Options toPassphrase{f.path, veil::chat::RekeyHistoryJob::Target::Passphrase};
    toPassphrase.newPassphrase = std::make_shared<const SecureBytes>(SecureBytes::copyOf(QByteArrayView("s3cret")));
    toPassphrase.opsLimit = crypto_pwhash_OPSLIMIT_MIN;
    toPassphrase.memLimit = crypto_pwhash_MEMLIMIT_MIN;
    veil::chat::RekeyHistoryJob first(f.secrets, toPassphrase);
    runToEnd(first);
    INFO((first.ok() ? QString() : first.error().message).toStdString());
    REQUIRE(first.ok());
    CHECK(first.previousMode() == OpenHistoryJob::Mode::Keychain);
    CHECK(QFileInfo::exists(params));
    CHECK_FALSE(QFileInfo::exists(OpenHistoryJob::pendingParamsPathFor(f.path)));
    CHECK(f.item(f.path).isEmpty());
    CHECK_FALSE(Database::open(f.path, span(key)));

    {
        OpenHistoryJob open(f.secrets, OpenHistoryJob::Options{f.path, false, {}, givesPassphrase("s3cret")});
        runToEnd(open);
        REQUIRE(open.ok());
        CHECK(open.passphraseMode());
        CHECK(conversations(*open.takeDatabase()) == 1);
    }

    veil::chat::RekeyHistoryJob::Options toKeychain{f.path, veil::chat::RekeyHistoryJob::Target::Keychain};
    toKeychain.askPassphrase = givesPassphrase("s3cret");
    veil::chat::RekeyHistoryJob second(f.secrets, toKeychain);
    runToEnd(second);
    INFO((second.ok() ? QString() : second.error().message).toStdString());
    REQUIRE(second.ok());
    CHECK(second.previousMode() == OpenHistoryJob::Mode::Passphrase);
    CHECK_FALSE(QFileInfo::exists(params));
    const QByteArray now = f.item(f.path);
    REQUIRE(now.size() == Database::kKeyBytes);
    CHECK(f.item(OpenHistoryJob::pendingKeyName(f.path)).isEmpty());
    int asked = 0;
    OpenHistoryJob open(f.secrets, OpenHistoryJob::Options{f.path, false, {}, givesPassphrase("s3cret", &asked)});
    runToEnd(open);
    REQUIRE(open.ok());
    CHECK_FALSE(open.passphraseMode());
    CHECK(asked == 0);
    CHECK(conversations(*open.takeDatabase()) == 1);
}

TEST_CASE("a rekey to a passphrase that committed before its parameters were in place is finished by the next open",
          "[chat][openhistory]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    const QByteArray key = randomKey();
    f.makeDatabase(key);
    f.setItem(f.path, key);
    const auto params = quickParams();
    REQUIRE(veil::keychain::PassphraseKey::save(params, OpenHistoryJob::pendingParamsPathFor(f.path)));

    SECTION("the rekey never committed: the pending parameters go, no passphrase is asked")
    {
        int asked = 0;
        OpenHistoryJob open(f.secrets, OpenHistoryJob::Options{f.path, false, {}, givesPassphrase("new", &asked)});
        runToEnd(open);
        REQUIRE(open.ok());
        CHECK_FALSE(open.passphraseMode());
        CHECK_FALSE(open.recoveredRekey());
        CHECK(asked == 0);
        CHECK_FALSE(QFileInfo::exists(OpenHistoryJob::pendingParamsPathFor(f.path)));
        CHECK(f.item(f.path) == key);
    }
    SECTION("the rekey committed: the pending parameters become the ones in force")
    {
        {
            auto db = Database::open(f.path, span(key));
            REQUIRE(db);
            REQUIRE(db.value()->rekey(span(derived("new", params))));
        }
        OpenHistoryJob open(f.secrets, OpenHistoryJob::Options{f.path, false, {}, givesPassphrase("new")});
        runToEnd(open);
        INFO((open.ok() ? QString() : open.error().message).toStdString());
        REQUIRE(open.ok());
        CHECK(open.passphraseMode());
        CHECK(open.recoveredRekey());
        CHECK(conversations(*open.takeDatabase()) == 1);
        CHECK(QFileInfo::exists(veil::keychain::PassphraseKey::paramsPathFor(f.path)));
        CHECK_FALSE(QFileInfo::exists(OpenHistoryJob::pendingParamsPathFor(f.path)));
    }
}

TEST_CASE("a rekey from a passphrase to the keychain that committed before the key swap is finished by the next open",
          "[chat][openhistory]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    const auto params = quickParams();
    REQUIRE(veil::keychain::PassphraseKey::save(params, veil::keychain::PassphraseKey::paramsPathFor(f.path)));
    f.makeDatabase(derived("old", params));
    const QByteArray newKey = randomKey();
    f.setItem(OpenHistoryJob::pendingKeyName(f.path), newKey);
    {
        auto db = Database::open(f.path, span(derived("old", params)));
        REQUIRE(db);
        REQUIRE(db.value()->rekey(span(newKey)));
    }
    OpenHistoryJob open(f.secrets, OpenHistoryJob::Options{f.path, false, {}, givesPassphrase("old")});
    runToEnd(open);
    INFO((open.ok() ? QString() : open.error().message).toStdString());
    REQUIRE(open.ok());
    CHECK_FALSE(open.passphraseMode());
    CHECK(open.recoveredRekey());
    CHECK(conversations(*open.takeDatabase()) == 1);
    CHECK(f.item(f.path) == newKey);
    CHECK(f.item(OpenHistoryJob::pendingKeyName(f.path)).isEmpty());
    CHECK_FALSE(QFileInfo::exists(veil::keychain::PassphraseKey::paramsPathFor(f.path)));
}

TEST_CASE("keychain items a rekey could not remove go with the next passphrase open, and only when marked",
          "[chat][openhistory]")
{
    if (!keyringAvailable()) {
        return;
    }
    Fixture f;
    const auto params = quickParams();
    REQUIRE(veil::keychain::PassphraseKey::save(params, veil::keychain::PassphraseKey::paramsPathFor(f.path)));
    f.makeDatabase(derived("s3cret", params));
    // What a rekey to a passphrase leaves when the keychain refused its removals: the old items.
    f.setItem(f.path, randomKey());
    f.setItem(OpenHistoryJob::pendingKeyName(f.path), randomKey());

    {
        // No marker: the keychain is not touched in passphrase mode.
        OpenHistoryJob open(f.secrets, OpenHistoryJob::Options{f.path, false, {}, givesPassphrase("s3cret")});
        runToEnd(open);
        REQUIRE(open.ok());
        CHECK_FALSE(f.item(f.path).isEmpty());
        CHECK_FALSE(f.item(OpenHistoryJob::pendingKeyName(f.path)).isEmpty());
    }
    const QString marker = OpenHistoryJob::staleKeysMarkerFor(f.path);
    {
        QFile file(marker);
        REQUIRE(file.open(QIODevice::WriteOnly));
    }
    OpenHistoryJob open(f.secrets, OpenHistoryJob::Options{f.path, false, {}, givesPassphrase("s3cret")});
    runToEnd(open);
    INFO((open.ok() ? QString() : open.error().message).toStdString());
    REQUIRE(open.ok());
    CHECK(open.passphraseMode());
    CHECK(f.item(f.path).isEmpty());
    CHECK(f.item(OpenHistoryJob::pendingKeyName(f.path)).isEmpty());
    CHECK_FALSE(QFileInfo::exists(marker));
    auto db = open.takeDatabase();
    CHECK(conversations(*db) == 1);
}
