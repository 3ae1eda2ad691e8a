#pragma once

#include "common/Result.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace veil::exports {

/// The incident ids this machine has answered (exported and uploaded), so that each is answered once
/// (DESIGN.md, Policy: incident). A small JSON file of its own, mode 0600, replaced atomically (temporary file,
/// fsync, rename):
///
///     {"handled": [{"org_id": "example-org", "id": "INC-1", "at": <ms>, "host": "dav.example.com",
///                   "file_sha256": "<hex>"}]}
///
/// It holds ids, times, hosts and hashes only. A missing file is an empty ledger. Not thread-safe; two
/// processes that record at the same moment may lose one entry (that incident is then offered again).
class IncidentLedger
{
public:
    struct Entry
    {
        QString orgId;
        QString id;
        int64_t at = 0; ///< ms since the epoch
        QString host; ///< where the export went
        QString fileSha256; ///< hex
    };

    explicit IncidentLedger(QString path);

    /// `$XDG_DATA_HOME/veil/incidents.json`, beside the history database.
    static QString defaultPath();
    const QString& path() const { return m_path; }

    Result<std::vector<Entry>> entries() const;
    /// The entry for `id` of `orgId`, if it was handled.
    Result<std::optional<Entry>> find(const QString& orgId, const QString& id) const;
    /// Records `entry` (replacing an earlier one for the same org and id).
    Status record(const Entry& entry);

private:
    QString m_path;
};

} // namespace veil::exports
