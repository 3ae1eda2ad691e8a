#include "policy/Minisign.h"
#include "support/CatchQt.h"
#include "support/TestData.h"

#include <QProcess>
#include <QStandardPaths>

using namespace veil::policy;

namespace {

QString vectors()
{
    const auto shared = veil::test::sharedDir();
    return shared ? *shared + QStringLiteral("/fixtures/policy/vectors/") : QString();
}

MinisignPublicKey key(const QString& name)
{
    auto parsed = MinisignPublicKey::parse(veil::test::readFile(vectors() + name));
    REQUIRE(parsed);
    return parsed.value();
}

veil::Result<MinisignVerified> verifyVector(const QString& name, const QList<MinisignPublicKey>& trusted)
{
    auto signature = MinisignSignature::parse(veil::test::readFile(vectors() + name + QStringLiteral(".minisig")));
    REQUIRE(signature);
    return verifyMinisign(veil::test::readFile(vectors() + name), signature.value(), trusted);
}

/// What the real minisign says about a vector (`minisign -V -H`), when the program is installed.
std::optional<bool> minisignAccepts(const QString& name, const QString& pub)
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("minisign"));
    if (program.isEmpty()) {
        return std::nullopt;
    }
    QProcess process;
    process.start(program,
                  {QStringLiteral("-V"), QStringLiteral("-H"), QStringLiteral("-q"), QStringLiteral("-p"),
                   vectors() + pub, QStringLiteral("-m"), vectors() + name});
    process.waitForFinished(10000);
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

} // namespace

TEST_CASE("each shared policy vector verifies or is refused as its README says", "[policy][minisign]")
{
    if (vectors().isEmpty()) {
        WARN("the shared policy vectors are not present");
        return;
    }
    const QList<MinisignPublicKey> trusted = {key(QStringLiteral("trusted-test-key.pub"))};

    // Signature-level verdicts; version, expiry and comment/JSON agreement are checked by the policy layer.
    struct Vector
    {
        const char* file;
        bool valid;
        const char* reason;
    };
    const Vector table[] = {
        {"policy-v42.json", true, ""},
        {"mismatch-policy-v44.json", true, ""},
        {"rollback-policy-v41.json", true, ""},
        {"expired-policy-v43.json", true, ""},
        {"tampered-policy-v42.json", false, "changed after signing"},
        {"wrongkey-policy-v42.json", false, "not trusted"},
        {"legacy-policy-v42.json", false, "legacy"},
        {"commenttamper-policy-v42.json", false, "trusted comment"},
    };
    for (const Vector& v : table) {
        INFO(v.file);
        const auto result = verifyVector(QString::fromLatin1(v.file), trusted);
        CHECK(result.ok() == v.valid);
        if (!v.valid) {
            CHECK(result.error().message.contains(QString::fromLatin1(v.reason)));
        } else {
            CHECK(result.value().trustedComment.startsWith("org_id=example-org bundle_version="));
        }
        // The real tool agrees (only the trusted key is given to it, so the wrong-key vector fails there too).
        if (auto real = minisignAccepts(QString::fromLatin1(v.file), QStringLiteral("trusted-test-key.pub"))) {
            CHECK(*real == v.valid);
        }
    }
}

TEST_CASE("key ids read as minisign prints them", "[policy][minisign]")
{
    if (vectors().isEmpty()) {
        WARN("the shared policy vectors are not present");
        return;
    }
    CHECK(key(QStringLiteral("untrusted-other-key.pub")).keyIdHex() == QStringLiteral("C12DBE6BCC380829"));
    CHECK(key(QStringLiteral("trusted-test-key.pub")).keyIdHex() == QStringLiteral("098F64234B3B6230"));
    const QByteArray line = veil::test::readFile(vectors() + QStringLiteral("trusted-test-key.pub")).split('\n').at(1);
    auto bare = MinisignPublicKey::parse(line);
    REQUIRE(bare);
    CHECK(bare.value().key == key(QStringLiteral("trusted-test-key.pub")).key);
}

TEST_CASE("malformed keys and signatures are refused with a reason", "[policy][minisign]")
{
    CHECK_FALSE(MinisignPublicKey::parse("not base64 at all"));
    CHECK_FALSE(MinisignPublicKey::parse("RWQwYjtLI2SPCVIJ")); // too short
    CHECK(MinisignPublicKey::parse("RWQwYjtLI2SPCVIJ").error().message.contains(QStringLiteral("42 bytes")));
    CHECK_FALSE(MinisignSignature::parse("one line"));
    CHECK_FALSE(MinisignSignature::parse("untrusted comment: x\nAAAA\ntrusted comment: y\nAAAA\n"));
}

TEST_CASE("a key that is not trusted is named in the refusal", "[policy][minisign]")
{
    if (vectors().isEmpty()) {
        WARN("the shared policy vectors are not present");
        return;
    }
    const auto result
        = verifyVector(QStringLiteral("policy-v42.json"), {key(QStringLiteral("untrusted-other-key.pub"))});
    REQUIRE_FALSE(result);
    CHECK(result.error().code == veil::Error::Code::Denied);
    CHECK(result.error().message.contains(QStringLiteral("098F64234B3B6230")));
}
