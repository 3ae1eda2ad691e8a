// Fuzzes the streaming rehydrator: any chunking of a reply must give the same text as one piece.
// Input layout: the first byte seeds the chunk sizes, the rest is the reply.
#include "redaction/PlaceholderVault.h"
#include "redaction/Rehydrator.h"

#include <cstdint>
#include <cstdlib>

using namespace veil::redaction;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0) {
        return 0;
    }
    static InMemoryVault* vault = [] {
        auto* v = new InMemoryVault();
        v->placeholderFor("EMAIL", "ann@corp.io");
        v->placeholderFor("API_KEY", "sk-proj-Zq8Lr3Vt9Wx2");
        v->placeholderFor("A", "[A_1]"); // a value that looks like a placeholder itself
        return v;
    }();
    uint32_t seed = data[0];
    const std::string_view reply(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::string whole = Rehydrator::rehydrate(*vault, reply).text;

    Rehydrator rehydrator(*vault);
    std::string streamed;
    size_t at = 0;
    while (at < reply.size()) {
        seed = seed * 1103515245u + 12345u;
        const size_t chunk = std::min<size_t>(1 + (seed >> 16) % 16, reply.size() - at);
        const RehydratedText out = rehydrator.feed(reply.substr(at, chunk));
        for (const RestoredSpan& span : out.restored) {
            if (span.offset + span.length > out.text.size()) {
                std::abort();
            }
        }
        streamed += out.text;
        at += chunk;
        if (rehydrator.pendingSize() >= 48) {
            std::abort();
        }
    }
    streamed += rehydrator.finish().text;
    if (streamed != whole) {
        std::abort();
    }
    return 0;
}
