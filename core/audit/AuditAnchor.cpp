#include "audit/AuditAnchor.h"

#include "policy/PolicyStore.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>

namespace veil::audit {
namespace {

constexpr int kHashBytes = 32;
constexpr qint64 kMaxAnchorBytes = 256;
const QByteArray kMagic = "veil-audit-anchor 1";

Error unreadable(const QString& path)
{
    return Error{Error::Code::InvalidInput,
                 QStringLiteral("The audit anchor file %1 cannot be read or is damaged.").arg(path)};
}

} // namespace

QString AuditAnchor::pathFor(const QString& databasePath)
{
    return QFileInfo(databasePath).absoluteFilePath() + QStringLiteral(".audit-anchor");
}

Result<std::optional<ChainHead>> AuditAnchor::read(const QString& path)
{
    QFile file(path);
    if (!file.exists()) {
        return std::optional<ChainHead>();
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return unreadable(path);
    }
    const QByteArray bytes = file.read(kMaxAnchorBytes + 1);
    if (bytes.size() > kMaxAnchorBytes) {
        return unreadable(path);
    }
    const QList<QByteArray> lines = bytes.split('\n');
    if (lines.size() < 2 || lines.at(0) != kMagic) {
        return unreadable(path);
    }
    const QList<QByteArray> fields = lines.at(1).split(' ');
    if (fields.size() != 2) {
        return unreadable(path);
    }
    bool ok = false;
    ChainHead head;
    head.seq = fields.at(0).toLongLong(&ok);
    head.hash = QByteArray::fromHex(fields.at(1));
    if (!ok || head.seq < 1 || head.hash.size() != kHashBytes || head.hash.toHex() != fields.at(1)) {
        return unreadable(path);
    }
    return std::optional<ChainHead>(head);
}

Status AuditAnchor::write(const QString& path, const ChainHead& head)
{
    const QByteArray bytes = kMagic + '\n' + QByteArray::number(qint64(head.seq)) + ' ' + head.hash.toHex() + '\n';
    return policy::writeFileAtomically(path, bytes);
}

} // namespace veil::audit
