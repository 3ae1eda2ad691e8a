#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <array>
#include <cstdint>
#include <span>

class QIODevice;

namespace veil::exports {

/// HKDF-SHA-256 (RFC 5869, extract then expand) built on libsodium's HMAC-SHA-256, which 1.0.18 lacks.
/// Fills all of `out` (at most 255 * 32 bytes); an empty salt means 32 zero bytes, as the RFC says.
Status hkdfSha256(std::span<uint8_t> out, QByteArrayView ikm, QByteArrayView salt, QByteArrayView info);

/// A decoded Bech32 string (BIP 173 checksum, not Bech32m, without BIP 173's 90-character limit).
struct Bech32
{
    QByteArray hrp; ///< the human-readable part, lower-cased
    QByteArray data; ///< the payload regrouped to 8-bit bytes
};

/// Decodes Bech32; refuses mixed case, a bad checksum, characters outside the alphabet and non-zero padding.
Result<Bech32> decodeBech32(QByteArrayView text);

/// Encodes `data` (8-bit bytes) under `hrp` (lower case), as age writes recipients.
QByteArray encodeBech32(QByteArrayView hrp, QByteArrayView data);

/// An age X25519 recipient: "age1..." (Bech32, HRP "age", a 32-byte X25519 public key).
struct AgeRecipient
{
    std::array<uint8_t, 32> publicKey{};

    /// Parses one recipient; surrounding whitespace is ignored, upper case is refused as the age CLI does.
    static Result<AgeRecipient> parse(QByteArrayView text);

    /// The "age1..." form.
    QString toString() const;

    friend bool operator==(const AgeRecipient&, const AgeRecipient&) = default;
};

/// Encrypts a byte stream to X25519 recipients in the age v1 format (age-encryption.org/v1), which `age -d`
/// opens with any one of the recipients' identities. Streaming: feed plaintext with write() and append what it
/// returns, then append what finish() returns. At most one 64 KiB chunk of plaintext is held, whatever the size.
/// Keys and buffered plaintext are wiped when the object is destroyed. Not thread-safe; movable, not copyable.
class AgeEncryptor
{
public:
    /// A new file key, and a header with one stanza per recipient (fresh ephemeral key each).
    /// Fails for an empty recipient list or a recipient key that gives an all-zero shared secret.
    static Result<AgeEncryptor> create(const QList<AgeRecipient>& recipients);

    AgeEncryptor(AgeEncryptor&& other) noexcept;
    AgeEncryptor& operator=(AgeEncryptor&& other) noexcept;
    AgeEncryptor(const AgeEncryptor&) = delete;
    AgeEncryptor& operator=(const AgeEncryptor&) = delete;
    ~AgeEncryptor();

    /// Encrypts more plaintext; returns the bytes to append to the output (the header on the first call).
    /// Fails after finish().
    Result<QByteArray> write(QByteArrayView plaintext);

    /// Encrypts the final chunk; returns the rest of the output. Afterwards the object accepts nothing more.
    Result<QByteArray> finish();

    /// The header (including the payload nonce) as it was or will be emitted first.
    QByteArray header() const { return m_header; }

private:
    AgeEncryptor() = default;
    QByteArray takeHeader();
    QByteArray sealChunk(bool last);
    void wipe();

    std::array<uint8_t, 32> m_payloadKey{};
    QByteArray m_header; ///< header text followed by the 16-byte payload nonce
    QByteArray m_buffer; ///< plaintext not yet sealed, at most one chunk
    uint64_t m_counter = 0;
    bool m_headerSent = false;
    bool m_finished = false;
};

/// One-shot: the whole age file for `plaintext`.
Result<QByteArray> encryptToAge(QByteArrayView plaintext, const QList<AgeRecipient>& recipients);

/// Streams `input` (read to its end) into `output` as an age file, in constant memory.
Status encryptToAge(QIODevice& input, QIODevice& output, const QList<AgeRecipient>& recipients);

} // namespace veil::exports
