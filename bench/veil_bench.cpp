// veil_bench: times the redaction engine with the built-in catalogue and measures its recall on planted values.
// See bench/README.md for what each figure means and the targets.

#include "MixedTextGenerator.h"

#include "redaction/BuiltinRules.h"
#include "redaction/PlaceholderVault.h"
#include "redaction/RedactionEngine.h"
#include "redaction/RuleCatalogue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using veil::bench::MixedText;
using veil::bench::MixedTextGenerator;
using veil::bench::PlantedItem;
using veil::bench::PlantedKind;
using namespace veil::redaction;

namespace {

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kPromptTargetMs = 0.2;
constexpr double kThroughputTarget = 150.0;
constexpr double kFileThroughputFloor = 500.0;
constexpr double kRecallTarget = 99.0;

struct Options
{
    uint64_t seed = 1;
    size_t corpusBytes = 10 * 1024 * 1024;
    size_t promptBytes = 8 * 1024;
    int promptRuns = 3000;
    int corpusRuns = 5;
    int fileRuns = 5;
    size_t missedToList = 20;
    bool perFile = true;
    bool json = false;
    std::string corpusPath;
};

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<size_t>(p / 100.0 * static_cast<double>(values.size() - 1) + 0.5);
    return values[std::min(rank, values.size() - 1)];
}

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

const char* verdict(bool pass)
{
    return pass ? "PASS" : "FAIL";
}

/// The 1-minute load average, or -1 where /proc/loadavg does not exist.
double loadAverage()
{
    double load = -1;
    if (std::FILE* file = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(file, "%lf", &load) != 1) {
            load = -1;
        }
        std::fclose(file);
    }
    return load;
}

void usage()
{
    std::puts("usage: veil_bench [--seed N] [--write-corpus PATH] [--json] [--size-mb N] [--prompt-runs N]\n"
              "                  [--missed N] [--no-per-file]\n"
              "\n"
              "  --seed N            seed of the generated text (default 1); the same seed gives the same text\n"
              "  --write-corpus PATH write the corpus to PATH and its planted items (with byte and UTF-16\n"
              "                      offsets) to PATH.planted.json, for comparison with other tools\n"
              "  --json              also print every figure as one JSON object, on the last line\n"
              "  --size-mb N         corpus size in MiB (default 10)\n"
              "  --prompt-runs N     timed redactions of the 8 KiB prompt (default 3000, at least 2000 for p99)\n"
              "  --missed N          list up to N missed items (default 20)\n"
              "  --no-per-file       skip the per rule file throughput\n"
              "\n"
              "VEIL_RULES_DIR=DIR loads the catalogue from DIR instead of the built-in copy.");
}

bool parseOptions(int argc, char** argv, Options& options)
{
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "veil_bench: %s needs a value\n", arg.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--seed") {
            options.seed = std::strtoull(value(), nullptr, 10);
        } else if (arg == "--write-corpus") {
            options.corpusPath = value();
        } else if (arg == "--json") {
            options.json = true;
        } else if (arg == "--size-mb") {
            options.corpusBytes = static_cast<size_t>(std::strtod(value(), nullptr) * kMiB);
        } else if (arg == "--prompt-runs") {
            options.promptRuns = std::max(1, std::atoi(value()));
        } else if (arg == "--missed") {
            options.missedToList = std::strtoull(value(), nullptr, 10);
        } else if (arg == "--no-per-file") {
            options.perFile = false;
        } else if (arg == "--help" || arg == "-h") {
            usage();
            std::exit(0);
        } else {
            std::fprintf(stderr, "veil_bench: unknown option %s\n", arg.c_str());
            usage();
            return false;
        }
    }
    if (options.corpusBytes < 64 * 1024) {
        std::fputs("veil_bench: the corpus must be at least 64 KiB\n", stderr);
        return false;
    }
    return true;
}

bool writeCorpus(const Options& options, const MixedText& corpus)
{
    std::ofstream text(options.corpusPath, std::ios::binary | std::ios::trunc);
    text.write(corpus.text.data(), static_cast<std::streamsize>(corpus.text.size()));
    if (!text.good()) {
        std::fprintf(stderr, "veil_bench: cannot write %s\n", options.corpusPath.c_str());
        return false;
    }
    // UTF-16 offsets too: JavaScript tools (secretlint) report ranges in UTF-16 code units.
    QJsonArray items;
    size_t byte = 0;
    size_t utf16 = 0;
    const auto advanceTo = [&](size_t target) {
        for (; byte < target; ++byte) {
            const auto c = static_cast<uint8_t>(corpus.text[byte]);
            if ((c & 0xc0) != 0x80) {
                utf16 += c >= 0xf0 ? 2 : 1;
            }
        }
    };
    for (const PlantedItem& item : corpus.planted) {
        advanceTo(item.offset);
        const size_t utf16Start = utf16;
        advanceTo(item.offset + item.value.size());
        QJsonObject entry;
        entry[QStringLiteral("offset")] = static_cast<qint64>(item.offset);
        entry[QStringLiteral("length")] = static_cast<qint64>(item.value.size());
        entry[QStringLiteral("utf16Offset")] = static_cast<qint64>(utf16Start);
        entry[QStringLiteral("utf16Length")] = static_cast<qint64>(utf16 - utf16Start);
        entry[QStringLiteral("kind")] = q(std::string(toString(item.kind)));
        entry[QStringLiteral("family")] = q(item.family);
        entry[QStringLiteral("context")] = q(item.context);
        entry[QStringLiteral("value")] = q(item.value);
        items.append(entry);
    }
    QJsonObject root;
    root[QStringLiteral("seed")] = static_cast<qint64>(options.seed);
    root[QStringLiteral("bytes")] = static_cast<qint64>(corpus.text.size());
    root[QStringLiteral("items")] = items;
    const QByteArray json = QJsonDocument(root).toJson(QJsonDocument::Indented);
    const std::string sidecarPath = options.corpusPath + ".planted.json";
    std::ofstream sidecar(sidecarPath, std::ios::binary | std::ios::trunc);
    sidecar.write(json.constData(), json.size());
    if (!sidecar.good()) {
        std::fprintf(stderr, "veil_bench: cannot write %s\n", sidecarPath.c_str());
        return false;
    }
    std::printf("wrote %s (%zu bytes) and %s (%zu planted items)\n", options.corpusPath.c_str(), corpus.text.size(),
                sidecarPath.c_str(), corpus.planted.size());
    return true;
}

/// Times `runs` redactions of `text`; returns the times in ms and keeps the last result.
std::vector<double> timeRedactions(const RedactionEngine& engine, std::string_view text, int runs, Redaction* last)
{
    std::vector<double> times;
    times.reserve(static_cast<size_t>(runs));
    for (int i = 0; i < runs; ++i) {
        InMemoryVault vault;
        const auto start = Clock::now();
        Redaction redaction = engine.redact(text, vault);
        times.push_back(millisecondsSince(start));
        if (last != nullptr && i + 1 == runs) {
            *last = std::move(redaction);
        }
    }
    return times;
}

struct Recall
{
    size_t planted = 0;
    size_t found = 0;
    size_t partial = 0; ///< found, but some bytes of the value were left in the text
    double percent() const { return planted == 0 ? 100.0 : 100.0 * static_cast<double>(found) / planted; }
};

struct RecallReport
{
    Recall secrets;
    Recall pii;
    std::map<std::string, std::pair<size_t, size_t>> byFamily; ///< family -> (found, planted)
    std::vector<const PlantedItem*> missed;
    size_t findings = 0;
    size_t findingsOffPlanted = 0;
    std::map<std::string, size_t> offPlantedByRule;
};

/// A planted value no longer appears in the redacted text when a finding overlaps it (planted values are unique,
/// so it cannot appear anywhere else). Findings are sorted and do not overlap.
RecallReport measureRecall(const MixedText& corpus, const Redaction& redaction)
{
    RecallReport report;
    const auto& findings = redaction.findings;
    report.findings = findings.size();
    std::vector<bool> onPlanted(findings.size(), false);
    size_t first = 0;
    for (const PlantedItem& item : corpus.planted) {
        const size_t start = item.offset;
        const size_t end = item.offset + item.value.size();
        while (first < findings.size() && findings[first].finding.end <= start) {
            ++first;
        }
        size_t covered = 0;
        for (size_t i = first; i < findings.size() && findings[i].finding.start < end; ++i) {
            const size_t from = std::max<size_t>(start, findings[i].finding.start);
            const size_t to = std::min<size_t>(end, findings[i].finding.end);
            covered += to > from ? to - from : 0;
            onPlanted[i] = true;
        }
        Recall& recall = item.kind == PlantedKind::Secret ? report.secrets : report.pii;
        auto& family = report.byFamily[item.family];
        ++recall.planted;
        ++family.second;
        if (covered > 0) {
            ++recall.found;
            ++family.first;
            if (covered < item.value.size()) {
                ++recall.partial;
            }
        } else {
            report.missed.push_back(&item);
        }
    }
    for (size_t i = 0; i < findings.size(); ++i) {
        if (!onPlanted[i]) {
            ++report.findingsOffPlanted;
            ++report.offPlantedByRule[findings[i].finding.rule->id];
        }
    }
    return report;
}

struct FileFigure
{
    QString name;
    size_t rules = 0;
    double mbPerSecond = 0;
    size_t findings = 0;
    QString error;
};

/// Each source's rules alone; the first figure is an engine without rules, the fixed cost of every scan
/// (normalization, the keyword pass, copying the text).
std::vector<FileFigure> measureFiles(QList<RuleSource> sources, std::string_view text, int runs)
{
    sources.prepend({QStringLiteral("(no rules: engine baseline)"), QByteArrayLiteral("{\"rules\": []}")});
    std::vector<FileFigure> figures;
    for (const RuleSource& source : sources) {
        FileFigure figure;
        figure.name = source.name;
        auto catalogue = RuleCatalogue::load({source});
        if (!catalogue) {
            figure.error = catalogue.error().message;
            figures.push_back(figure);
            continue;
        }
        figure.rules = catalogue.value()->rules().size();
        auto engine = RedactionEngine::create(catalogue.value());
        if (!engine) {
            figure.error = engine.error().message;
            figures.push_back(figure);
            continue;
        }
        Redaction last;
        std::vector<double> times = timeRedactions(*engine.value(), text, 1, &last);
        if (times.front() < 2000.0) { // a very slow file is timed once: it is slow either way
            const std::vector<double> more = timeRedactions(*engine.value(), text, runs - 1, nullptr);
            times.insert(times.end(), more.begin(), more.end());
        }
        // The best run: files are compared with each other, and the fastest run is the one least disturbed by
        // other work on the machine.
        figure.mbPerSecond
            = static_cast<double>(text.size()) / kMiB / (*std::min_element(times.begin(), times.end()) / 1000.0);
        figure.findings = last.findings.size();
        figures.push_back(figure);
    }
    return figures;
}

void printRecall(const char* label, const Recall& recall)
{
    std::printf("recall %-8s found %zu of %zu planted (%.2f%%)%*s target >= %.0f%%  %s\n", label, recall.found,
                recall.planted, recall.percent(), 10, "", kRecallTarget, verdict(recall.percent() >= kRecallTarget));
    if (recall.partial > 0) {
        std::printf("                %zu of them only partly replaced (some bytes of the value stay in the text)\n",
                    recall.partial);
    }
}

QJsonObject recallJson(const Recall& recall)
{
    QJsonObject object;
    object[QStringLiteral("planted")] = static_cast<qint64>(recall.planted);
    object[QStringLiteral("found")] = static_cast<qint64>(recall.found);
    object[QStringLiteral("partial")] = static_cast<qint64>(recall.partial);
    object[QStringLiteral("percent")] = recall.percent();
    return object;
}

} // namespace

int main(int argc, char** argv)
{
    Options options;
    if (!parseOptions(argc, argv, options)) {
        return 2;
    }

    auto sources = BuiltinRules::sources();
    auto catalogue = BuiltinRules::load();
    if (!sources || !catalogue) {
        std::fprintf(stderr, "veil_bench: the catalogue does not load: %s\n",
                     (sources ? catalogue.error() : sources.error()).message.toStdString().c_str());
        return 1;
    }
    const size_t ruleCount = catalogue.value()->rules().size();
    auto created = RedactionEngine::create(catalogue.value());
    if (!created) {
        std::fprintf(stderr, "veil_bench: the engine cannot be built: %s\n",
                     created.error().message.toStdString().c_str());
        return 1;
    }
    const RedactionEngine& engine = *created.value();

    const auto generateStart = Clock::now();
    const MixedText corpus = MixedTextGenerator(options.seed).generate(options.corpusBytes);
    const MixedText prompt = MixedTextGenerator(options.seed ^ 0x5eed5eed5eedULL).generate(options.promptBytes);
    const double generateMs = millisecondsSince(generateStart);
    size_t plantedSecrets = 0;
    for (const PlantedItem& item : corpus.planted) {
        plantedSecrets += item.kind == PlantedKind::Secret ? 1 : 0;
    }
    std::printf("Veil redaction benchmark: seed %llu, %lld rule files, %zu rules%s\n",
                static_cast<unsigned long long>(options.seed), static_cast<long long>(sources.value().size()),
                ruleCount, qEnvironmentVariableIsSet("VEIL_RULES_DIR") ? " (from VEIL_RULES_DIR)" : "");
    const double load = loadAverage();
    if (load >= 0) {
        std::printf("load average %.2f (timings are wall clock on one thread; other work on the machine slows them)\n",
                    load);
    }
    std::printf("corpus: %.2f MiB of mixed text, %zu planted items (%zu secrets, %zu pii), generated in %.0f ms\n\n",
                static_cast<double>(corpus.text.size()) / kMiB, corpus.planted.size(), plantedSecrets,
                corpus.planted.size() - plantedSecrets, generateMs);
    if (!options.corpusPath.empty() && !writeCorpus(options, corpus)) {
        return 1;
    }

    // 1. An 8 KiB prompt, the size of a long chat message with pasted code.
    timeRedactions(engine, prompt.text, 100, nullptr); // warm up caches and the DFA
    const std::vector<double> promptTimes = timeRedactions(engine, prompt.text, options.promptRuns, nullptr);
    const double promptMedian = median(promptTimes);
    const double promptP99 = percentile(promptTimes, 99.0);
    std::printf("8 KiB prompt     median %.4f ms, p99 %.4f ms (%d runs)%*s target p99 < %.1f ms  %s\n", promptMedian,
                promptP99, options.promptRuns, 4, "", kPromptTargetMs, verdict(promptP99 < kPromptTargetMs));

    // 2. The corpus: throughput.
    Redaction redaction;
    const std::vector<double> corpusTimes = timeRedactions(engine, corpus.text, options.corpusRuns, &redaction);
    const double corpusMedianMs = median(corpusTimes);
    const double throughput = static_cast<double>(corpus.text.size()) / kMiB / (corpusMedianMs / 1000.0);
    std::printf("%.0f MiB corpus    %.1f MB/s (median of %d runs: %.1f ms)%*s target >= %.0f MB/s   %s\n",
                static_cast<double>(corpus.text.size()) / kMiB, throughput, options.corpusRuns, corpusMedianMs, 5, "",
                kThroughputTarget, verdict(throughput >= kThroughputTarget));
    if (redaction.capacityExceeded) {
        std::puts("                 WARNING: the engine ran out of matching memory and blocked the corpus");
    }

    // 3. Recall on the planted values.
    const RecallReport recall = measureRecall(corpus, redaction);
    printRecall("secrets", recall.secrets);
    printRecall("pii", recall.pii);
    std::printf("findings         %zu in all: %zu on planted values, %zu elsewhere\n", recall.findings,
                recall.findings - recall.findingsOffPlanted, recall.findingsOffPlanted);
    if (recall.findingsOffPlanted > 0) {
        std::vector<std::pair<std::string, size_t>> rules(recall.offPlantedByRule.begin(),
                                                          recall.offPlantedByRule.end());
        std::sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        std::printf("                 elsewhere, by rule:");
        for (size_t i = 0; i < rules.size() && i < 8; ++i) {
            std::printf(" %s %zu%s", rules[i].first.c_str(), rules[i].second, i + 1 < rules.size() ? "," : "");
        }
        std::printf("%s\n", rules.size() > 8 ? " ..." : "");
    }
    if (!recall.missed.empty()) {
        std::puts("\nmissed, by family (found/planted):");
        for (const auto& [family, counts] : recall.byFamily) {
            if (counts.first < counts.second) {
                std::printf("  %-26s %zu/%zu (%.1f%%)\n", family.c_str(), counts.first, counts.second,
                            100.0 * static_cast<double>(counts.first) / static_cast<double>(counts.second));
            }
        }
        std::printf("first %zu missed items (family, context, byte offset in the corpus):\n",
                    std::min(options.missedToList, recall.missed.size()));
        for (size_t i = 0; i < recall.missed.size() && i < options.missedToList; ++i) {
            const PlantedItem& item = *recall.missed[i];
            std::printf("  %-26s %-11s @%zu\n", item.family.c_str(), item.context.c_str(), item.offset);
        }
    }

    // 4. Each rule file alone over the same corpus.
    std::vector<FileFigure> files;
    if (options.perFile) {
        std::printf("\nper rule file, each file's rules alone over the corpus (best of %d runs):\n", options.fileRuns);
        files = measureFiles(sources.value(), corpus.text, options.fileRuns);
        for (const FileFigure& file : files) {
            if (!file.error.isEmpty()) {
                std::printf("  %-28s does not load alone: %s\n", file.name.toStdString().c_str(),
                            file.error.toStdString().c_str());
                continue;
            }
            const double msPerMiB = 1000.0 / file.mbPerSecond;
            const double baselineMsPerMiB = 1000.0 / files.front().mbPerSecond;
            std::printf("  %-28s %4zu rules %8.1f MB/s  %+6.2f ms/MiB over baseline %7zu findings%s\n",
                        file.name.toStdString().c_str(), file.rules, file.mbPerSecond, msPerMiB - baselineMsPerMiB,
                        file.findings,
                        file.mbPerSecond < kFileThroughputFloor && file.rules > 0 ? "  SLOW (< 500 MB/s)" : "");
        }
    }

    if (options.json) {
        QJsonObject root;
        root[QStringLiteral("seed")] = static_cast<qint64>(options.seed);
        root[QStringLiteral("rules")] = static_cast<qint64>(ruleCount);
        root[QStringLiteral("corpusBytes")] = static_cast<qint64>(corpus.text.size());
        root[QStringLiteral("loadAverage")] = load;
        QJsonObject promptJson;
        promptJson[QStringLiteral("bytes")] = static_cast<qint64>(prompt.text.size());
        promptJson[QStringLiteral("runs")] = options.promptRuns;
        promptJson[QStringLiteral("medianMs")] = promptMedian;
        promptJson[QStringLiteral("p99Ms")] = promptP99;
        promptJson[QStringLiteral("targetMs")] = kPromptTargetMs;
        root[QStringLiteral("prompt")] = promptJson;
        QJsonObject throughputJson;
        throughputJson[QStringLiteral("runs")] = options.corpusRuns;
        throughputJson[QStringLiteral("medianMs")] = corpusMedianMs;
        throughputJson[QStringLiteral("mbPerSecond")] = throughput;
        throughputJson[QStringLiteral("target")] = kThroughputTarget;
        throughputJson[QStringLiteral("capacityExceeded")] = redaction.capacityExceeded;
        root[QStringLiteral("throughput")] = throughputJson;
        QJsonObject recallObject;
        recallObject[QStringLiteral("secrets")] = recallJson(recall.secrets);
        recallObject[QStringLiteral("pii")] = recallJson(recall.pii);
        recallObject[QStringLiteral("findings")] = static_cast<qint64>(recall.findings);
        recallObject[QStringLiteral("findingsElsewhere")] = static_cast<qint64>(recall.findingsOffPlanted);
        QJsonObject families;
        for (const auto& [family, counts] : recall.byFamily) {
            families[q(family)] = QJsonArray{static_cast<qint64>(counts.first), static_cast<qint64>(counts.second)};
        }
        recallObject[QStringLiteral("byFamily")] = families;
        root[QStringLiteral("recall")] = recallObject;
        QJsonArray fileArray;
        for (const FileFigure& file : files) {
            QJsonObject entry;
            entry[QStringLiteral("file")] = file.name;
            if (!file.error.isEmpty()) {
                entry[QStringLiteral("error")] = file.error;
            } else {
                entry[QStringLiteral("rules")] = static_cast<qint64>(file.rules);
                entry[QStringLiteral("mbPerSecond")] = file.mbPerSecond;
                entry[QStringLiteral("findings")] = static_cast<qint64>(file.findings);
                entry[QStringLiteral("slow")] = file.mbPerSecond < kFileThroughputFloor;
            }
            fileArray.append(entry);
        }
        root[QStringLiteral("files")] = fileArray;
        std::printf("\n%s\n", QJsonDocument(root).toJson(QJsonDocument::Compact).constData());
    }
    return 0;
}
