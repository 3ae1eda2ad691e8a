#pragma once

#include "common/Result.h"
#include "providers/ProviderConfig.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace veil::providers {

/// One page of a provider's model list.
struct ModelPage
{
    QStringList models; ///< model ids in the order the provider listed them, without duplicates
    bool hasMore = false; ///< Anthropic: another page follows (ask again with after_id = lastId)
    QString lastId; ///< Anthropic: the id to continue after; empty otherwise
};

/// Pure parsers for the three shapes of model list. Fed the whole (size-capped) body; thread-safe; no I/O.
///
/// - OpenAI / OpenAI-compatible `GET {base}/models`: {"object":"list","data":[{"id":"gpt-4o",...}, ...]}
/// - Anthropic `GET {base}/v1/models`: {"data":[{"id":...,"type":"model"}],"has_more":bool,"first_id","last_id"}
/// - Ollama `GET {base}/api/tags`: {"models":[{"name":"llama3:8b","model":"llama3:8b",...}, ...]}
///
/// A body that is not a JSON object, or lacks the list, is an error (InvalidInput) that never quotes the body.
/// Entries that are not objects, or whose id is missing, empty, longer than kMaxIdLength or holds control
/// characters (which a terminal would interpret), are skipped; at most kMaxModels ids are kept.
class ModelListParser
{
public:
    static constexpr qsizetype kMaxIdLength = 256;
    static constexpr qsizetype kMaxModels = 10000;

    static Result<ModelPage> parseOpenAi(QByteArrayView body);
    static Result<ModelPage> parseAnthropic(QByteArrayView body);
    static Result<ModelPage> parseOllama(QByteArrayView body);
    /// The parser for `kind`; the inspector has no list to parse (InvalidInput).
    static Result<ModelPage> parse(ProviderKind kind, QByteArrayView body);
};

} // namespace veil::providers
