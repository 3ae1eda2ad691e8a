#include "policy/BundleVerifier.h"
#include "support/CatchQt.h"
#include "support/TestData.h"

using namespace veil::policy;

namespace {

QString vectors()
{
    const auto shared = veil::test::sharedDir();
    return shared ? *shared + QStringLiteral("/fixtures/policy/vectors/") : QString();
}

ManagedConfig trustingConfig()
{
    ManagedConfig config;
    config.managed = true;
    config.orgId = QStringLiteral("example-org");
    auto key = MinisignPublicKey::parse(veil::test::readFile(vectors() + QStringLiteral("trusted-test-key.pub")));
    REQUIRE(key);
    config.trustedKeys = {key.value()};
    return config;
}

veil::Result<Verdict> verifyVector(const char* name, const HighWaterMark& highWater, const ManagedConfig& config)
{
    const QString path = vectors() + QLatin1String(name);
    const QDateTime now = QDateTime(QDate(2026, 11, 25), QTime(12, 0), Qt::UTC); // injected clock
    return BundleVerifier::verify(veil::test::readFile(path), veil::test::readFile(path + QStringLiteral(".minisig")),
                                  config, highWater, now);
}

} // namespace

TEST_CASE("every shared policy vector gets the verdict its README gives", "[policy][bundle]")
{
    if (vectors().isEmpty()) {
        WARN("the shared policy vectors are not present");
        return;
    }
    const ManagedConfig config = trustingConfig();
    const HighWaterMark fresh;

    auto valid = verifyVector("policy-v42.json", fresh, config);
    REQUIRE(valid);
    CHECK(valid.value().kind == Verdict::Kind::Activate);
    CHECK(valid.value().bundle.version == 42);
    CHECK(valid.value().keyIdHex == QStringLiteral("098F64234B3B6230"));
    const HighWaterMark after42{42, valid.value().bundle.digest};

    struct Refusal
    {
        const char* file;
        HighWaterMark highWater;
        const char* reason;
    };
    const Refusal refusals[] = {
        {"tampered-policy-v42.json", fresh, "changed after signing"},
        {"wrongkey-policy-v42.json", fresh, "not trusted"},
        {"legacy-policy-v42.json", fresh, "legacy"},
        {"commenttamper-policy-v42.json", fresh, "trusted comment"},
        {"mismatch-policy-v44.json", fresh, "does not match"},
        {"rollback-policy-v41.json", after42, "rollback"},
        {"expired-policy-v43.json", fresh, "expired"},
    };
    for (const Refusal& r : refusals) {
        INFO(r.file);
        auto verdict = verifyVector(r.file, r.highWater, config);
        REQUIRE_FALSE(verdict);
        CHECK(verdict.error().message.contains(QLatin1String(r.reason)));
    }
    // Before 42 was seen, 41 is acceptable: the rollback refusal comes from the high-water mark alone.
    CHECK(verifyVector("rollback-policy-v41.json", fresh, config));
}

TEST_CASE("the same bundle again is unchanged, and the same version with other content is refused", "[policy][bundle]")
{
    if (vectors().isEmpty()) {
        WARN("the shared policy vectors are not present");
        return;
    }
    const ManagedConfig config = trustingConfig();
    auto first = verifyVector("policy-v42.json", {}, config);
    REQUIRE(first);
    auto again = verifyVector("policy-v42.json", {42, first.value().bundle.digest}, config);
    REQUIRE(again);
    CHECK(again.value().kind == Verdict::Kind::Unchanged);
    auto other = verifyVector("policy-v42.json", {42, QByteArray("0000")}, config);
    REQUIRE_FALSE(other);
    CHECK(other.error().message.contains(QStringLiteral("same version 42")));
}

TEST_CASE("a bundle for another organisation is refused", "[policy][bundle]")
{
    if (vectors().isEmpty()) {
        WARN("the shared policy vectors are not present");
        return;
    }
    ManagedConfig config = trustingConfig();
    config.orgId = QStringLiteral("other-org");
    auto verdict = verifyVector("policy-v42.json", {}, config);
    REQUIRE_FALSE(verdict);
    CHECK(verdict.error().message.contains(QStringLiteral("not \"other-org\"")));
}

TEST_CASE("bundle shape errors are named", "[policy][bundle]")
{
    CHECK(PolicyBundle::parse("[]").error().message.contains(QStringLiteral("not a JSON object")));
    CHECK(
        PolicyBundle::parse(R"json({"schema": "other"})json").error().message.contains(QStringLiteral("veil-policy")));
    const QByteArray base = R"json({"schema": "veil-policy", "schema_version": "1.0", "org_id": "o",
        "bundle_version": 3, "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2027-01-01T00:00:00Z",
        "polling": {"min_delay_seconds": 1, "max_delay_seconds": 999999}})json";
    auto ok = PolicyBundle::parse(base);
    REQUIRE(ok);
    CHECK(ok.value().pollMinSeconds == 300);
    CHECK(ok.value().pollMaxSeconds == 86400);
    QByteArray noZone = base;
    noZone.replace("2027-01-01T00:00:00Z", "2027-01-01T00:00:00");
    CHECK_FALSE(PolicyBundle::parse(noZone));
    QByteArray fraction = base;
    fraction.replace("\"bundle_version\": 3", "\"bundle_version\": 3.5");
    CHECK_FALSE(PolicyBundle::parse(fraction));
    CHECK_FALSE(PolicyBundle::parse(QByteArray(PolicyBundle::kMaxBytes + 1, ' ')));
}

TEST_CASE("dotted versions compare numerically", "[policy][bundle]")
{
    CHECK(compareVersions(QStringLiteral("0.1.0"), QStringLiteral("0.10.0")) < 0);
    CHECK(compareVersions(QStringLiteral("1.2"), QStringLiteral("1.2.0")) == 0);
    CHECK(compareVersions(QStringLiteral("2.0"), QStringLiteral("1.9.9")) > 0);
}

TEST_CASE("each refusal names its reason code, and the version only when a trusted key signed it", "[policy][bundle]")
{
    if (vectors().isEmpty()) {
        WARN("the shared policy vectors are not present");
        return;
    }
    const ManagedConfig config = trustingConfig();
    const HighWaterMark fresh;
    auto valid = verifyVector("policy-v42.json", fresh, config);
    REQUIRE(valid);
    const HighWaterMark after42{42, valid.value().bundle.digest};

    struct Expected
    {
        const char* file;
        HighWaterMark highWater;
        const char* code;
        qint64 version;
    };
    // The vectors and their verdicts: ../shared/fixtures/policy/README.md.
    const Expected expected[] = {
        {"tampered-policy-v42.json", fresh, "signature_invalid", 0},
        {"wrongkey-policy-v42.json", fresh, "untrusted_key", 0},
        {"legacy-policy-v42.json", fresh, "legacy_signature", 0},
        {"commenttamper-policy-v42.json", fresh, "signature_invalid", 0},
        {"mismatch-policy-v44.json", fresh, "comment_mismatch", 45},
        {"rollback-policy-v41.json", after42, "rollback", 41},
        {"expired-policy-v43.json", fresh, "expired", 43},
    };
    for (const Expected& e : expected) {
        INFO(e.file);
        const QString path = vectors() + QLatin1String(e.file);
        Refusal refusal;
        auto verdict = BundleVerifier::verify(
            veil::test::readFile(path), veil::test::readFile(path + QStringLiteral(".minisig")), config, e.highWater,
            QDateTime(QDate(2026, 11, 25), QTime(12, 0), Qt::UTC), &refusal);
        REQUIRE_FALSE(verdict);
        CHECK(refusal.code == QLatin1String(e.code));
        CHECK(refusal.version == e.version);
    }

    Refusal none;
    CHECK(BundleVerifier::verify("{}", "not a signature", config, fresh, QDateTime::currentDateTimeUtc(), &none)
              .error()
              .code
          == veil::Error::Code::InvalidInput);
    CHECK(none.code == QStringLiteral("malformed_signature"));
}
