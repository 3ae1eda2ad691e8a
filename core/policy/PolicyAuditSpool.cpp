#include "policy/PolicyAuditSpool.h"

#include "audit/AuditLog.h"
#include "history/Database.h"
#include "policy/PolicyStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>

#include <cstdio>

namespace veil::policy {
namespace {

constexpr qint64 kMaxFileBytes = 4 << 20;
constexpr int kLockWaitMs = 10000;
constexpr const char* kOverflowCode = "spool_overflow";

QString kindName(PolicyAuditEvent::Kind kind)
{
    return kind == PolicyAuditEvent::Kind::Activated ? QStringLiteral("policy_activated")
                                                     : QStringLiteral("policy_refused");
}

QJsonObject toJson(const PolicyAuditEvent& event)
{
    QJsonObject object{{QStringLiteral("kind"), kindName(event.kind)},
                       {QStringLiteral("at"), qint64(event.at)},
                       {QStringLiteral("org_id"), event.orgId},
                       {QStringLiteral("bundle_version"), qint64(event.bundleVersion)}};
    if (event.kind == PolicyAuditEvent::Kind::Activated) {
        object.insert(QStringLiteral("key_id"), event.keyId);
        object.insert(QStringLiteral("source_host"), event.sourceHost);
    } else {
        object.insert(QStringLiteral("reason_code"), event.reasonCode);
        object.insert(QStringLiteral("reason"), event.reason);
    }
    return object;
}

std::optional<PolicyAuditEvent> fromJson(const QJsonObject& object)
{
    PolicyAuditEvent event;
    const QString kind = object.value(QStringLiteral("kind")).toString();
    if (kind == kindName(PolicyAuditEvent::Kind::Activated)) {
        event.kind = PolicyAuditEvent::Kind::Activated;
    } else if (kind == kindName(PolicyAuditEvent::Kind::Refused)) {
        event.kind = PolicyAuditEvent::Kind::Refused;
    } else {
        return std::nullopt;
    }
    if (!object.value(QStringLiteral("at")).isDouble()) {
        return std::nullopt;
    }
    event.at = object.value(QStringLiteral("at")).toInteger();
    event.orgId = object.value(QStringLiteral("org_id")).toString();
    event.bundleVersion = object.value(QStringLiteral("bundle_version")).toInteger();
    event.keyId = object.value(QStringLiteral("key_id")).toString();
    event.sourceHost = object.value(QStringLiteral("source_host")).toString();
    event.reasonCode = object.value(QStringLiteral("reason_code")).toString();
    event.reason = object.value(QStringLiteral("reason")).toString();
    return event;
}

Error spoolError(const QString& path, const QString& what)
{
    return Error{Error::Code::Internal, QStringLiteral("The policy audit queue %1 %2").arg(path, what)};
}

/// The spool's lock, held while it is read and replaced.
class SpoolLock
{
public:
    explicit SpoolLock(const QString& path)
        : m_lock(path + QStringLiteral(".lock"))
    {
        m_lock.setStaleLockTime(30000);
        m_locked = m_lock.tryLock(kLockWaitMs);
    }
    bool locked() const { return m_locked; }

private:
    QLockFile m_lock;
    bool m_locked = false;
};

Result<std::vector<PolicyAuditEvent>> readEvents(const QString& path)
{
    QFile file(path);
    if (!file.exists()) {
        return std::vector<PolicyAuditEvent>();
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return spoolError(path, QStringLiteral("cannot be read: %1.").arg(file.errorString()));
    }
    const QByteArray bytes = file.read(kMaxFileBytes + 1);
    if (bytes.size() > kMaxFileBytes) {
        return spoolError(path, QStringLiteral("is larger than 4 MiB."));
    }
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    const QJsonArray array = document.object().value(QStringLiteral("events")).toArray();
    if (!document.isObject() || !document.object().value(QStringLiteral("events")).isArray()) {
        return spoolError(path, QStringLiteral("is damaged (not the expected JSON)."));
    }
    std::vector<PolicyAuditEvent> events;
    for (const QJsonValue& value : array) {
        auto event = fromJson(value.toObject());
        if (!event) {
            return spoolError(path, QStringLiteral("holds an event it cannot read."));
        }
        events.push_back(std::move(*event));
    }
    return events;
}

Status writeEvents(const QString& path, const std::vector<PolicyAuditEvent>& events)
{
    QJsonArray array;
    for (const PolicyAuditEvent& event : events) {
        array.append(toJson(event));
    }
    return writeFileAtomically(
        path, QJsonDocument(QJsonObject{{QStringLiteral("events"), array}}).toJson(QJsonDocument::Compact));
}

/// Whether the log already holds an entry of `kind` written at `at` (a flush that committed before the queue
/// could be removed).
Result<bool> alreadyLogged(history::Database& db, const PolicyAuditEvent& event)
{
    auto stmt = db.prepare("SELECT 1 FROM audit_log WHERE at = ?1 AND kind = ?2 LIMIT 1");
    if (!stmt) {
        return stmt.error();
    }
    const QByteArray kind = kindName(event.kind).toLatin1();
    stmt->bind(1, event.at).bind(2, std::string_view(kind.constData(), size_t(kind.size())));
    const bool found = stmt->next();
    if (!stmt->status()) {
        return stmt->status().error();
    }
    return found;
}

} // namespace

PolicyAuditSpool::PolicyAuditSpool(QString path)
    : m_path(std::move(path))
{
}

QString PolicyAuditSpool::pathFor(const QString& databasePath)
{
    return QFileInfo(databasePath).absoluteFilePath() + QStringLiteral(".policy-audit");
}

Status PolicyAuditSpool::append(const PolicyAuditEvent& event)
{
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(folder)) {
        return spoolError(m_path, QStringLiteral("cannot be created: its folder cannot be made."));
    }
    const SpoolLock lock(m_path);
    if (!lock.locked()) {
        return spoolError(m_path, QStringLiteral("is locked by another Veil process."));
    }
    auto events = readEvents(m_path);
    if (!events) {
        return events.error();
    }
    events->push_back(event);
    if (events->size() > size_t(kMaxEvents)) {
        // Keep the newest; a gap event in front says how many older ones were dropped.
        const bool haveGap = events->front().reasonCode == QLatin1String(kOverflowCode);
        const int alreadyDropped = haveGap ? events->front().reason.section(QLatin1Char(' '), 0, 0).toInt() : 0;
        const size_t first = haveGap ? 1 : 0; // the oldest real event
        const size_t drop = haveGap ? 1 : 2; // room for the gap event when there is none yet
        PolicyAuditEvent gap;
        gap.kind = PolicyAuditEvent::Kind::Refused;
        gap.at = events.value()[first + drop - 1].at;
        gap.reasonCode = QLatin1String(kOverflowCode);
        gap.reason = QStringLiteral("%1 earlier policy audit events were dropped while the history was closed.")
                         .arg(alreadyDropped + int(drop));
        events->erase(events->begin() + qsizetype(first), events->begin() + qsizetype(first + drop));
        if (haveGap) {
            events->front() = gap;
        } else {
            events->insert(events->begin(), gap);
        }
    }
    return writeEvents(m_path, events.value());
}

Result<std::vector<PolicyAuditEvent>> PolicyAuditSpool::events() const
{
    return readEvents(m_path);
}

Result<int> PolicyAuditSpool::flush(history::Database& db)
{
    if (!QFileInfo::exists(m_path)) {
        return 0;
    }
    const SpoolLock lock(m_path);
    if (!lock.locked()) {
        return spoolError(m_path, QStringLiteral("is locked by another Veil process."));
    }
    auto events = readEvents(m_path);
    if (!events) {
        return events.error();
    }
    int appended = 0;
    const Status written = db.transaction([&]() -> Status {
        for (const PolicyAuditEvent& event : events.value()) {
            auto logged = alreadyLogged(db, event);
            if (!logged) {
                return logged.error();
            }
            if (logged.value()) {
                continue;
            }
            audit::AuditLog log(db, [at = event.at] { return at; });
            const Status entry = event.kind == PolicyAuditEvent::Kind::Activated
                ? log.policyActivated({event.orgId, event.bundleVersion, event.keyId, event.sourceHost})
                : log.policyRefused({event.orgId, event.bundleVersion, event.reason, event.reasonCode});
            if (!entry) {
                return entry;
            }
            ++appended;
        }
        return {};
    });
    if (!written) {
        return written.error();
    }
    if (std::remove(QFile::encodeName(m_path).constData()) != 0 && QFileInfo::exists(m_path)) {
        return spoolError(m_path, QStringLiteral("was written to the audit log but cannot be removed."));
    }
    return appended;
}

} // namespace veil::policy
