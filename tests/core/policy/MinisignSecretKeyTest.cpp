// Keys made by the real `minisign -G` (Debian's minisign 0.11), signatures checked by the real `minisign -V -H`.
#include "policy/MinisignSecretKey.h"
#include "support/CatchQt.h"
#include "support/TestData.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

using veil::policy::MinisignPublicKey;
using veil::policy::MinisignSecretKey;
using veil::policy::MinisignSignature;

namespace {

bool haveMinisign()
{
    return veil::test::availableOrFailInCi(!QStandardPaths::findExecutable(QStringLiteral("minisign")).isEmpty(),
                                           "the minisign tool");
}

/// Runs minisign with `input` on its standard input; returns its exit code.
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

struct KeyPair
{
    QString secretPath;
    QString publicPath;
};

/// `minisign -G`, with a password (typed twice on its standard input) or unencrypted (-W).
KeyPair generate(const QTemporaryDir& dir, const QByteArray& password)
{
    const KeyPair pair{dir.filePath(QStringLiteral("test.key")), dir.filePath(QStringLiteral("test.pub"))};
    QStringList arguments{QStringLiteral("-G"), QStringLiteral("-f"), QStringLiteral("-p"),
                          pair.publicPath,      QStringLiteral("-s"), pair.secretPath};
    if (password.isEmpty()) {
        arguments << QStringLiteral("-W");
    }
    QByteArray output;
    const int code
        = minisign(arguments, password.isEmpty() ? QByteArray() : password + '\n' + password + '\n', &output);
    INFO(output.toStdString());
    REQUIRE(code == 0);
    return pair;
}

QString write(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    QFile file(dir.filePath(name));
    REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
    file.close();
    return file.fileName();
}

} // namespace

TEST_CASE("a password-protected minisign key signs what minisign -V -H accepts", "[policy][minisign][sign]")
{
    if (!haveMinisign()) {
        return;
    }
    QTemporaryDir dir;
    const KeyPair pair = generate(dir, "correct horse battery");
    const QByteArray keyFile = veil::test::readFile(pair.secretPath);
    auto encrypted = MinisignSecretKey::isEncrypted(keyFile);
    REQUIRE(encrypted);
    CHECK(encrypted.value());

    auto key = MinisignSecretKey::load(keyFile, "correct horse battery");
    INFO((key ? QString() : key.error().message).toStdString());
    REQUIRE(key);
    auto publicKey = MinisignPublicKey::parse(veil::test::readFile(pair.publicPath));
    REQUIRE(publicKey);
    CHECK(key->publicKey().keyId == publicKey->keyId);
    CHECK(key->publicKey().key == publicKey->key);

    const QByteArray data = "{\"a\": 1}\n";
    const QByteArray comment = "org_id=example-org bundle_version=7 expires_at=2030-01-01T00:00:00Z";
    auto signature = key->sign(data, comment, "made by the test");
    REQUIRE(signature);
    const QString file = write(dir, QStringLiteral("data.json"), data);
    write(dir, QStringLiteral("data.json.minisig"), signature.value());
    QByteArray output;
    CHECK(minisign({QStringLiteral("-V"), QStringLiteral("-H"), QStringLiteral("-p"), pair.publicPath,
                    QStringLiteral("-m"), file},
                   {}, &output)
          == 0);
    CHECK(output.contains(comment));

    // And Veil's own verifier, with the key from the .pub file.
    auto parsed = MinisignSignature::parse(signature.value());
    REQUIRE(parsed);
    CHECK(parsed->algorithm == "ED");
    CHECK(veil::policy::verifyMinisign(data, parsed.value(), {publicKey.value()}));
    CHECK_FALSE(veil::policy::verifyMinisign(data + ' ', parsed.value(), {publicKey.value()}));
}

TEST_CASE("a wrong passphrase is refused with a clear error", "[policy][minisign][sign]")
{
    if (!haveMinisign()) {
        return;
    }
    QTemporaryDir dir;
    const KeyPair pair = generate(dir, "right");
    auto key = MinisignSecretKey::load(veil::test::readFile(pair.secretPath), "wrong");
    REQUIRE_FALSE(key);
    CHECK(key.error().code == veil::Error::Code::Denied);
    CHECK(key.error().message.contains(QStringLiteral("passphrase is wrong")));
}

TEST_CASE("an unencrypted key (minisign -G -W) signs without a passphrase", "[policy][minisign][sign]")
{
    if (!haveMinisign()) {
        return;
    }
    QTemporaryDir dir;
    const KeyPair pair = generate(dir, QByteArray());
    const QByteArray keyFile = veil::test::readFile(pair.secretPath);
    auto encrypted = MinisignSecretKey::isEncrypted(keyFile);
    REQUIRE(encrypted);
    CHECK_FALSE(encrypted.value());
    auto key = MinisignSecretKey::load(keyFile, {});
    REQUIRE(key);
    const QByteArray data = "bundle bytes";
    auto signature = key->sign(data, "org_id=o bundle_version=1 expires_at=2030-01-01T00:00:00Z", "test");
    REQUIRE(signature);
    const QString file = write(dir, QStringLiteral("data"), data);
    write(dir, QStringLiteral("data.minisig"), signature.value());
    CHECK(minisign({QStringLiteral("-V"), QStringLiteral("-H"), QStringLiteral("-p"), pair.publicPath,
                    QStringLiteral("-m"), file})
          == 0);
}

TEST_CASE("damaged or foreign key files and multi-line comments are refused", "[policy][minisign][sign]")
{
    CHECK_FALSE(MinisignSecretKey::isEncrypted("not a key"));
    CHECK_FALSE(MinisignSecretKey::load("untrusted comment: x\nRWQAAA==\n", {}));
    // A public key file is not a secret key.
    if (const auto shared = veil::test::sharedDir()) {
        const QByteArray pub
            = veil::test::readFile(*shared + QStringLiteral("/fixtures/policy/vectors/trusted-test-key.pub"));
        auto key = MinisignSecretKey::load(pub, {});
        REQUIRE_FALSE(key);
        CHECK(key.error().code == veil::Error::Code::InvalidInput);
    }
    if (!haveMinisign()) {
        return;
    }
    QTemporaryDir dir;
    const KeyPair pair = generate(dir, QByteArray());
    QByteArray keyFile = veil::test::readFile(pair.secretPath);
    auto key = MinisignSecretKey::load(keyFile, {});
    REQUIRE(key);
    CHECK_FALSE(key->sign("x", "two\nlines", "u"));
    CHECK_FALSE(key->sign("x", "t", "two\rlines"));

    // Flip one bit of the secret key: its halves no longer agree.
    const QList<QByteArray> lines = keyFile.split('\n');
    QByteArray raw = QByteArray::fromBase64(lines[1]);
    raw[70] = char(raw[70] ^ 1); // inside the seed (the key id is bytes 54..61, the secret key 62..125)
    const QByteArray damaged = lines[0] + '\n' + raw.toBase64() + '\n';
    auto broken = MinisignSecretKey::load(damaged, {});
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message.contains(QStringLiteral("damaged")));
}
