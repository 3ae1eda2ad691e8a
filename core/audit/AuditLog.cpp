#include "audit/AuditLog.h"
#include "common/Logging.h"

#include "audit/CanonicalJson.h"
#include "history/Database.h"

#include <QDateTime>

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
        }
        const int64_t at = m_clock();
        const QByteArray hash = entryHash(seq, at, kind, details, prev);
        auto insert = m_db.prepare("INSERT INTO audit_log(seq, at, kind, details, prev_hash, hash)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!insert) {
            return insert.error();
        }
        return insert->bind(1, seq)
            .bind(2, at)
            .bind(3, kind)
            .bind(4, std::string_view(details))
            .bindBlob(5, prev)
            .bindBlob(6, hash)
            .run();
    });
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
                  CanonicalJson().set("org_id", entry.orgId).set("bundle_version", entry.bundleVersion).text());
}

Status AuditLog::policyRefused(const PolicyRefused& entry)
{
    return append("policy_refused",
                  CanonicalJson()
                      .set("org_id", entry.orgId)
                      .set("bundle_version", entry.bundleVersion)
                      .set("reason", entry.reason)
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
    auto stmt = m_db.prepare("SELECT seq, at, kind, details, prev_hash, hash FROM audit_log ORDER BY seq");
    if (!stmt) {
        return stmt.error();
    }
    int64_t expected = 1;
    QByteArray prev = zeroHash();
    bool anchorSeen = false;
    while (stmt->next()) {
        const int64_t seq = stmt->int64(0);
        const int64_t checked = expected - 1;
        if (seq != expected) {
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
    const int64_t count = expected - 1;
    if (anchor && anchor->seq > 0 && !anchorSeen) {
        return broken(count, count + 1,
                      QStringLiteral("The audit log ends at entry %1, but entry %2 was recorded: entries were removed "
                                     "from its end.")
                          .arg(count)
                          .arg(anchor->seq));
    }
    return Verification{true, count, std::nullopt, QString()};
}

} // namespace veil::audit
