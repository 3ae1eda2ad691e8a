#include "chat/HistoryMaintenance.h"

#include "audit/AuditLog.h"
#include "history/Database.h"

#include <QDateTime>

namespace veil::chat {

using history::HistoryStore;

HistoryMaintenance::HistoryMaintenance(history::Database& db, Clock clock)
    : m_db(db)
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); }))
{
}

Result<HistoryStore::PurgeCounts> HistoryMaintenance::purge(const HistoryStore::PurgeSelection& selection)
{
    return purgeAndAudit(selection, QStringLiteral("user"), true);
}

Result<HistoryStore::PurgeCounts> HistoryMaintenance::applyRetention(int days)
{
    if (days < 1) {
        return HistoryStore::PurgeCounts{};
    }
    HistoryStore::PurgeSelection selection;
    selection.updatedBefore = m_clock() - int64_t(days) * kMsPerDay;
    return purgeAndAudit(selection, QStringLiteral("retention"), false);
}

Result<int64_t> HistoryMaintenance::applyLogRetention(int days)
{
    if (days < 1) {
        return int64_t(0);
    }
    return audit::AuditLog(m_db, m_clock).prune(m_clock() - int64_t(days) * kMsPerDay);
}

Result<HistoryStore::PurgeCounts> HistoryMaintenance::purgeAndAudit(const HistoryStore::PurgeSelection& selection,
                                                                    const QString& reason, bool auditWhenEmpty)
{
    HistoryStore store(m_db, m_clock);
    audit::AuditLog audit(m_db, m_clock);
    HistoryStore::PurgeCounts counts;
    Status done = m_db.transaction([&]() -> Status {
        auto purged = store.purge(selection);
        if (!purged) {
            return purged.error();
        }
        counts = purged.value();
        if (counts.conversations == 0 && !auditWhenEmpty) {
            return {};
        }
        return audit.historyPurged(audit::HistoryPurged{counts.conversations, reason, counts.messages});
    });
    if (!done) {
        return done.error();
    }
    if (counts.conversations > 0) {
        // Best effort: another reader may hold the log; the next checkpoint then takes the pages out.
        (void)m_db.checkpoint();
    }
    return counts;
}

} // namespace veil::chat
