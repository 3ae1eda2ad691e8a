#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace veil::exports {

/// POSIX ustar (IEEE 1003.1-1988, as `tar --format=ustar` writes it) framing for regular files, pure.
///
/// Each file is a 512-byte header, its data, zero padding to a multiple of 512 bytes; the archive ends with two
/// zero blocks. The caller streams the data itself between header() and padding(), so a file's size must be
/// known before its data is written. Names are plain file names (ASCII, at most 100 bytes, no '/'); mode 0600,
/// owner 0/0, sizes up to 8 GiB - 1 (11 octal digits).
class TarWriter
{
public:
    static constexpr qint64 kBlock = 512;
    static constexpr qint64 kMaxSize = (qint64(1) << 33) - 1;

    /// The header block of a regular file `name` of `size` bytes modified at `mtime` (seconds since the epoch).
    static Result<QByteArray> header(const QString& name, qint64 size, qint64 mtime);

    /// The zero bytes that follow `size` bytes of data up to the next block boundary.
    static QByteArray padding(qint64 size);

    /// The end-of-archive marker: two zero blocks.
    static QByteArray trailer();

    /// The bytes a file of `size` takes in the archive, header and padding included.
    static qint64 entrySize(qint64 size);
};

} // namespace veil::exports
