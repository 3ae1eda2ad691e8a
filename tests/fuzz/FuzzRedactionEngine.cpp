// Fuzzes the redaction engine with the built-in catalogue and checks its invariants on every input:
// findings are sorted, disjoint and inside the text, and restoring the placeholders gives back the input.
#include "redaction/BuiltinRules.h"
#include "redaction/PlaceholderVault.h"
#include "redaction/RedactionEngine.h"
#include "redaction/Rehydrator.h"

#include <QCoreApplication>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace veil::redaction;

namespace {

const RedactionEngine& engine()
{
    static std::shared_ptr<const RedactionEngine> instance = [] {
        auto catalogue = BuiltinRules::load();
        if (!catalogue) {
            std::fprintf(stderr, "%s\n", qPrintable(catalogue.error().message));
            std::abort();
        }
        auto made = RedactionEngine::create(catalogue.value());
        if (!made) {
            std::abort();
        }
        return made.value();
    }();
    return *instance;
}

} // namespace

// The catalogue is compiled once before fuzzing starts, so that its cost never counts against the first input.
extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    static_cast<void>(engine());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    InMemoryVault vault;
    const Redaction redaction = engine().redact(text, vault);

    uint32_t previousEnd = 0;
    for (const RedactedFinding& f : redaction.findings) {
        if (f.finding.start < previousEnd || f.finding.end <= f.finding.start || f.finding.end > size) {
            std::abort();
        }
        previousEnd = f.finding.end;
        if (vault.valueFor(f.placeholder) != text.substr(f.finding.start, f.finding.end - f.finding.start)) {
            std::abort();
        }
    }
    // Text that already holds '[' could contain a placeholder-shaped string of its own; otherwise the
    // round trip through the vault must be exact.
    if (text.find('[') == std::string_view::npos && Rehydrator::rehydrate(vault, redaction.redacted).text != text) {
        std::abort();
    }
    return 0;
}
