// Fuzzes the model-list parsers (OpenAI, Anthropic, Ollama). Input layout: byte 0 picks the parser, the rest is
// the response body. Invariants: no crash; a success keeps at most kMaxModels non-empty, bounded, unique ids; an
// Anthropic page that says more follows names the id to continue after.
#include "providers/ModelListParser.h"

#include <QSet>

#include <cstdint>
#include <cstdlib>

using namespace veil::providers;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    const ProviderKind kinds[] = {ProviderKind::OpenAi, ProviderKind::Anthropic, ProviderKind::Ollama};
    const ProviderKind kind = kinds[data[0] % 3];
    const QByteArrayView body(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    const veil::Result<ModelPage> page = ModelListParser::parse(kind, body);
    if (!page) {
        return 0;
    }
    if (page->models.size() > ModelListParser::kMaxModels) {
        std::abort();
    }
    QSet<QString> seen;
    for (const QString& id : page->models) {
        if (id.isEmpty() || id.size() > ModelListParser::kMaxIdLength || seen.contains(id)) {
            std::abort();
        }
        seen.insert(id);
    }
    if (page->hasMore && page->lastId.isEmpty()) {
        std::abort();
    }
    return 0;
}
