#include "providers/ProviderErrorBody.h"

#include "providers/RequestBuilder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace veil::providers {
namespace {

constexpr qsizetype kMaxProviderMessage = 300;

QString jsonText(const QJsonValue& value)
{
    if (value.isString()) {
        return value.toString();
    }
    if (value.isDouble()) {
        return QString::number(value.toDouble());
    }
    return {};
}

} // namespace

ProviderErrorBody parseErrorBody(const QByteArray& body, QByteArrayView key)
{
    ProviderErrorBody out;
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject()) {
        return out;
    }
    const QJsonValue error = document.object().value(QStringLiteral("error"));
    if (error.isString()) {
        out.message = error.toString();
    } else if (error.isObject()) {
        const QJsonObject object = error.toObject();
        out.message = jsonText(object.value(QStringLiteral("message")));
        out.type = jsonText(object.value(QStringLiteral("type")));
        out.code = jsonText(object.value(QStringLiteral("code")));
        out.detailCode
            = jsonText(object.value(QStringLiteral("details")).toObject().value(QStringLiteral("error_code")));
    }
    out.message = out.message.simplified();
    if (out.message.size() > kMaxProviderMessage) {
        out.message = out.message.left(kMaxProviderMessage) + QStringLiteral("…");
    }
    out.message = maskSecretsIn(out.message, key);
    out.type = maskSecretsIn(out.type.left(100), key);
    out.code = maskSecretsIn(out.code.left(100), key);
    return out;
}

/// `head` as one sentence, followed by the provider's own message when it sent one.
QString sentence(const QString& head, const QString& detail)
{
    if (detail.isEmpty()) {
        return head + QLatin1Char('.');
    }
    QString out = head + QStringLiteral(": ") + detail;
    if (!out.endsWith(QLatin1Char('.')) && !out.endsWith(QLatin1Char('!')) && !out.endsWith(QLatin1Char('?'))) {
        out += QLatin1Char('.');
    }
    return out;
}

} // namespace veil::providers
