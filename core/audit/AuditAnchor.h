#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>

namespace veil::audit {

/// The newest audit entry: its seq and hash, never its content.
struct ChainHead
{
    int64_t seq = 0;
    QByteArray hash; ///< 32 bytes

    friend bool operator==(const ChainHead&, const ChainHead&) = default;
};

/// A file beside the history database that remembers the audit log's newest entry (seq and hash only), so that
/// entries cut off the end of the log show: the chain alone cannot tell a shorter log from a truncated one.
///
/// `<database>.audit-anchor`, mode 0600, two lines of text: `veil-audit-anchor 1` and `<seq> <hash hex>`.
/// Written atomically (a temporary file in the same folder, fsync, rename, fsync of the folder), so a crash
/// leaves the old anchor or the new one, never a torn one. It is updated after the database commits, so it may
/// lag the log (by the entries of a crash between the two): AuditLog::verify() accepts an anchor at or before
/// the log's end whose hash matches the entry it names.
class AuditAnchor
{
public:
    static QString pathFor(const QString& databasePath);

    /// The anchor in `path`; none when the file does not exist. A file that cannot be read or is not an anchor
    /// is InvalidInput (one sentence naming the file).
    static Result<std::optional<ChainHead>> read(const QString& path);

    /// Replaces the anchor in `path` with `head`, atomically and durably.
    static Status write(const QString& path, const ChainHead& head);
};

} // namespace veil::audit
