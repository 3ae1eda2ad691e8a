#include "keychain/PassphraseKey.h"
#include "support/CatchQt.h"

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sodium.h>

#include <sys/stat.h>

using namespace veil::keychain;

namespace {

SecureBytes text(const char* value)
{
    return SecureBytes::copyOf(QByteArrayView(value));
}

/// Cheap parameters for the tests: libsodium's minimum (the product default is MODERATE).
PassphraseParams fastParams()
{
    return PassphraseKey::generate(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
}

SecureBytes derived(const char* passphrase, const PassphraseParams& params)
{
    auto key = PassphraseKey::derive(text(passphrase), params);
    INFO((key ? QString() : key.error().message).toStdString());
    REQUIRE(key.ok());
    return std::move(key).value();
}

} // namespace

TEST_CASE("the same passphrase and salt always derive the same 256-bit key", "[keychain][passphrase]")
{
    const PassphraseParams params = fastParams();
    const SecureBytes first = derived("correct horse battery staple", params);
    const SecureBytes second = derived("correct horse battery staple", params);
    CHECK(first.size() == PassphraseKey::kKeyBytes);
    CHECK(first.equals(second));

    SECTION("another salt gives another key")
    {
        CHECK_FALSE(first.equals(derived("correct horse battery staple", fastParams())));
    }
    SECTION("another passphrase gives another key")
    {
        CHECK_FALSE(first.equals(derived("correct horse battery stapler", params)));
    }
    SECTION("the key is crypto_pwhash Argon2id over exactly these inputs")
    {
        unsigned char expected[32];
        const char* passphrase = "correct horse battery staple";
        REQUIRE(crypto_pwhash(expected, sizeof expected, passphrase, strlen(passphrase),
                              reinterpret_cast<const unsigned char*>(params.salt.constData()), params.opsLimit,
                              params.memLimit, crypto_pwhash_ALG_ARGON2ID13)
                == 0);
        CHECK(first.view() == QByteArrayView(expected, 32));
    }
}

TEST_CASE("passphrase parameters default to Argon2id MODERATE with a fresh random salt", "[keychain][passphrase]")
{
    const PassphraseParams a = PassphraseKey::generate();
    const PassphraseParams b = PassphraseKey::generate();
    CHECK(a.opsLimit == crypto_pwhash_OPSLIMIT_MODERATE);
    CHECK(a.memLimit == crypto_pwhash_MEMLIMIT_MODERATE);
    CHECK(a.salt.size() == crypto_pwhash_SALTBYTES);
    CHECK(a.salt != b.salt);
    CHECK(PassphraseKey::paramsPathFor(QStringLiteral("/x/history.db")) == QStringLiteral("/x/history.db.kdf"));
}

TEST_CASE("the parameters file is 0600, round-trips and holds neither key nor passphrase", "[keychain][passphrase]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = PassphraseKey::paramsPathFor(dir.filePath(QStringLiteral("history.db")));
    const PassphraseParams params = fastParams();
    REQUIRE(PassphraseKey::save(params, path).ok());

    struct stat info = {};
    REQUIRE(::stat(QFile::encodeName(path).constData(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK_FALSE(QFileInfo::exists(path + QStringLiteral(".tmp")));

    auto loaded = PassphraseKey::load(path);
    REQUIRE(loaded.ok());
    CHECK(loaded->salt == params.salt);
    CHECK(loaded->opsLimit == params.opsLimit);
    CHECK(loaded->memLimit == params.memLimit);

    const SecureBytes key = derived("hunter2-but-longer", params);
    CHECK(derived("hunter2-but-longer", loaded.value()).equals(key));
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    const QByteArray raw = key.view().toByteArray();
    CHECK_FALSE(bytes.contains(raw));
    CHECK_FALSE(bytes.contains(raw.toHex()));
    CHECK_FALSE(bytes.contains(raw.toBase64()));
    CHECK_FALSE(bytes.contains("hunter2"));
    CHECK(bytes.contains("argon2id13"));
}

TEST_CASE("damaged or hostile parameter files are refused", "[keychain][passphrase]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("p.kdf"));
    CHECK(PassphraseKey::load(path).error().code == veil::Error::Code::NotFound);

    const auto write = [&path](const QByteArray& bytes) {
        QFile out(path);
        REQUIRE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(bytes);
    };
    const QByteArray salt = QByteArray(crypto_pwhash_SALTBYTES, 'a').toBase64();
    SECTION("not JSON")
    {
        write("nope");
    }
    SECTION("a short salt")
    {
        write(R"({"version":1,"algorithm":"argon2id13","opslimit":"3","memlimit":"268435456","salt":"YWJj"})");
    }
    SECTION("an absurd memory limit")
    {
        write(R"({"version":1,"algorithm":"argon2id13","opslimit":"3","memlimit":"99999999999999","salt":")" + salt
              + "\"}");
    }
    SECTION("another algorithm")
    {
        write(R"({"version":1,"algorithm":"argon2i13","opslimit":"3","memlimit":"268435456","salt":")" + salt + "\"}");
    }
    const auto loaded = PassphraseKey::load(path);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().code == veil::Error::Code::InvalidInput);
}

TEST_CASE("an empty passphrase is refused", "[keychain][passphrase]")
{
    const auto key = PassphraseKey::derive(SecureBytes(), fastParams());
    REQUIRE_FALSE(key.ok());
    CHECK(key.error().code == veil::Error::Code::InvalidInput);
}

TEST_CASE("DeriveKeyJob derives off the calling thread and delivers once", "[keychain][passphrase]")
{
    const PassphraseParams params
        = PassphraseKey::generate(crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE);
    const SecureBytes expected = derived("a passphrase", params);

    DeriveKeyJob job(text("a passphrase"), params);
    QSignalSpy finished(&job, &veil::Job::finished);
    job.start();
    CHECK(finished.isEmpty());
    REQUIRE(finished.wait(30000));
    REQUIRE(job.ok());
    CHECK(job.key().equals(expected));
    QTest::qWait(50);
    CHECK(finished.size() == 1);

    SECTION("abort, and deleting a running job, drop the result safely")
    {
        DeriveKeyJob aborted(text("a passphrase"), params);
        QSignalSpy abortedSpy(&aborted, &veil::Job::finished);
        aborted.start();
        QTest::qWait(1);
        aborted.abort();
        CHECK(abortedSpy.size() == 1);
        CHECK(aborted.error().code == veil::Error::Code::Cancelled);

        auto* deleted = new DeriveKeyJob(text("a passphrase"), params);
        deleted->start();
        QTest::qWait(1);
        delete deleted;
        QTest::qWait(1500); // both workers finish and find nothing to call back into
        CHECK(abortedSpy.size() == 1);
        CHECK(aborted.key().isEmpty());
    }
}
