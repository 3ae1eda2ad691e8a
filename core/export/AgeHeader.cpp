#include "export/AgeHeader.h"

namespace veil::exports {
namespace {

constexpr QByteArrayView kIntro = "age-encryption.org/v1\n";
constexpr qsizetype kColumns = 64;
constexpr qsizetype kMacSize = 32;

Error malformed(const char* what)
{
    return Error{Error::Code::InvalidInput, QStringLiteral("Not an age v1 header: %1.").arg(QLatin1String(what))};
}

QByteArray base64(QByteArrayView data)
{
    return data.toByteArray().toBase64(QByteArray::OmitTrailingEquals);
}

bool isBase64Character(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/// Decodes canonical base64 without padding (the only form age writes and reads); false for anything else.
bool decodeBase64(QByteArrayView text, QByteArray& out)
{
    if (text.size() % 4 == 1) {
        return false;
    }
    for (const char c : text) {
        if (!isBase64Character(c)) {
            return false;
        }
    }
    auto decoded = QByteArray::fromBase64Encoding(
        text.toByteArray(), QByteArray::AbortOnBase64DecodingErrors | QByteArray::OmitTrailingEquals);
    if (!decoded || base64(*decoded) != text) {
        return false; // non-zero unused bits: not canonical
    }
    out = std::move(*decoded);
    return true;
}

/// An argument or a type: one or more printable ASCII characters, no space.
bool isArgument(QByteArrayView text)
{
    if (text.isEmpty()) {
        return false;
    }
    for (const char c : text) {
        if (c < 0x21 || c > 0x7e) {
            return false;
        }
    }
    return true;
}

/// Reads the line at `position` (without its LF) and moves past the LF; false when there is no LF.
bool nextLine(QByteArrayView file, qsizetype& position, QByteArrayView& line)
{
    const qsizetype end = file.indexOf('\n', position);
    if (end < 0) {
        return false;
    }
    line = file.sliced(position, end - position);
    position = end + 1;
    return true;
}

} // namespace

QByteArray AgeHeader::macInput(const QList<AgeStanza>& stanzas)
{
    QByteArray text(kIntro.toByteArray());
    for (const AgeStanza& stanza : stanzas) {
        text.append("-> ");
        text.append(stanza.type);
        for (const QByteArray& argument : stanza.arguments) {
            text.append(' ');
            text.append(argument);
        }
        text.append('\n');
        const QByteArray encoded = base64(stanza.body);
        qsizetype position = 0;
        for (; encoded.size() - position >= kColumns; position += kColumns) {
            text.append(QByteArrayView(encoded).sliced(position, kColumns));
            text.append('\n');
        }
        text.append(QByteArrayView(encoded).sliced(position));
        text.append('\n');
    }
    text.append("---");
    return text;
}

QByteArray AgeHeader::encode() const
{
    QByteArray text = macInput(stanzas);
    text.append(' ');
    text.append(base64(mac));
    text.append('\n');
    return text;
}

Result<AgeHeader> AgeHeader::parse(QByteArrayView file, qsizetype* size)
{
    if (!file.startsWith(kIntro)) {
        return malformed("it does not start with the age-encryption.org/v1 line");
    }
    AgeHeader header;
    qsizetype position = kIntro.size();
    QByteArrayView line;
    while (true) {
        if (!nextLine(file, position, line)) {
            return malformed("it ends before its closing line");
        }
        if (line.startsWith("---")) {
            break;
        }
        if (!line.startsWith("-> ")) {
            return malformed("a line is neither a stanza nor the closing line");
        }
        AgeStanza stanza;
        const QList<QByteArray> words = line.sliced(3).toByteArray().split(' ');
        for (const QByteArray& word : words) {
            if (!isArgument(word)) {
                return malformed("a stanza has an empty or non-printable argument");
            }
        }
        stanza.type = words.front();
        stanza.arguments = words.mid(1);
        QByteArray encoded;
        while (true) {
            if (!nextLine(file, position, line)) {
                return malformed("a stanza body ends without a short line");
            }
            if (line.size() > kColumns) {
                return malformed("a stanza body line is longer than 64 characters");
            }
            encoded.append(line);
            if (line.size() < kColumns) {
                break;
            }
        }
        if (!decodeBase64(encoded, stanza.body)) {
            return malformed("a stanza body is not canonical base64");
        }
        header.stanzas.append(std::move(stanza));
    }
    if (header.stanzas.isEmpty()) {
        return malformed("it has no stanza");
    }
    if (!line.startsWith("--- ") || !decodeBase64(line.sliced(4), header.mac) || header.mac.size() != kMacSize) {
        return malformed("the closing line does not hold a 32-byte MAC");
    }
    if (size) {
        *size = position;
    }
    return header;
}

} // namespace veil::exports
