// veil_stream_bench: the cost Veil adds to a streamed reply. Each recorded stream in ../shared/fixtures/streams is
// replayed at scale (its text deltas repeated to ~100 MB, with placeholders split across deltas mixed in), fed in
// network-sized chunks through the provider's StreamDecoder (parse + map + gate) and a Rehydrator per choice.
// Reports the per-chunk cost, the throughput and the growth of the peak RSS. See bench/README.md.

#include "providers/AnthropicStreamMapper.h"
#include "providers/OllamaStreamMapper.h"
#include "providers/OpenAiStreamMapper.h"
#include "redaction/PlaceholderVault.h"
#include "redaction/Rehydrator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace veil::providers;
using veil::redaction::InMemoryVault;
using veil::redaction::Rehydrator;

namespace {

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kChunkTargetMs = 1.0;
constexpr double kThroughputTarget = 10.0; // MB/s
constexpr int kPlaceholderEvery = 16; // middle frames between two split-placeholder pairs
const char* const kSecretValue = "jane.doe@acme-corp.io";

using Clock = std::chrono::steady_clock;

struct Options
{
    size_t targetBytes = 100 * 1024 * 1024;
    size_t chunkBytes = 1024;
    std::string streamsDir = VEIL_STREAMS_DIR;
    bool json = false;
};

/// The peak resident set size so far (VmHWM), in KiB; 0 when /proc is not there.
long peakRssKiB()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) {
            return std::strtol(line.c_str() + 6, nullptr, 10);
        }
    }
    return 0;
}

/// Type-erased decoder.
class AnyDecoder
{
public:
    virtual ~AnyDecoder() = default;
    virtual std::vector<StreamEvent> feed(std::string_view bytes) = 0;
    virtual std::vector<StreamEvent> finish() = 0;
};

template <typename Decoder>
class DecoderOf final : public AnyDecoder
{
public:
    std::vector<StreamEvent> feed(std::string_view bytes) override { return m_decoder.feed(bytes); }
    std::vector<StreamEvent> finish() override { return m_decoder.finish(); }

private:
    Decoder m_decoder;
};

enum class Kind { OpenAi, Anthropic, Ollama };

std::unique_ptr<AnyDecoder> makeDecoder(Kind kind)
{
    switch (kind) {
    case Kind::Anthropic:
        return std::make_unique<DecoderOf<AnthropicStreamDecoder>>();
    case Kind::Ollama:
        return std::make_unique<DecoderOf<OllamaStreamDecoder>>();
    case Kind::OpenAi:
        break;
    }
    return std::make_unique<DecoderOf<OpenAiStreamDecoder>>();
}

/// The frames of a recorded body, each with its terminator: SSE events end at a blank line, NDJSON at a newline.
std::vector<std::string> framesOf(const std::string& body, Kind kind)
{
    const std::string separator = kind == Kind::Ollama ? "\n" : "\n\n";
    std::vector<std::string> frames;
    size_t at = 0;
    while (at < body.size()) {
        size_t end = body.find(separator, at);
        end = end == std::string::npos ? body.size() : end + separator.size();
        frames.push_back(body.substr(at, end - at));
        at = end;
    }
    return frames;
}

/// `text` as a JSON string literal, quotes included.
std::string jsonString(const std::string& text)
{
    const QByteArray array
        = QJsonDocument(QJsonArray{QString::fromStdString(text)}).toJson(QJsonDocument::Compact); // ["..."]
    return std::string(array.constData() + 1, size_t(array.size() - 2));
}

/// A replayable body: head frames, middle frames cycled (with placeholder pairs mixed in) until the target size,
/// tail frames. Produced chunk by chunk, so the 100 MB never exist in memory at once.
struct Script
{
    std::vector<std::string> head;
    std::vector<std::string> middle;
    std::vector<std::string> tail;
    std::string placeholderA; ///< a delta frame whose text is "contact [EMAIL_"
    std::string placeholderB; ///< "1] today"
};

class BodySource
{
public:
    BodySource(const Script& script, size_t targetBytes)
        : m_script(script)
        , m_target(targetBytes)
    {
    }

    /// Appends up to `n` bytes to `out`; false when the body is over.
    bool next(size_t n, std::string& out)
    {
        out.clear();
        while (out.size() < n) {
            if (m_current.size() == m_offset) {
                if (!advance()) {
                    break;
                }
            }
            const size_t take = std::min(n - out.size(), m_current.size() - m_offset);
            out.append(m_current, m_offset, take);
            m_offset += take;
        }
        return !out.empty();
    }

    int placeholderPairs() const { return m_pairs; }

private:
    bool advance()
    {
        m_offset = 0;
        if (m_headAt < m_script.head.size()) {
            m_current = m_script.head[m_headAt++];
            return true;
        }
        if (m_produced < m_target && !m_script.middle.empty()) {
            if (m_pendingB) {
                m_current = m_script.placeholderB;
                m_pendingB = false;
            } else if (!m_script.placeholderA.empty() && m_middleCount > 0 && m_middleCount % kPlaceholderEvery == 0
                       && !m_justPaired) {
                m_current = m_script.placeholderA;
                m_pendingB = true;
                m_justPaired = true;
                ++m_pairs;
            } else {
                m_current = m_script.middle[m_middleAt++ % m_script.middle.size()];
                ++m_middleCount;
                m_justPaired = false;
            }
            m_produced += m_current.size();
            return true;
        }
        if (m_pendingB) {
            m_current = m_script.placeholderB;
            m_pendingB = false;
            return true;
        }
        if (m_tailAt < m_script.tail.size()) {
            m_current = m_script.tail[m_tailAt++];
            return true;
        }
        m_current.clear();
        return false;
    }

    const Script& m_script;
    size_t m_target;
    size_t m_produced = 0;
    size_t m_headAt = 0;
    size_t m_middleAt = 0;
    size_t m_tailAt = 0;
    size_t m_middleCount = 0;
    bool m_pendingB = false;
    bool m_justPaired = false;
    int m_pairs = 0;
    std::string m_current;
    size_t m_offset = 0;
};

/// Splits a recorded stream into head, repeatable text-delta frames and tail.
Script scriptFor(const std::string& body, Kind kind)
{
    const std::vector<std::string> frames = framesOf(body, kind);
    auto decoder = makeDecoder(kind);
    std::vector<bool> isDelta(frames.size(), false);
    std::vector<std::string> deltaText(frames.size());
    for (size_t i = 0; i < frames.size(); ++i) {
        const auto events = decoder->feed(frames[i]);
        bool onlyText = !events.empty();
        for (const StreamEvent& event : events) {
            if (const auto* delta = std::get_if<TextDelta>(&event)) {
                deltaText[i] = delta->text;
            } else {
                onlyText = false;
            }
        }
        isDelta[i] = onlyText && events.size() == 1;
    }
    const auto first = std::find(isDelta.begin(), isDelta.end(), true);
    const auto last = std::find(isDelta.rbegin(), isDelta.rend(), true);
    Script script;
    if (first == isDelta.end()) {
        script.head = frames;
        return script;
    }
    const size_t firstAt = size_t(first - isDelta.begin());
    const size_t lastAt = frames.size() - 1 - size_t(last - isDelta.rbegin());
    script.head.assign(frames.begin(), frames.begin() + std::ptrdiff_t(firstAt));
    script.tail.assign(frames.begin() + std::ptrdiff_t(lastAt + 1), frames.end());
    for (size_t i = firstAt; i <= lastAt; ++i) {
        if (!isDelta[i]) {
            continue;
        }
        script.middle.push_back(frames[i]);
        if (script.placeholderA.empty() && !deltaText[i].empty()) {
            const std::string encoded = jsonString(deltaText[i]); // with its quotes
            const size_t at = frames[i].find(encoded);
            if (at != std::string::npos && frames[i].find(encoded, at + 1) == std::string::npos) {
                script.placeholderA = frames[i];
                script.placeholderA.replace(at, encoded.size(), "\"contact [EMAIL_\"");
                script.placeholderB = frames[i];
                script.placeholderB.replace(at, encoded.size(), "\"1] today\"");
            }
        }
    }
    return script;
}

struct Figures
{
    std::string name;
    double megabytes = 0;
    size_t chunks = 0;
    double meanChunkMs = 0;
    double p99ChunkMs = 0;
    double p999ChunkMs = 0;
    double maxChunkMs = 0;
    double mbPerSecond = 0;
    long rssBeforeKiB = 0;
    long rssAfterKiB = 0;
    int placeholders = 0;
    size_t restored = 0;
    size_t textBytes = 0;
    bool ended = false;
};

Figures run(const std::string& name, const Script& script, Kind kind, const Options& options)
{
    InMemoryVault vault;
    (void)vault.placeholderFor("EMAIL", kSecretValue); // [EMAIL_1]
    Figures figures;
    figures.name = name;
    auto decoder = makeDecoder(kind);
    std::map<int, std::unique_ptr<Rehydrator>> rehydrators;
    BodySource source(script, options.targetBytes);
    std::string chunk;
    chunk.reserve(options.chunkBytes);
    std::vector<double> perChunkMs;
    perChunkMs.reserve(options.targetBytes / options.chunkBytes + 16);
    size_t bytes = 0;
    const auto consume = [&](std::vector<StreamEvent> events) {
        for (StreamEvent& event : events) {
            if (auto* delta = std::get_if<TextDelta>(&event)) {
                auto& rehydrator = rehydrators[delta->choice];
                if (!rehydrator) {
                    rehydrator = std::make_unique<Rehydrator>(vault);
                }
                const auto shown = rehydrator->feed(delta->text);
                figures.textBytes += shown.text.size();
                figures.restored += shown.restored.size();
            } else if (std::holds_alternative<StreamDone>(event) || std::holds_alternative<StreamError>(event)) {
                figures.ended = true;
            }
        }
    };

    figures.rssBeforeKiB = peakRssKiB();
    const auto start = Clock::now();
    while (source.next(options.chunkBytes, chunk)) {
        const auto chunkStart = Clock::now();
        consume(decoder->feed(chunk));
        perChunkMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - chunkStart).count());
        bytes += chunk.size();
    }
    consume(decoder->finish());
    for (auto& [choice, rehydrator] : rehydrators) {
        const auto rest = rehydrator->finish();
        figures.textBytes += rest.text.size();
        figures.restored += rest.restored.size();
    }
    const double totalMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    figures.rssAfterKiB = peakRssKiB();

    figures.megabytes = double(bytes) / kMiB;
    figures.chunks = perChunkMs.size();
    figures.placeholders = source.placeholderPairs();
    figures.mbPerSecond = totalMs > 0 ? figures.megabytes / (totalMs / 1000.0) : 0;
    if (!perChunkMs.empty()) {
        double sum = 0;
        for (double ms : perChunkMs) {
            sum += ms;
        }
        figures.meanChunkMs = sum / double(perChunkMs.size());
        std::sort(perChunkMs.begin(), perChunkMs.end());
        figures.p99ChunkMs = perChunkMs[std::min(perChunkMs.size() - 1, size_t(double(perChunkMs.size()) * 0.99))];
        figures.p999ChunkMs = perChunkMs[std::min(perChunkMs.size() - 1, size_t(double(perChunkMs.size()) * 0.999))];
        figures.maxChunkMs = perChunkMs.back();
    }
    return figures;
}

bool parseArguments(int argc, char** argv, Options& options)
{
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        const bool hasValue = i + 1 < argc;
        if (argument == "--size-mb" && hasValue) {
            options.targetBytes = size_t(std::strtoul(argv[++i], nullptr, 10)) * 1024 * 1024;
        } else if (argument == "--chunk" && hasValue) {
            options.chunkBytes = std::max<size_t>(1, std::strtoul(argv[++i], nullptr, 10));
        } else if (argument == "--streams" && hasValue) {
            options.streamsDir = argv[++i];
        } else if (argument == "--json") {
            options.json = true;
        } else {
            std::fprintf(stderr, "usage: veil_stream_bench [--size-mb N] [--chunk BYTES] [--streams DIR] [--json]\n");
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    if (!parseArguments(argc, argv, options)) {
        return 1;
    }
    const QDir dir(QString::fromStdString(options.streamsDir));
    const QStringList names = dir.entryList({QStringLiteral("*.txt")}, QDir::Files, QDir::Name);
    if (names.isEmpty()) {
        std::fprintf(stderr, "veil_stream_bench: no recorded streams in %s\n", options.streamsDir.c_str());
        return 1;
    }
    std::printf("Streaming: parse + map + rehydrate, %.0f MB per stream in %zu-byte chunks\n",
                double(options.targetBytes) / kMiB, options.chunkBytes);
    std::printf("%-40s %6s %7s %8s %8s %8s %8s %7s %9s %9s %s\n", "stream", "MB", "chunks", "mean ms", "p99 ms",
                "p99.9 ms", "max ms", "MB/s", "RSS +KiB", "restored", "");
    bool allMet = true;
    QJsonArray results;
    for (const QString& name : names) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QByteArray bytes = file.readAll();
        const std::string body(bytes.constData(), size_t(bytes.size()));
        Kind kind = Kind::OpenAi;
        if (name.startsWith(QStringLiteral("anthropic_"))) {
            kind = Kind::Anthropic;
        } else if (name.startsWith(QStringLiteral("ollama_"))) {
            kind = Kind::Ollama;
        } else if (!name.startsWith(QStringLiteral("openai_"))) {
            continue;
        }
        const Script script = scriptFor(body, kind);
        if (script.middle.empty()) {
            std::printf("%-42s (no text deltas to repeat; skipped)\n", name.toStdString().c_str());
            continue;
        }
        const Figures f = run(name.toStdString(), script, kind, options);
        const long growth = f.rssAfterKiB - f.rssBeforeKiB;
        // The maximum is reported but not judged: on a shared machine it is the scheduler's, not ours.
        const bool met = f.p999ChunkMs < kChunkTargetMs && f.mbPerSecond >= kThroughputTarget && growth < 4096
            && f.ended && f.placeholders > 0 && f.restored == size_t(f.placeholders);
        allMet = allMet && met;
        std::printf("%-40s %6.1f %7zu %8.4f %8.4f %8.4f %8.3f %7.1f %9ld %9s %s\n", f.name.c_str(), f.megabytes,
                    f.chunks, f.meanChunkMs, f.p99ChunkMs, f.p999ChunkMs, f.maxChunkMs, f.mbPerSecond, growth,
                    (std::to_string(f.restored) + "/" + std::to_string(f.placeholders)).c_str(), met ? "ok" : "MISSED");
        results.append(QJsonObject{{QStringLiteral("stream"), QString::fromStdString(f.name)},
                                   {QStringLiteral("mb"), f.megabytes},
                                   {QStringLiteral("chunks"), double(f.chunks)},
                                   {QStringLiteral("mean_chunk_ms"), f.meanChunkMs},
                                   {QStringLiteral("p99_chunk_ms"), f.p99ChunkMs},
                                   {QStringLiteral("p999_chunk_ms"), f.p999ChunkMs},
                                   {QStringLiteral("max_chunk_ms"), f.maxChunkMs},
                                   {QStringLiteral("mb_per_s"), f.mbPerSecond},
                                   {QStringLiteral("peak_rss_growth_kib"), double(growth)},
                                   {QStringLiteral("placeholders"), f.placeholders},
                                   {QStringLiteral("restored"), double(f.restored)},
                                   {QStringLiteral("met"), met}});
    }
    std::printf("Targets: p99.9 chunk under %.1f ms, >= %.0f MB/s, peak RSS growth under 4 MiB, every split "
                "placeholder restored: %s\n",
                kChunkTargetMs, kThroughputTarget, allMet ? "met" : "MISSED");
    if (options.json) {
        std::printf("%s\n", QJsonDocument(results).toJson(QJsonDocument::Compact).constData());
    }
    return allMet ? 0 : 2;
}
