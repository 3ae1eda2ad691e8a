#include "policy/MinisignSecretKey.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace veil::policy {
namespace {

using keychain::SecureBytes;

constexpr QByteArrayView kUntrustedPrefix = "untrusted comment: ";
constexpr std::size_t kKeyBytes = 158;
constexpr std::size_t kSaltOffset = 6;
constexpr std::size_t kOpsOffset = kSaltOffset + crypto_pwhash_scryptsalsa208sha256_SALTBYTES;
constexpr std::size_t kMemOffset = kOpsOffset + 8;
constexpr std::size_t kSecretOffset = kMemOffset + 8; ///< key id || secret key || checksum
constexpr std::size_t kSecretPartBytes = 8 + crypto_sign_SECRETKEYBYTES + crypto_generichash_BYTES;
static_assert(kSecretOffset + kSecretPartBytes == kKeyBytes);
constexpr uint64_t kMaxOpsLimit = uint64_t(1) << 33;
constexpr uint64_t kMaxMemLimit = uint64_t(4) << 30;

Error invalid(const QString& message)
{
    return Error{Error::Code::InvalidInput, message};
}

uint64_t readLe64(const unsigned char* bytes)
{
    uint64_t value = 0;
    for (int i = 7; i >= 0; --i) {
        value = (value << 8) | bytes[i];
    }
    return value;
}

/// The 158 bytes of a key file's second line, decoded straight into secure memory.
Result<SecureBytes> decodeKeyFile(QByteArrayView file)
{
    if (sodium_init() < 0) {
        return Error{Error::Code::Internal, QStringLiteral("The cryptography library could not be initialised.")};
    }
    const qsizetype firstEnd = file.indexOf('\n');
    if (!file.startsWith(kUntrustedPrefix) || firstEnd < 0) {
        return invalid(QStringLiteral("The key file is not a minisign secret key (it must start with "
                                      "\"untrusted comment:\" and a base64 line)."));
    }
    QByteArrayView line = file.sliced(firstEnd + 1);
    if (const qsizetype end = line.indexOf('\n'); end >= 0) {
        line = line.first(end);
    }
    line = line.trimmed();
    SecureBytes raw(kKeyBytes);
    std::size_t decoded = 0;
    const char* rest = nullptr;
    if (sodium_base642bin(raw.data(), raw.size(), line.data(), std::size_t(line.size()), nullptr, &decoded, &rest,
                          sodium_base64_VARIANT_ORIGINAL)
            != 0
        || decoded != kKeyBytes || rest != line.data() + line.size()) {
        return invalid(QStringLiteral("The key file is not a minisign secret key: its key line does not decode "
                                      "to 158 bytes."));
    }
    if (std::memcmp(raw.data(), "Ed", 2) != 0 || std::memcmp(raw.data() + 4, "B2", 2) != 0) {
        return invalid(QStringLiteral("The key file is not an Ed25519 minisign secret key."));
    }
    const bool scrypt = std::memcmp(raw.data() + 2, "Sc", 2) == 0;
    const bool plain = raw.data()[2] == 0 && raw.data()[3] == 0;
    if (!scrypt && !plain) {
        return invalid(QStringLiteral("The minisign secret key uses an unknown key derivation."));
    }
    return raw;
}

void checksum(unsigned char out[crypto_generichash_BYTES], const unsigned char* keyId, const unsigned char* secret)
{
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>("Ed"), 2);
    crypto_generichash_update(&state, keyId, 8);
    crypto_generichash_update(&state, secret, crypto_sign_SECRETKEYBYTES);
    crypto_generichash_final(&state, out, crypto_generichash_BYTES);
    sodium_memzero(&state, sizeof state);
}

QByteArray base64(const unsigned char* data, std::size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)).toBase64();
}

} // namespace

Result<bool> MinisignSecretKey::isEncrypted(QByteArrayView file)
{
    auto raw = decodeKeyFile(file);
    if (!raw) {
        return raw.error();
    }
    return std::memcmp(raw->data() + 2, "Sc", 2) == 0;
}

Result<MinisignSecretKey> MinisignSecretKey::load(QByteArrayView file, QByteArrayView passphrase)
{
    auto decoded = decodeKeyFile(file);
    if (!decoded) {
        return decoded.error();
    }
    SecureBytes& raw = decoded.value();
    unsigned char* part = raw.data() + kSecretOffset; // key id || secret key || checksum
    const bool encrypted = std::memcmp(raw.data() + 2, "Sc", 2) == 0;
    if (encrypted) {
        const uint64_t opsLimit = readLe64(raw.data() + kOpsOffset);
        const uint64_t memLimit = readLe64(raw.data() + kMemOffset);
        if (opsLimit > kMaxOpsLimit || memLimit > kMaxMemLimit) {
            return Error{Error::Code::Capacity,
                         QStringLiteral("The key's scrypt parameters ask for more work or memory than Veil spends.")};
        }
        SecureBytes stream(kSecretPartBytes);
        if (crypto_pwhash_scryptsalsa208sha256(stream.data(), stream.size(),
                                               reinterpret_cast<const char*>(passphrase.data()),
                                               static_cast<unsigned long long>(passphrase.size()),
                                               raw.data() + kSaltOffset, opsLimit, std::size_t(memLimit))
            != 0) {
            return Error{Error::Code::Capacity,
                         QStringLiteral("There is not enough memory to derive the key from the passphrase.")};
        }
        for (std::size_t i = 0; i < kSecretPartBytes; ++i) {
            part[i] ^= stream.data()[i];
        }
    }
    const unsigned char* keyId = part;
    const unsigned char* secret = part + 8;
    const unsigned char* stored = part + 8 + crypto_sign_SECRETKEYBYTES;
    unsigned char computed[crypto_generichash_BYTES];
    checksum(computed, keyId, secret);
    const bool checksumOk = sodium_memcmp(computed, stored, sizeof computed) == 0;
    sodium_memzero(computed, sizeof computed);
    if (encrypted && !checksumOk) {
        return Error{Error::Code::Denied,
                     QStringLiteral("The passphrase is wrong for this key (or the key file is damaged).")};
    }
    if (!encrypted && !checksumOk && !sodium_is_zero(stored, crypto_generichash_BYTES)) {
        return invalid(QStringLiteral("The minisign secret key is damaged: its checksum does not match."));
    }
    // The secret key is seed || public key: both halves must agree (catches damage the checksum cannot).
    unsigned char publicKey[crypto_sign_PUBLICKEYBYTES];
    SecureBytes rebuilt(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(publicKey, rebuilt.data(), secret);
    const bool consistent = sodium_memcmp(rebuilt.data(), secret, crypto_sign_SECRETKEYBYTES) == 0;
    rebuilt.clear();
    if (!consistent) {
        return invalid(QStringLiteral("The minisign secret key is damaged: its two halves do not match."));
    }
    MinisignSecretKey key;
    std::copy_n(keyId, 8, key.m_keyId.begin());
    key.m_secret = SecureBytes::copyOf(secret, crypto_sign_SECRETKEYBYTES);
    return key;
}

MinisignPublicKey MinisignSecretKey::publicKey() const
{
    MinisignPublicKey key;
    key.keyId = m_keyId;
    crypto_sign_ed25519_sk_to_pk(key.key.data(), m_secret.data());
    return key;
}

Result<QByteArray> MinisignSecretKey::sign(QByteArrayView data, const QByteArray& trustedComment,
                                           const QByteArray& untrustedComment) const
{
    if (trustedComment.contains('\n') || trustedComment.contains('\r') || untrustedComment.contains('\n')
        || untrustedComment.contains('\r')) {
        return invalid(QStringLiteral("A signature comment must be one line."));
    }
    unsigned char digest[crypto_generichash_BYTES_MAX];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(data.data()),
                       static_cast<unsigned long long>(data.size()), nullptr, 0);
    std::array<unsigned char, 2 + 8 + crypto_sign_BYTES> signatureLine{};
    std::memcpy(signatureLine.data(), "ED", 2);
    std::copy(m_keyId.begin(), m_keyId.end(), signatureLine.begin() + 2);
    unsigned char* signature = signatureLine.data() + 10;
    crypto_sign_detached(signature, nullptr, digest, sizeof digest, m_secret.data());

    QByteArray signedComment(reinterpret_cast<const char*>(signature), crypto_sign_BYTES);
    signedComment.append(trustedComment);
    unsigned char global[crypto_sign_BYTES];
    crypto_sign_detached(global, nullptr, reinterpret_cast<const unsigned char*>(signedComment.constData()),
                         static_cast<unsigned long long>(signedComment.size()), m_secret.data());

    QByteArray out;
    out += kUntrustedPrefix.toByteArray() + untrustedComment + '\n';
    out += base64(signatureLine.data(), signatureLine.size()) + '\n';
    out += QByteArrayLiteral("trusted comment: ") + trustedComment + '\n';
    out += base64(global, sizeof global) + '\n';
    return out;
}

} // namespace veil::policy
