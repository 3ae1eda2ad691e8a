#include "export/IncidentLedger.h"

#include "policy/PolicyStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace veil::exports {
namespace {

constexpr qint64 kMaxBytes = 4 << 20;

} // namespace

IncidentLedger::IncidentLedger(QString path)
    : m_path(std::move(path))
{
}

QString IncidentLedger::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
        + QStringLiteral("/veil/incidents.json");
}

Result<std::vector<IncidentLedger::Entry>> IncidentLedger::entries() const
{
    std::vector<Entry> out;
    QFile file(m_path);
    if (!file.exists()) {
        return out;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return Error{Error::Code::Internal,
                     QStringLiteral("The record of handled incidents (%1) cannot be read.").arg(m_path)};
    }
    const QByteArray bytes = file.read(kMaxBytes + 1);
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    if (bytes.size() > kMaxBytes || !document.isObject()) {
        return Error{Error::Code::Internal,
                     QStringLiteral("The record of handled incidents (%1) is damaged.").arg(m_path)};
    }
    for (const QJsonValue& value : document.object().value(QStringLiteral("handled")).toArray()) {
        const QJsonObject o = value.toObject();
        out.push_back(Entry{o.value(QStringLiteral("org_id")).toString(), o.value(QStringLiteral("id")).toString(),
                            o.value(QStringLiteral("at")).toInteger(), o.value(QStringLiteral("host")).toString(),
                            o.value(QStringLiteral("file_sha256")).toString()});
    }
    return out;
}

Result<std::optional<IncidentLedger::Entry>> IncidentLedger::find(const QString& orgId, const QString& id) const
{
    auto all = entries();
    if (!all) {
        return all.error();
    }
    for (const Entry& entry : all.value()) {
        if (entry.orgId == orgId && entry.id == id) {
            return std::optional<Entry>(entry);
        }
    }
    return std::optional<Entry>();
}

Status IncidentLedger::record(const Entry& entry)
{
    auto all = entries();
    if (!all) {
        return all.error();
    }
    QJsonArray handled;
    for (const Entry& e : all.value()) {
        if (e.orgId == entry.orgId && e.id == entry.id) {
            continue;
        }
        handled.append(QJsonObject{{QStringLiteral("org_id"), e.orgId},
                                   {QStringLiteral("id"), e.id},
                                   {QStringLiteral("at"), qint64(e.at)},
                                   {QStringLiteral("host"), e.host},
                                   {QStringLiteral("file_sha256"), e.fileSha256}});
    }
    handled.append(QJsonObject{{QStringLiteral("org_id"), entry.orgId},
                               {QStringLiteral("id"), entry.id},
                               {QStringLiteral("at"), qint64(entry.at)},
                               {QStringLiteral("host"), entry.host},
                               {QStringLiteral("file_sha256"), entry.fileSha256}});
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(folder)) {
        return Status::failure(Error::Code::Internal, QStringLiteral("%1 cannot be created.").arg(folder));
    }
    return policy::writeFileAtomically(
        m_path, QJsonDocument(QJsonObject{{QStringLiteral("handled"), handled}}).toJson(QJsonDocument::Indented));
}

} // namespace veil::exports
