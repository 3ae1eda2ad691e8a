#include "policy/BundleVerifier.h"

#include "policy/Minisign.h"

#include <algorithm>

namespace veil::policy {
namespace {

/// Sets the refusal's code (when asked for) and passes the error on.
class Refuser
{
public:
    explicit Refuser(Refusal* refusal)
        : m_refusal(refusal)
    {
    }

    Error operator()(const char* code, Error error) const
    {
        if (m_refusal) {
            m_refusal->code = QString::fromLatin1(code);
        }
        return error;
    }

    void setVersion(qint64 version) const
    {
        if (m_refusal) {
            m_refusal->version = version;
        }
    }

private:
    Refusal* m_refusal;
};

} // namespace

Result<Verdict> BundleVerifier::verify(const QByteArray& json, const QByteArray& signatureText,
                                       const ManagedConfig& config, const HighWaterMark& highWater,
                                       const QDateTime& now, Refusal* refusal)
{
    const Refuser refused(refusal);
    auto signature = MinisignSignature::parse(signatureText);
    if (!signature) {
        return refused("malformed_signature", signature.error());
    }
    auto verified = verifyMinisign(json, signature.value(), config.trustedKeys);
    if (!verified) {
        const bool trusted = std::any_of(config.trustedKeys.begin(), config.trustedKeys.end(),
                                         [&](const MinisignPublicKey& k) { return k.keyId == signature->keyId; });
        return refused(signature->algorithm != "ED" ? "legacy_signature"
                           : !trusted               ? "untrusted_key"
                                                    : "signature_invalid",
                       verified.error());
    }
    auto comment = TrustedComment::parse(verified.value().trustedComment);
    if (!comment) {
        return refused("malformed_comment", comment.error());
    }
    // From here on a trusted key vouches for the version (in the trusted comment).
    refused.setVersion(comment->version);
    auto bundle = PolicyBundle::parse(json);
    if (!bundle) {
        return refused("malformed_bundle", bundle.error());
    }
    const PolicyBundle& b = bundle.value();
    const TrustedComment& c = comment.value();
    if (c.orgId != b.orgId || c.version != b.version || c.expiresAt != b.expiresAt) {
        return refused(
            "comment_mismatch",
            Error{Error::Code::InvalidInput,
                  QStringLiteral("The signature's trusted comment (org %1, version %2, expiry %3) does not match "
                                 "the bundle (org %4, version %5, expiry %6).")
                      .arg(c.orgId)
                      .arg(c.version)
                      .arg(c.expiresAt.toString(Qt::ISODate), b.orgId)
                      .arg(b.version)
                      .arg(b.expiresAt.toString(Qt::ISODate))});
    }
    if (!config.orgId.isEmpty() && b.orgId != config.orgId) {
        return refused(
            "wrong_org",
            Error{Error::Code::Denied,
                  QStringLiteral("The bundle is for organisation \"%1\", not \"%2\".").arg(b.orgId, config.orgId)});
    }
    if (b.version < highWater.version) {
        return refused("rollback",
                       Error{Error::Code::Denied,
                             QStringLiteral("The bundle's version %1 is older than version %2, which "
                                            "was already accepted (rollback refused).")
                                 .arg(b.version)
                                 .arg(highWater.version)});
    }
    if (b.version == highWater.version && b.digest != highWater.digest) {
        return refused("version_reused",
                       Error{Error::Code::Denied,
                             QStringLiteral("The bundle has the same version %1 as the active one but other content.")
                                 .arg(b.version)});
    }
    if (b.expiresAt <= now) {
        return refused("expired",
                       Error{Error::Code::Denied,
                             QStringLiteral("The bundle expired on %1.").arg(b.expiresAt.toString(Qt::ISODate))});
    }
    Verdict verdict;
    verdict.kind = b.version == highWater.version ? Verdict::Kind::Unchanged : Verdict::Kind::Activate;
    verdict.bundle = b;
    verdict.keyIdHex = verified.value().keyIdHex;
    return verdict;
}

} // namespace veil::policy
