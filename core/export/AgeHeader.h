#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace veil::exports {

/// One stanza of an age v1 header: "-> TYPE ARG..." and its body (decoded). An X25519 stanza has one argument,
/// the base64 ephemeral share, and a 32-byte body (the wrapped file key).
struct AgeStanza
{
    QByteArray type;
    QList<QByteArray> arguments;
    QByteArray body;

    friend bool operator==(const AgeStanza&, const AgeStanza&) = default;
};

/// The text header of an age v1 file (age-encryption.org/v1): the stanzas and the header MAC. Pure, fed bytes;
/// it reads and writes the format only and decrypts nothing.
struct AgeHeader
{
    QList<AgeStanza> stanzas;
    QByteArray mac; ///< 32 bytes

    /// The header text the MAC covers: the version line, every stanza (body in base64 without padding, cut into
    /// 64-column lines, the last one shorter and possibly empty), then "---" without the space. Stanza types and
    /// arguments must be non-empty and printable ASCII without spaces.
    static QByteArray macInput(const QList<AgeStanza>& stanzas);

    /// The whole header text: macInput(), a space, the MAC in base64 and LF.
    QByteArray encode() const;

    /// Parses the header at the start of `file` strictly (LF only, canonical unpadded base64, at least one
    /// stanza, a 32-byte MAC). `size`, when given, receives the header's length: the payload starts there.
    static Result<AgeHeader> parse(QByteArrayView file, qsizetype* size = nullptr);

    friend bool operator==(const AgeHeader&, const AgeHeader&) = default;
};

} // namespace veil::exports
