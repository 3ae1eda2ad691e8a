#pragma once

#include "common/Result.h"
#include "keychain/SecureBytes.h"
#include "policy/Minisign.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>
#include <cstdint>

namespace veil::policy {

/// A minisign secret key, as `minisign -G` writes it (jedisct1/minisign `src/minisign.h`): a line
/// "untrusted comment: ..." and the base64 of 158 bytes:
///
///     "Ed" || kdf ("Sc": scrypt, or two zero bytes with -W) || "B2" || salt[32] || opslimit (u64 LE)
///     || memlimit (u64 LE) || { key id[8] || Ed25519 secret key[64] || checksum[32] }
///
/// With "Sc", the braced part is XORed with crypto_pwhash_scryptsalsa208sha256(passphrase, salt, opslimit,
/// memlimit); the checksum is BLAKE2b-256("Ed" || key id || secret key), so a wrong passphrase is detected.
/// Unencrypted keys (-W) carry a zero checksum (minisign 0.11) or the real one; either is accepted, and the
/// secret key must then agree with its own public half.
///
/// The secret key lives only in libsodium's guarded memory (keychain::SecureBytes) and is wiped with this object.
/// Move-only. Not thread-safe.
class MinisignSecretKey
{
public:
    /// Whether the key file's secret is encrypted with a passphrase (read before asking for one). `file` is
    /// the whole key file; InvalidInput when it is not a minisign secret key.
    static Result<bool> isEncrypted(QByteArrayView file);

    /// Reads the key from its file, decrypting it with `passphrase` when it is encrypted (ignored otherwise).
    /// Errors: InvalidInput (not a minisign secret key, or damaged), Denied (wrong passphrase), Capacity
    /// (scrypt parameters beyond what Veil spends: opslimit over 2^33 or memlimit over 4 GiB).
    static Result<MinisignSecretKey> load(QByteArrayView file, QByteArrayView passphrase);

    MinisignSecretKey(MinisignSecretKey&&) noexcept = default;
    MinisignSecretKey& operator=(MinisignSecretKey&&) noexcept = default;

    /// The matching public key (what `minisign.pub` holds).
    MinisignPublicKey publicKey() const;
    QString keyIdHex() const { return publicKey().keyIdHex(); }

    /// A `.minisig` file for `data`, as `minisign -S` writes it: a prehashed "ED" signature over
    /// BLAKE2b-512(data) and a global signature over the signature and `trustedComment`. Neither comment may
    /// contain a line break (InvalidInput).
    Result<QByteArray> sign(QByteArrayView data, const QByteArray& trustedComment,
                            const QByteArray& untrustedComment) const;

private:
    MinisignSecretKey() = default;

    std::array<uint8_t, 8> m_keyId{};
    keychain::SecureBytes m_secret; ///< the 64-byte Ed25519 secret key (seed || public key)
};

} // namespace veil::policy
