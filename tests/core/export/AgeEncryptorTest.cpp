#include "export/AgeEncryptor.h"
#include "support/CatchQt.h"
#include "support/TestData.h"

#include <sodium.h>

#include <QBuffer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <optional>

using namespace veil::exports;

namespace {

QByteArray hex(std::span<const uint8_t> data)
{
    return QByteArray(reinterpret_cast<const char*>(data.data()), qsizetype(data.size())).toHex();
}

QByteArray randomBytes(qsizetype size)
{
    REQUIRE(sodium_init() >= 0);
    QByteArray data(size, Qt::Uninitialized);
    randombytes_buf(data.data(), size_t(data.size()));
    return data;
}

qsizetype expectedSize(qsizetype plaintext, qsizetype recipients)
{
    const qsizetype chunks = std::max<qsizetype>(1, (plaintext + 65535) / 65536);
    return 70 + 98 * recipients + 16 + plaintext + 16 * chunks;
}

/// A temporary folder with identities made by the real age-keygen, and the real age to decrypt with.
class AgeTool
{
public:
    AgeTool()
        : m_age(QStandardPaths::findExecutable(QStringLiteral("age")))
        , m_keygen(QStandardPaths::findExecutable(QStringLiteral("age-keygen")))
    {
    }

    bool available() const { return !m_age.isEmpty() && !m_keygen.isEmpty() && m_dir.isValid(); }

    struct Identity
    {
        QString path;
        AgeRecipient recipient;
        QByteArray secret; ///< the AGE-SECRET-KEY-1... line
    };

    Identity identity(const QString& name)
    {
        Identity id;
        id.path = m_dir.filePath(name);
        QProcess process;
        process.start(m_keygen, {QStringLiteral("-o"), id.path});
        REQUIRE(process.waitForFinished(30000));
        REQUIRE(process.exitCode() == 0);
        const QByteArray text = veil::test::readFile(id.path);
        QByteArray publicKey;
        for (const QByteArray& line : text.split('\n')) {
            if (line.startsWith("# public key: ")) {
                publicKey = line.mid(14);
            } else if (line.startsWith("AGE-SECRET-KEY-")) {
                id.secret = line;
            }
        }
        REQUIRE(publicKey.startsWith("age1"));
        auto parsed = AgeRecipient::parse(publicKey);
        REQUIRE(parsed);
        CHECK(parsed->toString() == QString::fromLatin1(publicKey));
        id.recipient = parsed.value();
        return id;
    }

    /// Runs `age -d -i KEY FILE` and returns its output, or nullopt when age refuses.
    std::optional<QByteArray> decrypt(const Identity& id, const QByteArray& ciphertext, QByteArray* errors = nullptr)
    {
        const QString file = m_dir.filePath(QStringLiteral("input.age"));
        QFile out(file);
        REQUIRE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        REQUIRE(out.write(ciphertext) == ciphertext.size());
        out.close();
        QProcess process;
        process.start(m_age, {QStringLiteral("-d"), QStringLiteral("-i"), id.path, file});
        REQUIRE(process.waitForFinished(60000));
        const QByteArray output = process.readAllStandardOutput();
        if (errors != nullptr) {
            *errors = process.readAllStandardError();
        }
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            return std::nullopt;
        }
        return output;
    }

private:
    QString m_age;
    QString m_keygen;
    QTemporaryDir m_dir;
};

} // namespace

TEST_CASE("HKDF-SHA-256 matches RFC 5869 test cases 1 and 3")
{
    const QByteArray ikm(22, '\x0b');
    std::array<uint8_t, 42> okm{};
    REQUIRE(hkdfSha256(okm, ikm, QByteArray::fromHex("000102030405060708090a0b0c"),
                       QByteArray::fromHex("f0f1f2f3f4f5f6f7f8f9")));
    CHECK(hex(okm) == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");

    REQUIRE(hkdfSha256(okm, ikm, {}, {}));
    CHECK(hex(okm) == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");

    std::array<uint8_t, 1> one{};
    REQUIRE(hkdfSha256(one, ikm, {}, {}));
    CHECK(one[0] == 0x8d);

    std::vector<uint8_t> tooLong(255 * 32 + 1);
    CHECK_FALSE(hkdfSha256(tooLong, ikm, {}, {}));
}

TEST_CASE("Bech32 decodes the BIP 173 vectors and refuses broken strings")
{
    for (const char* valid : {"A12UEL5L", "a12uel5l", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
                              "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w"}) {
        INFO(valid);
        CHECK(decodeBech32(valid).ok());
    }
    CHECK(decodeBech32("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw")->hrp == "abcdef");
    for (const char* invalid : {"A1G7SGD8", "10a06t8", "1qzzfhee", "a12UEL5L", "abc1b2", "x1b4n0q5v", "ab c1qqqqqq"}) {
        INFO(invalid);
        CHECK_FALSE(decodeBech32(invalid).ok());
    }
}

TEST_CASE("age recipients parse and refuse a bad checksum, the wrong prefix and other mistakes")
{
    // The spec's identity (32 bytes of 0x42) and its recipient.
    const QByteArray identity = "AGE-SECRET-KEY-1" + QByteArray("GFPYYSJZ").repeated(6) + "GFPQ4EGAEX";
    const QByteArray recipientText = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj";

    auto secret = decodeBech32(identity);
    REQUIRE(secret);
    CHECK(secret->hrp == "age-secret-key-");
    REQUIRE(secret->data == QByteArray(32, '\x42'));
    std::array<uint8_t, 32> publicKey{};
    REQUIRE(crypto_scalarmult_base(publicKey.data(), reinterpret_cast<const uint8_t*>(secret->data.constData())) == 0);

    auto recipient = AgeRecipient::parse(recipientText);
    REQUIRE(recipient);
    CHECK(recipient->publicKey == publicKey);
    CHECK(recipient->toString() == QString::fromLatin1(recipientText));
    CHECK(AgeRecipient::parse(QByteArray("  " + recipientText + "\n")).ok());

    QByteArray badChecksum = recipientText;
    badChecksum[badChecksum.size() - 1] = 'q';
    auto bad = AgeRecipient::parse(badChecksum);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == veil::Error::Code::InvalidInput);
    CHECK(bad.error().message.contains(QStringLiteral("checksum")));

    QByteArray typo = recipientText;
    typo[10] = typo[10] == 'q' ? 'p' : 'q';
    CHECK_FALSE(AgeRecipient::parse(typo).ok());

    auto wrongHrp = AgeRecipient::parse(encodeBech32("ssh", QByteArray(32, '\x01')));
    REQUIRE_FALSE(wrongHrp);
    CHECK(wrongHrp.error().message.contains(QStringLiteral("\"ssh\"")));

    auto shortKey = AgeRecipient::parse(encodeBech32("age", QByteArray(31, '\x01')));
    REQUIRE_FALSE(shortKey);
    CHECK(shortKey.error().message.contains(QStringLiteral("31 bytes")));

    CHECK_FALSE(AgeRecipient::parse(recipientText.toUpper()).ok());
    auto identityGiven = AgeRecipient::parse(identity);
    REQUIRE_FALSE(identityGiven);
    CHECK(identityGiven.error().message.contains(QStringLiteral("identity")));
    CHECK_FALSE(AgeRecipient::parse("").ok());
    CHECK_FALSE(AgeRecipient::parse("age1").ok());
}

TEST_CASE("AgeEncryptor refuses no recipients, a low-order key and writes after finish")
{
    CHECK_FALSE(AgeEncryptor::create({}).ok());

    AgeRecipient zero; // the all-zero point gives an all-zero shared secret
    auto lowOrder = AgeEncryptor::create({zero});
    REQUIRE_FALSE(lowOrder);
    CHECK(lowOrder.error().message.contains(QStringLiteral("all-zero")));

    auto recipient = AgeRecipient::parse("age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj");
    REQUIRE(recipient);
    auto encryptor = AgeEncryptor::create({recipient.value()});
    REQUIRE(encryptor);
    const QByteArray header = encryptor->header();
    CHECK(header.size() == 168 + 16);
    CHECK(header.startsWith("age-encryption.org/v1\n-> X25519 "));
    // The text part (the last 16 bytes are the payload nonce, random bytes that may be anything).
    const QByteArray text = header.left(header.size() - 16);
    CHECK(text.endsWith('\n'));
    CHECK_FALSE(text.contains('\r'));
    CHECK_FALSE(text.contains('=')); // base64 without padding, as age writes it
    auto first = encryptor->write("abc");
    REQUIRE(first);
    CHECK(first.value() == header);
    auto last = encryptor->finish();
    REQUIRE(last);
    CHECK(last->size() == 3 + 16);
    CHECK_FALSE(encryptor->write("more").ok());
    CHECK_FALSE(encryptor->finish().ok());
}

TEST_CASE("age decrypts what AgeEncryptor writes, at every chunk boundary")
{
    AgeTool age;
    if (!veil::test::availableOrFailInCi(age.available(), "the age and age-keygen programs")) {
        return;
    }
    const auto id = age.identity(QStringLiteral("k1.txt"));
    for (qsizetype size : {0, 1, 65535, 65536, 65537, 131072, 200000}) {
        INFO("size " << size);
        const QByteArray plaintext = randomBytes(size);
        auto ciphertext = encryptToAge(plaintext, {id.recipient});
        REQUIRE(ciphertext);
        CHECK(ciphertext->size() == expectedSize(size, 1));
        const auto decrypted = age.decrypt(id, ciphertext.value());
        REQUIRE(decrypted);
        CHECK(decrypted.value() == plaintext);
    }
}

TEST_CASE("age decrypts a stream written in chunks of odd sizes")
{
    AgeTool age;
    if (!veil::test::availableOrFailInCi(age.available(), "the age and age-keygen programs")) {
        return;
    }
    const auto id = age.identity(QStringLiteral("k1.txt"));
    const QByteArray plaintext = randomBytes(300001);
    for (const std::vector<qsizetype>& pieces :
         {std::vector<qsizetype>{1, 7, 65535, 13, 65537, 3, 999}, std::vector<qsizetype>{65536},
          std::vector<qsizetype>{131073}, std::vector<qsizetype>{0, 5, 0, 65531}}) {
        auto encryptor = AgeEncryptor::create({id.recipient});
        REQUIRE(encryptor);
        QByteArray ciphertext;
        qsizetype position = 0;
        for (size_t i = 0; position < plaintext.size(); ++i) {
            const qsizetype take = std::min(pieces[i % pieces.size()], plaintext.size() - position);
            auto out = encryptor->write(QByteArrayView(plaintext).sliced(position, take));
            REQUIRE(out);
            // Constant memory: at most one buffered chunk comes out beyond what went in.
            CHECK(out->size() <= encryptor->header().size() + 65536 + take + 16 * (take / 65536 + 2));
            ciphertext.append(out.value());
            position += take;
        }
        auto rest = encryptor->finish();
        REQUIRE(rest);
        ciphertext.append(rest.value());
        CHECK(ciphertext.size() == expectedSize(plaintext.size(), 1));
        const auto decrypted = age.decrypt(id, ciphertext);
        REQUIRE(decrypted);
        CHECK(decrypted.value() == plaintext);
    }

    QBuffer input;
    input.setData(plaintext);
    REQUIRE(input.open(QIODevice::ReadOnly));
    QBuffer output;
    REQUIRE(output.open(QIODevice::WriteOnly));
    REQUIRE(encryptToAge(input, output, {id.recipient}));
    const auto streamed = age.decrypt(id, output.data());
    REQUIRE(streamed);
    CHECK(streamed.value() == plaintext);
}

TEST_CASE("each of two recipients decrypts, an unrelated identity does not")
{
    AgeTool age;
    if (!veil::test::availableOrFailInCi(age.available(), "the age and age-keygen programs")) {
        return;
    }
    const auto first = age.identity(QStringLiteral("k1.txt"));
    const auto second = age.identity(QStringLiteral("k2.txt"));
    const auto stranger = age.identity(QStringLiteral("k3.txt"));
    for (qsizetype size : {0, 70000}) {
        const QByteArray plaintext = randomBytes(size);
        auto ciphertext = encryptToAge(plaintext, {first.recipient, second.recipient});
        REQUIRE(ciphertext);
        CHECK(ciphertext->size() == expectedSize(size, 2));
        for (const auto* id : {&first, &second}) {
            const auto decrypted = age.decrypt(*id, ciphertext.value());
            REQUIRE(decrypted);
            CHECK(decrypted.value() == plaintext);
        }
        QByteArray errors;
        CHECK_FALSE(age.decrypt(stranger, ciphertext.value(), &errors));
        CHECK(errors.contains("no identity matched"));
    }
}

TEST_CASE("age refuses a file with a changed payload, MAC or stanza byte")
{
    AgeTool age;
    if (!veil::test::availableOrFailInCi(age.available(), "the age and age-keygen programs")) {
        return;
    }
    const auto id = age.identity(QStringLiteral("k1.txt"));
    const QByteArray plaintext = randomBytes(70000);
    auto encrypted = encryptToAge(plaintext, {id.recipient});
    REQUIRE(encrypted);
    const QByteArray ciphertext = encrypted.value();
    REQUIRE(age.decrypt(id, ciphertext));

    const qsizetype headerEnd = ciphertext.indexOf("\n---") + 1;
    const qsizetype macStart = headerEnd + 4;
    const qsizetype stanzaBody = ciphertext.indexOf('\n', ciphertext.indexOf("-> X25519")) + 1;
    const qsizetype payload = ciphertext.indexOf('\n', headerEnd) + 1;
    for (qsizetype position :
         {payload + 3, payload + 16 + 10, ciphertext.size() - 1, macStart + 5, stanzaBody + 2, qsizetype(35)}) {
        INFO("position " << position);
        QByteArray tampered = ciphertext;
        tampered[position] = tampered[position] == 'A' ? 'B' : 'A';
        CHECK_FALSE(age.decrypt(id, tampered));
    }
    CHECK_FALSE(age.decrypt(id, ciphertext.chopped(1)));
    CHECK_FALSE(age.decrypt(id, QByteArray(ciphertext + "x")));
}
