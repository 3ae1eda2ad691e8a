#include "policy/BundleVerifier.h"

#include "policy/Minisign.h"

namespace veil::policy {
namespace {

Error refused(Error::Code code, const QString& why)
{
    return Error{code, why};
}

} // namespace

Result<Verdict> BundleVerifier::verify(const QByteArray& json, const QByteArray& signatureText,
                                       const ManagedConfig& config, const HighWaterMark& highWater,
                                       const QDateTime& now)
{
    auto signature = MinisignSignature::parse(signatureText);
    if (!signature) {
        return signature.error();
    }
    auto verified = verifyMinisign(json, signature.value(), config.trustedKeys);
    if (!verified) {
        return verified.error();
    }
    auto comment = TrustedComment::parse(verified.value().trustedComment);
    if (!comment) {
        return comment.error();
    }
    auto bundle = PolicyBundle::parse(json);
    if (!bundle) {
        return bundle.error();
    }
    const PolicyBundle& b = bundle.value();
    const TrustedComment& c = comment.value();
    if (c.orgId != b.orgId || c.version != b.version || c.expiresAt != b.expiresAt) {
        return refused(Error::Code::InvalidInput,
                       QStringLiteral("The signature's trusted comment (org %1, version %2, expiry %3) does not match "
                                      "the bundle (org %4, version %5, expiry %6).")
                           .arg(c.orgId)
                           .arg(c.version)
                           .arg(c.expiresAt.toString(Qt::ISODate), b.orgId)
                           .arg(b.version)
                           .arg(b.expiresAt.toString(Qt::ISODate)));
    }
    if (!config.orgId.isEmpty() && b.orgId != config.orgId) {
        return refused(Error::Code::Denied,
                       QStringLiteral("The bundle is for organisation \"%1\", not \"%2\".").arg(b.orgId, config.orgId));
    }
    if (b.version < highWater.version) {
        return refused(Error::Code::Denied,
                       QStringLiteral("The bundle's version %1 is older than version %2, which "
                                      "was already accepted (rollback refused).")
                           .arg(b.version)
                           .arg(highWater.version));
    }
    if (b.version == highWater.version && b.digest != highWater.digest) {
        return refused(
            Error::Code::Denied,
            QStringLiteral("The bundle has the same version %1 as the active one but other content.").arg(b.version));
    }
    if (b.expiresAt <= now) {
        return refused(Error::Code::Denied,
                       QStringLiteral("The bundle expired on %1.").arg(b.expiresAt.toString(Qt::ISODate)));
    }
    Verdict verdict;
    verdict.kind = b.version == highWater.version ? Verdict::Kind::Unchanged : Verdict::Kind::Activate;
    verdict.bundle = b;
    verdict.keyIdHex = verified.value().keyIdHex;
    return verdict;
}

} // namespace veil::policy
