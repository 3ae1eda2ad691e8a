#include "export/Manifest.h"

#include "export/RecordFormatter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace veil::exports {

Sha256::Sha256()
{
    crypto_hash_sha256_init(&m_state);
}

void Sha256::add(QByteArrayView bytes)
{
    crypto_hash_sha256_update(&m_state, reinterpret_cast<const unsigned char*>(bytes.data()),
                              static_cast<unsigned long long>(bytes.size()));
}

QByteArray Sha256::hex()
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&m_state, digest);
    crypto_hash_sha256_init(&m_state);
    return QByteArray(reinterpret_cast<const char*>(digest), sizeof digest).toHex();
}

QByteArray Sha256::hexOf(QByteArrayView bytes)
{
    Sha256 hash;
    hash.add(bytes);
    return hash.hex();
}

QByteArray Manifest::toJson() const
{
    const auto time = [](int64_t ms) {
        return QString::fromLatin1(format::isoTime(ms));
    };
    QJsonArray fileList;
    for (const ManifestFile& file : files) {
        fileList.append(QJsonObject{{QStringLiteral("name"), file.name},
                                    {QStringLiteral("bytes"), file.bytes},
                                    {QStringLiteral("sha256"), QString::fromLatin1(file.sha256)}});
    }
    const QJsonObject root{
        {QStringLiteral("schema"), QStringLiteral("veil-export")},
        {QStringLiteral("schema_version"), QStringLiteral("1.0")},
        {QStringLiteral("app"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("Veil")}, {QStringLiteral("version"), appVersion}}},
        {QStringLiteral("device"), device},
        {QStringLiteral("created_at"), time(createdAt)},
        {QStringLiteral("time_range"),
         QJsonObject{{QStringLiteral("since"), time(since)}, {QStringLiteral("until"), time(until)}}},
        {QStringLiteral("filters"),
         QJsonObject{{QStringLiteral("workspace"), workspace.isEmpty() ? QJsonValue() : QJsonValue(workspace)},
                     {QStringLiteral("provider"), provider.isEmpty() ? QJsonValue() : QJsonValue(provider)},
                     {QStringLiteral("formats"), QJsonArray::fromStringList(formats)}}},
        {QStringLiteral("policy"),
         QJsonObject{{QStringLiteral("version"), qint64(policyVersion)}, {QStringLiteral("mode"), policyMode}}},
        {QStringLiteral("rescan_policy_version"), qint64(policyVersion)},
        {QStringLiteral("counts"),
         QJsonObject{{QStringLiteral("records"), qint64(records)},
                     {QStringLiteral("conversations"), qint64(conversations)},
                     {QStringLiteral("new_findings"), qint64(newFindings)}}},
        {QStringLiteral("encryption"),
         QJsonObject{{QStringLiteral("format"), recipients > 0 ? QStringLiteral("age-v1") : QStringLiteral("none")},
                     {QStringLiteral("recipients"), qint64(recipients)}}},
        {QStringLiteral("audit_chain_head"),
         QJsonObject{{QStringLiteral("seq"), qint64(auditSeq)},
                     {QStringLiteral("hash"), QString::fromLatin1(auditHash)}}},
        {QStringLiteral("files"), fileList},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace veil::exports
