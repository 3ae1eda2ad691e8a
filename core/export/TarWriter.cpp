#include "export/TarWriter.h"

#include <cstring>

namespace veil::exports {
namespace {

/// Writes `value` as `width - 1` zero-padded octal digits and a NUL into `field`.
void octal(char* field, int width, qint64 value)
{
    for (int i = width - 2; i >= 0; --i) {
        field[i] = char('0' + (value & 7));
        value >>= 3;
    }
    field[width - 1] = '\0';
}

} // namespace

Result<QByteArray> TarWriter::header(const QString& name, qint64 size, qint64 mtime)
{
    const QByteArray bytes = name.toUtf8();
    bool plain = !bytes.isEmpty() && bytes.size() <= 100 && bytes != "." && bytes != "..";
    for (const char c : bytes) {
        plain = plain && c > 0x20 && c < 0x7F && c != '/' && c != '\\';
    }
    if (!plain) {
        return Result<QByteArray>::failure(Error::Code::InvalidInput,
                                           QStringLiteral("A tar entry needs a plain ASCII file name of at most 100 "
                                                          "bytes."));
    }
    if (size < 0 || size > kMaxSize || mtime < 0 || mtime > kMaxSize) {
        return Result<QByteArray>::failure(Error::Code::Capacity,
                                           QStringLiteral("A file in the export is larger than a tar entry can be."));
    }
    QByteArray block(kBlock, '\0');
    char* h = block.data();
    std::memcpy(h, bytes.constData(), size_t(bytes.size())); // name[100]
    octal(h + 100, 8, 0600); // mode
    octal(h + 108, 8, 0); // uid
    octal(h + 116, 8, 0); // gid
    octal(h + 124, 12, size); // size
    octal(h + 136, 12, mtime); // mtime
    std::memset(h + 148, ' ', 8); // chksum, spaces while summing
    h[156] = '0'; // typeflag: regular file
    std::memcpy(h + 257, "ustar", 6); // magic "ustar\0"
    std::memcpy(h + 263, "00", 2); // version
    std::memcpy(h + 265, "veil", 4); // uname[32]
    std::memcpy(h + 297, "veil", 4); // gname[32]
    octal(h + 329, 8, 0); // devmajor
    octal(h + 337, 8, 0); // devminor
    qint64 sum = 0;
    for (int i = 0; i < kBlock; ++i) {
        sum += static_cast<unsigned char>(h[i]);
    }
    octal(h + 148, 7, sum); // six digits and a NUL,
    h[155] = ' '; // then a space, as tar writes it
    return block;
}

QByteArray TarWriter::padding(qint64 size)
{
    const qint64 rest = size % kBlock;
    return rest == 0 ? QByteArray() : QByteArray(kBlock - rest, '\0');
}

QByteArray TarWriter::trailer()
{
    return QByteArray(2 * kBlock, '\0');
}

qint64 TarWriter::entrySize(qint64 size)
{
    return kBlock + size + (size % kBlock == 0 ? 0 : kBlock - size % kBlock);
}

} // namespace veil::exports
