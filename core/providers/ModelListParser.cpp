#include "providers/ModelListParser.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace veil::providers {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("veil::providers::ModelListParser", text);
}

bool acceptableId(const QString& id)
{
    if (id.isEmpty() || id.size() > ModelListParser::kMaxIdLength) {
        return false;
    }
    for (const QChar c : id) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format) {
            return false;
        }
    }
    return true;
}

/// The JSON object in `body`, or an error naming `what` without quoting the body.
Result<QJsonObject> objectIn(QByteArrayView body, const QString& what)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        return Error{Error::Code::InvalidInput, tr("The %1 is not a JSON object.").arg(what)};
    }
    return document.object();
}

/// The ids under `field` of each object in `list`.
QStringList idsOf(const QJsonArray& list, const QString& field)
{
    QStringList ids;
    QSet<QString> seen;
    for (const QJsonValue& entry : list) {
        if (ids.size() >= ModelListParser::kMaxModels) {
            break;
        }
        const QString id = entry.toObject().value(field).toString();
        if (!acceptableId(id) || seen.contains(id)) {
            continue;
        }
        seen.insert(id);
        ids.append(id);
    }
    return ids;
}

Result<QJsonArray> listIn(const QJsonObject& object, const QString& field, const QString& what)
{
    const QJsonValue value = object.value(field);
    if (!value.isArray()) {
        return Error{Error::Code::InvalidInput, tr("The %1 has no “%2” list.").arg(what, field)};
    }
    return value.toArray();
}

/// A model list body: its top-level object and the list in `field` (what every provider's format starts with).
struct Listing
{
    QJsonObject object;
    QJsonArray list;
};

Result<Listing> listingIn(QByteArrayView body, const QString& field)
{
    const QString what = tr("model list");
    Result<QJsonObject> object = objectIn(body, what);
    if (!object) {
        return object.error();
    }
    Result<QJsonArray> list = listIn(object.value(), field, what);
    if (!list) {
        return list.error();
    }
    return Listing{object.value(), list.value()};
}

} // namespace

Result<ModelPage> ModelListParser::parseOpenAi(QByteArrayView body)
{
    Result<Listing> listing = listingIn(body, QStringLiteral("data"));
    if (!listing) {
        return listing.error();
    }
    return ModelPage{idsOf(listing->list, QStringLiteral("id")), false, {}};
}

Result<ModelPage> ModelListParser::parseAnthropic(QByteArrayView body)
{
    Result<Listing> listing = listingIn(body, QStringLiteral("data"));
    if (!listing) {
        return listing.error();
    }
    ModelPage page{idsOf(listing->list, QStringLiteral("id")), false, {}};
    page.hasMore = listing->object.value(QStringLiteral("has_more")).toBool(false);
    const QString lastId = listing->object.value(QStringLiteral("last_id")).toString();
    page.lastId = acceptableId(lastId) ? lastId : QString();
    if (page.hasMore && page.lastId.isEmpty()) {
        return Error{Error::Code::InvalidInput, tr("The model list says more follows but names no “last_id”.")};
    }
    return page;
}

Result<ModelPage> ModelListParser::parseOllama(QByteArrayView body)
{
    Result<Listing> listing = listingIn(body, QStringLiteral("models"));
    if (!listing) {
        return listing.error();
    }
    return ModelPage{idsOf(listing->list, QStringLiteral("name")), false, {}};
}

Result<ModelPage> ModelListParser::parse(ProviderKind kind, QByteArrayView body)
{
    switch (kind) {
    case ProviderKind::OpenAi:
    case ProviderKind::OpenAiCompatible:
        return parseOpenAi(body);
    case ProviderKind::Anthropic:
        return parseAnthropic(body);
    case ProviderKind::Ollama:
        return parseOllama(body);
    case ProviderKind::Inspector:
        break;
    }
    return Error{Error::Code::InvalidInput, tr("The inspector provider has no model list to fetch.")};
}

} // namespace veil::providers
