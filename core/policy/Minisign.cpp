#include "policy/Minisign.h"

#include <sodium.h>

#include <QList>

#include <algorithm>

namespace veil::policy {
namespace {

constexpr QByteArrayView kUntrustedPrefix = "untrusted comment: ";
constexpr QByteArrayView kTrustedPrefix = "trusted comment: ";

QString hexId(const std::array<uint8_t, 8>& id)
{
    QString hex;
    for (int i = 7; i >= 0; --i) {
        hex += QStringLiteral("%1").arg(id[size_t(i)], 2, 16, QLatin1Char('0')).toUpper();
    }
    return hex;
}

bool decodeExact(const QByteArray& base64, qsizetype size, QByteArray& out)
{
    auto decoded = QByteArray::fromBase64Encoding(base64.trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != size) {
        return false;
    }
    out = decoded.decoded;
    return true;
}

QList<QByteArray> lines(const QByteArray& text)
{
    QList<QByteArray> result;
    for (QByteArray line : text.split('\n')) {
        if (line.endsWith('\r')) {
            line.chop(1);
        }
        result.append(line);
    }
    while (!result.isEmpty() && result.last().isEmpty()) {
        result.removeLast();
    }
    return result;
}

Error invalid(const QString& message)
{
    return Error{Error::Code::InvalidInput, message};
}

} // namespace

Result<MinisignPublicKey> MinisignPublicKey::parse(const QByteArray& text)
{
    if (sodium_init() < 0) {
        return Error{Error::Code::Internal, QStringLiteral("The cryptography library could not be initialised.")};
    }
    QList<QByteArray> all = lines(text.trimmed());
    if (all.size() == 2 && all[0].startsWith(kUntrustedPrefix)) {
        all.removeFirst();
    }
    if (all.size() != 1) {
        return invalid(QStringLiteral("A minisign public key is one base64 line (or a .pub file of two lines)."));
    }
    QByteArray raw;
    if (!decodeExact(all[0], 42, raw) || !raw.startsWith("Ed")) {
        return invalid(
            QStringLiteral("The minisign public key is malformed: it must decode to 42 bytes starting with \"Ed\"."));
    }
    MinisignPublicKey key;
    std::copy_n(reinterpret_cast<const uint8_t*>(raw.constData()) + 2, 8, key.keyId.begin());
    std::copy_n(reinterpret_cast<const uint8_t*>(raw.constData()) + 10, 32, key.key.begin());
    return key;
}

QString MinisignPublicKey::keyIdHex() const
{
    return hexId(keyId);
}

Result<MinisignSignature> MinisignSignature::parse(const QByteArray& text)
{
    const QList<QByteArray> all = lines(text);
    if (all.size() != 4 || !all[0].startsWith(kUntrustedPrefix) || !all[2].startsWith(kTrustedPrefix)) {
        return invalid(QStringLiteral("The signature file is not in minisign's four-line format."));
    }
    QByteArray raw;
    if (!decodeExact(all[1], 74, raw)) {
        return invalid(QStringLiteral("The signature line of the minisign file is malformed."));
    }
    QByteArray global;
    if (!decodeExact(all[3], 64, global)) {
        return invalid(QStringLiteral("The global signature of the minisign file is malformed."));
    }
    MinisignSignature signature;
    signature.algorithm = raw.left(2);
    if (signature.algorithm != "ED" && signature.algorithm != "Ed") {
        return invalid(QStringLiteral("The minisign signature uses an unknown algorithm."));
    }
    const auto* bytes = reinterpret_cast<const uint8_t*>(raw.constData());
    std::copy_n(bytes + 2, 8, signature.keyId.begin());
    std::copy_n(bytes + 10, 64, signature.signature.begin());
    signature.trustedComment = all[2].mid(kTrustedPrefix.size());
    std::copy_n(reinterpret_cast<const uint8_t*>(global.constData()), 64, signature.globalSignature.begin());
    return signature;
}

QString MinisignSignature::keyIdHex() const
{
    return hexId(keyId);
}

Result<MinisignVerified> verifyMinisign(const QByteArray& data, const MinisignSignature& signature,
                                        const QList<MinisignPublicKey>& trustedKeys)
{
    if (sodium_init() < 0) {
        return Error{Error::Code::Internal, QStringLiteral("The cryptography library could not be initialised.")};
    }
    if (signature.algorithm != "ED") {
        return Error{Error::Code::Denied,
                     QStringLiteral("The signature is a legacy minisign signature (not prehashed); only \"ED\" "
                                    "signatures are accepted.")};
    }
    const auto key = std::find_if(trustedKeys.begin(), trustedKeys.end(),
                                  [&](const MinisignPublicKey& k) { return k.keyId == signature.keyId; });
    if (key == trustedKeys.end()) {
        return Error{
            Error::Code::Denied,
            QStringLiteral("The signature was made with key %1, which is not trusted.").arg(signature.keyIdHex())};
    }
    unsigned char digest[crypto_generichash_BYTES_MAX];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.constData()),
                       static_cast<unsigned long long>(data.size()), nullptr, 0);
    if (crypto_sign_verify_detached(signature.signature.data(), digest, sizeof digest, key->key.data()) != 0) {
        return invalid(QStringLiteral("The signature does not match the file: it was changed after signing, or "
                                      "signed with another key."));
    }
    QByteArray signedComment(reinterpret_cast<const char*>(signature.signature.data()), 64);
    signedComment.append(signature.trustedComment);
    if (crypto_sign_verify_detached(signature.globalSignature.data(),
                                    reinterpret_cast<const unsigned char*>(signedComment.constData()),
                                    static_cast<unsigned long long>(signedComment.size()), key->key.data())
        != 0) {
        return invalid(QStringLiteral("The trusted comment of the signature was edited after signing."));
    }
    return MinisignVerified{key->keyIdHex(), signature.trustedComment};
}

} // namespace veil::policy
