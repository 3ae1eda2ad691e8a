#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1String>
#include <QString>

// What providers say in an error response, shared by the jobs that talk to them. Internal to core/providers.
namespace veil::providers {

/// What a provider said in a non-2xx body: OpenAI {"error":{message,type,code}}, Anthropic
/// {"type":"error","error":{type,message,details}}, Ollama {"error":"..."}.
struct ProviderErrorBody
{
    QString message;
    QString type;
    QString code;
    QString detailCode;

    bool mentions(QLatin1String word) const
    {
        return type.contains(word, Qt::CaseInsensitive) || code.contains(word, Qt::CaseInsensitive)
            || detailCode.contains(word, Qt::CaseInsensitive);
    }
};

/// Parses an error body: the message simplified and shortened to 300 characters, and every field with
/// key-looking text (and `key` itself) masked. Empty fields when the body is not such JSON.
ProviderErrorBody parseErrorBody(const QByteArray& body, QByteArrayView key);

/// `head` as one sentence, followed by the provider's own message when it sent one.
QString sentence(const QString& head, const QString& detail);

} // namespace veil::providers
