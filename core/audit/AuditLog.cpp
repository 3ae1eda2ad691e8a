#include "audit/AuditLog.h"
#include "common/Logging.h"

#include "audit/CanonicalJson.h"
#include "history/Database.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <sodium.h>

namespace veil::audit {
namespace {

constexpr int kHashBytes = 32;
static_assert(kHashBytes >= crypto_generichash_BYTES_MIN && kHashBytes <= crypto_generichash_BYTES_MAX);

QByteArray zeroHash()
{
    return QByteArray(kHashBytes, '\0');
}

Verification broken(int64_t entries, int64_t seq, const QString& problem)
{
    return Verification{false, entries, seq, problem};
}

/// The log's start after a prune: its first entry and the hash that entry is chained to.
struct Checkpoint
{
    int64_t firstSeq = 1;
    QByteArray prevHash;
};

Result<std::optional<Checkpoint>> readCheckpoint(history::Database& db)
{
    auto stmt = db.prepare("SELECT first_seq, prev_hash FROM audit_checkpoint WHERE id = 1");
    if (!stmt) {
        return stmt.error();
    }
    if (stmt->next()) {
        return std::optional<Checkpoint>(Checkpoint{stmt->int64(0), stmt->blob(1)});
    }
    if (!stmt->status()) {
        return stmt->status().error();
    }
    return std::optional<Checkpoint>();
}

/// The hash of entry `seq`; none when there is no such entry.
Result<std::optional<QByteArray>> hashOf(history::Database& db, int64_t seq)
{
    auto stmt = db.prepare("SELECT hash FROM audit_log WHERE seq = ?1");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, seq);
    if (stmt->next()) {
        return std::optional<QByteArray>(stmt->blob(0));
    }
    if (!stmt->status()) {
        return stmt->status().error();
    }
    return std::optional<QByteArray>();
}

void updateAnchor(history::Database& db, const ChainHead& head)
{
    // Best effort: the entry is committed whatever happens here. An anchor that disagrees with the log is left
    // as it is (it is the evidence verify reports); one the log still matches, or one that was pruned, moves on.
    const QString path = AuditAnchor::pathFor(db.path());
    auto existing = AuditAnchor::read(path);
    if (!existing) {
        return;
    }
    if (existing.value()) {
        const ChainHead& old = *existing.value();
        if (old.seq > head.seq) {
            return;
        }
        auto stored = hashOf(db, old.seq);
        if (!stored) {
            return;
        }
        if (stored.value()) {
            if (*stored.value() != old.hash) {
                return;
            }
        } else {
            auto checkpoint = readCheckpoint(db);
            if (!checkpoint || !checkpoint.value() || old.seq >= checkpoint.value()->firstSeq) {
                return;
            }
        }
    }
    (void)AuditAnchor::write(path, head);
}

} // namespace

AuditLog::AuditLog(history::Database& db, Clock clock)
    : m_db(db)
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); }))
{
}

QByteArray AuditLog::entryHash(int64_t seq, int64_t at, std::string_view kind, std::string_view details,
                               const QByteArray& prevHash)
{
    const std::string canonical = CanonicalJson()
                                      .set("seq", seq)
                                      .set("at", at)
                                      .set("kind", kind)
                                      .setRaw("details", details)
                                      .set("prev", prevHash.toHex().toStdString())
                                      .text();
    QByteArray hash(kHashBytes, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(hash.data()), kHashBytes,
                       reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(), nullptr, 0);
    return hash;
}

Status AuditLog::append(std::string_view kind, const std::string& details)
{
    qCDebug(lcAudit) << "appending an audit entry of kind" << QString::fromUtf8(kind.data(), qsizetype(kind.size()))
                     << "with" << details.size() << "bytes of details";
    return m_db.transaction([&]() -> Status {
        // The write lock is held from here (BEGIN IMMEDIATE), so no other writer can slip in between.
        auto last = m_db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
        if (!last) {
            return last.error();
        }
        int64_t seq = 1;
        QByteArray prev = zeroHash();
        if (last->next()) {
            seq = last->int64(0) + 1;
            prev = last->blob(1);
        } else if (!last->status()) {
            return last->status();
        } else {
            // Empty: a new log, or one whose every entry was just pruned (it goes on from the checkpoint).
            auto checkpoint = readCheckpoint(m_db);
            if (!checkpoint) {
                return checkpoint.error();
            }
            if (checkpoint.value()) {
                seq = checkpoint.value()->firstSeq;
                prev = checkpoint.value()->prevHash;
            }
        }
        const int64_t at = m_clock();
        const QByteArray hash = entryHash(seq, at, kind, details, prev);
        auto insert = m_db.prepare("INSERT INTO audit_log(seq, at, kind, details, prev_hash, hash)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!insert) {
            return insert.error();
        }
        Status inserted = insert->bind(1, seq)
                              .bind(2, at)
                              .bind(3, kind)
                              .bind(4, std::string_view(details))
                              .bindBlob(5, prev)
                              .bindBlob(6, hash)
                              .run();
        if (inserted) {
            // Outside the database only once the entry is on disk; a rollback drops this.
            // The Database outlives the transaction; this AuditLog may not.
            m_db.afterCommit([db = &m_db, head = ChainHead{seq, hash}] { updateAnchor(*db, head); });
        }
        return inserted;
    });
}

QString AuditLog::anchorPath() const
{
    return AuditAnchor::pathFor(m_db.path());
}

Status AuditLog::adoptAnchor()
{
    auto existing = AuditAnchor::read(anchorPath());
    if (!existing) {
        return existing.error();
    }
    if (existing.value()) {
        return {};
    }
    auto current = head();
    if (!current) {
        return current.error();
    }
    if (current->seq == 0) {
        return {};
    }
    return AuditAnchor::write(anchorPath(), current.value());
}

Status AuditLog::promptSent(const PromptSent& entry)
{
    return append("prompt_sent",
                  CanonicalJson()
                      .set("provider", entry.provider)
                      .set("model", entry.model)
                      .set("policy_version", entry.policyVersion)
                      .set("findings", entry.findingsByType)
                      .set("prompt_bytes", entry.promptBytes)
                      .set("sent_bytes", entry.sentBytes)
                      .text());
}

Status AuditLog::promptBlocked(const PromptBlocked& entry)
{
    return append("prompt_blocked",
                  CanonicalJson()
                      .set("provider", entry.provider)
                      .set("model", entry.model)
                      .set("policy_version", entry.policyVersion)
                      .set("rules", entry.ruleIds)
                      .text());
}

Status AuditLog::keySet(const QString& provider)
{
    return append("key_set", CanonicalJson().set("provider", provider).text());
}

Status AuditLog::keyDeleted(const QString& provider)
{
    return append("key_deleted", CanonicalJson().set("provider", provider).text());
}

Status AuditLog::policyActivated(const PolicyActivated& entry)
{
    return append("policy_activated",
                  CanonicalJson()
                      .set("org_id", entry.orgId)
                      .set("bundle_version", entry.bundleVersion)
                      .set("key_id", entry.keyId)
                      .set("source_host", entry.sourceHost)
                      .text());
}

Status AuditLog::policyRefused(const PolicyRefused& entry)
{
    return append("policy_refused",
                  CanonicalJson()
                      .set("org_id", entry.orgId)
                      .set("bundle_version", entry.bundleVersion)
                      .set("reason", entry.reason)
                      .set("reason_code", entry.reasonCode)
                      .text());
}

Status AuditLog::exportMade(const ExportMade& entry)
{
    CanonicalJson details;
    if (!entry.incidentId.isEmpty()) {
        details.set("incident", entry.incidentId);
    }
    return append("export_made",
                  details.set("since", entry.since)
                      .set("until", entry.until)
                      .set("messages", entry.messages)
                      .set("formats", entry.formats)
                      .setBool("encrypted", entry.encrypted)
                      .set("manifest_sha256", entry.manifestSha256)
                      .set("file_sha256", entry.fileSha256)
                      .set("recipients", entry.recipients)
                      .set("new_findings", entry.newFindings)
                      .text());
}

namespace {

CanonicalJson uploadDetails(const ExportUpload& entry)
{
    CanonicalJson details;
    if (!entry.incidentId.isEmpty()) {
        details.set("incident", entry.incidentId);
    }
    details.set("host", entry.host)
        .set("file_sha256", entry.fileSha256)
        .set("bytes", entry.bytes)
        .set("attempts", entry.attempts)
        .set("http_status", entry.httpStatus);
    return details;
}

} // namespace

Status AuditLog::uploadDone(const ExportUpload& entry)
{
    return append("upload_done", uploadDetails(entry).text());
}

Status AuditLog::uploadFailed(const ExportUpload& entry)
{
    return append("upload_failed", uploadDetails(entry).set("reason", entry.reason).text());
}

Status AuditLog::historyPurged(const HistoryPurged& entry)
{
    return append("history_purged",
                  CanonicalJson()
                      .set("conversations", entry.conversations)
                      .set("messages", entry.messages)
                      .set("reason", entry.reason)
                      .text());
}

Result<int64_t> AuditLog::prune(int64_t before)
{
    int64_t pruned = 0;
    Status done = m_db.transaction([&]() -> Status {
        pruned = 0;
        // The log's current start and end, and the first entry to keep: the first one written at or after the
        // cut-off (seq order rules; a clock set back does not make a later entry go).
        auto range = m_db.prepare("SELECT min(seq), max(seq), (SELECT min(seq) FROM audit_log WHERE at >= ?1)"
                                  " FROM audit_log");
        if (!range) {
            return range.error();
        }
        range->bind(1, before);
        if (!range->next()) {
            return range->status();
        }
        if (range->isNull(0)) {
            return {}; // empty
        }
        const int64_t first = range->int64(0);
        const int64_t last = range->int64(1);
        const int64_t keep = range->isNull(2) ? last + 1 : range->int64(2);
        if (keep <= first) {
            return {};
        }
        auto anchor = hashOf(m_db, keep - 1);
        if (!anchor) {
            return anchor.error();
        }
        if (!anchor.value()) {
            return Status::failure(Error::Code::InvalidInput,
                                   QStringLiteral("The audit log has a gap before entry %1, so it was not pruned; run "
                                                  "`veilctl audit verify`.")
                                       .arg(keep));
        }
        const QByteArray prevHash = *anchor.value();
        const int64_t now = m_clock();

        // The checkpoint first: the triggers let only entries below it go.
        auto moved = m_db.prepare("UPDATE audit_checkpoint SET first_seq = ?1, prev_hash = ?2, pruned_at = ?3"
                                  " WHERE id = 1");
        if (!moved) {
            return moved.error();
        }
        if (Status updated = moved->bind(1, keep).bindBlob(2, prevHash).bind(3, now).run(); !updated) {
            return updated;
        }
        if (m_db.changes() == 0) {
            auto made = m_db.prepare("INSERT INTO audit_checkpoint(id, first_seq, prev_hash, pruned_at)"
                                     " VALUES (1, ?1, ?2, ?3)");
            if (!made) {
                return made.error();
            }
            if (Status inserted = made->bind(1, keep).bindBlob(2, prevHash).bind(3, now).run(); !inserted) {
                return inserted;
            }
        }
        auto remove = m_db.prepare("DELETE FROM audit_log WHERE seq < ?1");
        if (!remove) {
            return remove.error();
        }
        if (Status removed = remove->bind(1, keep).run(); !removed) {
            return removed;
        }
        pruned = m_db.changes();
        return append("audit_pruned",
                      CanonicalJson()
                          .set("entries", pruned)
                          .set("before", before)
                          .set("first_seq", keep)
                          .set("prev_hash", prevHash.toHex().toStdString())
                          .text());
    });
    if (!done) {
        return done.error();
    }
    if (pruned > 0) {
        // Best effort: the deleted pages leave the write-ahead log too.
        (void)m_db.checkpoint();
    }
    return pruned;
}

Result<std::vector<AuditEntry>> AuditLog::entries(int64_t afterSeq, int limit)
{
    auto stmt = m_db.prepare("SELECT seq, at, kind, details, prev_hash, hash FROM audit_log WHERE seq > ?1"
                             " ORDER BY seq LIMIT ?2");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, afterSeq).bind(2, limit);
    std::vector<AuditEntry> out;
    while (stmt->next()) {
        out.push_back(
            AuditEntry{stmt->int64(0), stmt->int64(1), stmt->string(2), stmt->blob(3), stmt->blob(4), stmt->blob(5)});
    }
    if (!stmt->status()) {
        return stmt->status().error();
    }
    return out;
}

Result<ChainHead> AuditLog::head()
{
    auto stmt = m_db.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (!stmt) {
        return stmt.error();
    }
    if (stmt->next()) {
        return ChainHead{stmt->int64(0), stmt->blob(1)};
    }
    if (!stmt->status()) {
        return stmt->status().error();
    }
    return ChainHead{};
}

Result<Verification> AuditLog::verify(const std::optional<ChainHead>& anchor)
{
    auto checkpoint = readCheckpoint(m_db);
    if (!checkpoint) {
        return checkpoint.error();
    }
    const int64_t start = checkpoint.value() ? checkpoint.value()->firstSeq : 1;
    auto stmt = m_db.prepare("SELECT seq, at, kind, details, prev_hash, hash FROM audit_log ORDER BY seq");
    if (!stmt) {
        return stmt.error();
    }
    int64_t expected = start;
    QByteArray prev = checkpoint.value() ? checkpoint.value()->prevHash : zeroHash();
    bool anchorSeen = false;
    std::optional<Checkpoint> lastPrune; // what the newest audit_pruned entry says the start is
    while (stmt->next()) {
        const int64_t seq = stmt->int64(0);
        const int64_t checked = expected - start;
        if (seq != expected) {
            if (expected == start && seq > start) {
                const QString which = seq - 1 == start
                    ? QStringLiteral("Audit entry %1 is").arg(start)
                    : QStringLiteral("Audit entries %1 to %2 are").arg(start).arg(seq - 1);
                return broken(
                    checked, seq,
                    QStringLiteral("%1 missing from the start of the log without a recorded prune.").arg(which));
            }
            return broken(checked, seq,
                          QStringLiteral("Audit entry %1 is missing or out of place (found entry %2 after entry %3).")
                              .arg(expected)
                              .arg(seq)
                              .arg(expected - 1));
        }
        const QByteArray hash = stmt->blob(5);
        if (stmt->blob(4) != prev) {
            return broken(checked, seq,
                          QStringLiteral("Audit entry %1 does not follow the entry before it: an entry was removed, "
                                         "moved or changed.")
                              .arg(seq));
        }
        if (entryHash(seq, stmt->int64(1), stmt->text(2), stmt->text(3), prev) != hash) {
            return broken(checked, seq, QStringLiteral("Audit entry %1 was changed after it was written.").arg(seq));
        }
        if (stmt->text(2) == "audit_pruned") {
            const QJsonObject details = QJsonDocument::fromJson(stmt->blob(3)).object();
            lastPrune
                = Checkpoint{details.value(QStringLiteral("first_seq")).toInteger(),
                             QByteArray::fromHex(details.value(QStringLiteral("prev_hash")).toString().toLatin1())};
        }
        if (anchor && anchor->seq == seq) {
            anchorSeen = true;
            if (anchor->hash != hash) {
                return broken(
                    checked, seq,
                    QStringLiteral("Audit entry %1 is not the entry recorded outside the database.").arg(seq));
            }
        }
        prev = hash;
        ++expected;
    }
    if (!stmt->status()) {
        return stmt->status().error();
    }
    const int64_t count = expected - start;
    const int64_t end = expected - 1; // the newest entry's seq
    if (checkpoint.value()
        && (!lastPrune || lastPrune->firstSeq != start || lastPrune->prevHash != checkpoint.value()->prevHash)) {
        return broken(count, start,
                      QStringLiteral("The audit log starts at entry %1, but no recorded prune ends there: entries were "
                                     "removed from its start.")
                          .arg(start));
    }
    if (anchor && anchor->seq >= start && !anchorSeen) {
        return broken(count, end + 1,
                      QStringLiteral("The audit log ends at entry %1, but entry %2 was recorded: entries were removed "
                                     "from its end.")
                          .arg(end)
                          .arg(anchor->seq));
    }
    Verification verification{true, count, std::nullopt, QString()};
    verification.firstSeq = start;
    return verification;
}

Result<Verification> AuditLog::verifyWithAnchorFile()
{
    const QString path = anchorPath();
    auto anchor = AuditAnchor::read(path);
    if (!anchor) {
        return anchor.error();
    }
    auto verification = verify(anchor.value());
    if (!verification || !verification->ok || anchor.value()) {
        return verification;
    }
    auto current = head();
    if (!current) {
        return current.error();
    }
    if (current->seq > 0) {
        verification->ok = false;
        verification->anchorMissing = true;
        verification->problem = QStringLiteral("The audit log's chain is sound, but its anchor file %1 is missing, "
                                               "so entries cut off its end cannot be ruled out.")
                                    .arg(path);
    }
    return verification;
}

} // namespace veil::audit
