#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <array>
#include <cstdint>

namespace veil::policy {

/// A minisign public key: the base64 line of a `minisign.pub` file ("RW..."), 42 bytes once decoded:
/// "Ed" || key id (8 bytes) || Ed25519 public key (32 bytes).
struct MinisignPublicKey
{
    std::array<uint8_t, 8> keyId{};
    std::array<uint8_t, 32> key{};

    /// Parses either a whole .pub file or just its base64 line.
    static Result<MinisignPublicKey> parse(const QByteArray& text);

    /// The key id as minisign prints it: 16 upper-case hex digits of the id read as a little-endian integer.
    QString keyIdHex() const;
};

/// A parsed `.minisig` file (four lines: untrusted comment, signature, trusted comment, global signature).
struct MinisignSignature
{
    QByteArray algorithm; ///< "ED" (BLAKE2b-512 prehashed) or "Ed" (legacy, the file itself is signed)
    std::array<uint8_t, 8> keyId{};
    std::array<uint8_t, 64> signature{};
    QByteArray trustedComment; ///< without the "trusted comment: " prefix and line end
    std::array<uint8_t, 64> globalSignature{};

    static Result<MinisignSignature> parse(const QByteArray& text);
    QString keyIdHex() const;
};

/// What a successful verification proves: this trusted key signed these bytes and this trusted comment.
struct MinisignVerified
{
    QString keyIdHex;
    QByteArray trustedComment;
};

/// Verifies `data` against a minisign signature with one of `trustedKeys`, as `minisign -V -H` does:
/// only prehashed "ED" signatures are accepted (legacy "Ed" is refused), the key id must be trusted, the
/// signature over BLAKE2b-512(data) must hold, and so must the global signature over signature || trusted
/// comment. Each refusal is an Error with code Denied (legacy, unknown key) or InvalidInput (bad signature,
/// edited comment, malformed file) and one sentence. Pure; thread-safe.
Result<MinisignVerified> verifyMinisign(const QByteArray& data, const MinisignSignature& signature,
                                        const QList<MinisignPublicKey>& trustedKeys);

} // namespace veil::policy
