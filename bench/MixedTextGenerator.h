#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace veil::bench {

/// What a planted value is, for recall figures reported per kind.
enum class PlantedKind { Secret, Pii };

std::string_view toString(PlantedKind kind);

/// One sensitive value the generator put into the text on purpose.
struct PlantedItem
{
    PlantedKind kind = PlantedKind::Secret;
    std::string family; ///< e.g. "aws-access-key-id", "iban"; stable names rule authors can search for
    std::string context; ///< the kind of text it sits in: "prose", "python", "env", "log", ...
    std::string value; ///< exactly the bytes at `offset`
    size_t offset = 0; ///< UTF-8 byte offset of `value` in the text
};

/// Generated text and every value planted in it, in text order.
struct MixedText
{
    std::string text;
    std::vector<PlantedItem> planted;
};

/// Deterministic generator of realistic mixed text for the redaction benchmark.
///
/// The text interleaves English prose, source code (C++, Python, JavaScript, shell), configuration (YAML, JSON,
/// .env) and log lines full of harmless look-alikes (private IPs, UUIDs, git SHAs, versions, hex colours,
/// integrity hashes), and carries about one planted secret or personal value per 2 KiB. Planted values are
/// made up but valid for their format: checksums (Luhn, IBAN mod-97, base58check, bech32, the CRC32 of GitHub
/// and npm tokens) are computed, and nothing looks like a placeholder.
///
/// The same seed always yields the same text, on every platform: the generator uses its own PRNG
/// (xoshiro256**) and no standard library distributions.
class MixedTextGenerator
{
public:
    explicit MixedTextGenerator(uint64_t seed);

    /// About `bytes` bytes of text: the text is cut at a UTF-8 character boundary at or just below `bytes`, and
    /// items cut by the end are dropped from `planted`.
    MixedText generate(size_t bytes);

    /// Every planted family the generator knows, secrets first.
    static std::vector<std::pair<std::string, PlantedKind>> families();

private:
    enum class Style { Prose, Cpp, Python, JavaScript, Yaml, Json, Env, Shell, Log };

    /// A value to plant and what the surrounding text calls it.
    struct Plant
    {
        PlantedKind kind = PlantedKind::Secret;
        std::string family;
        std::string value;
        std::string key; ///< snake_case name of the setting that holds it ("api_key")
        bool fixedKey = false; ///< write `key` verbatim in every style (do not re-case it)
        std::string prose; ///< a sentence with `{}` where the value goes
        std::string wrapBefore; ///< written right before the value in every style ("postgres://app:")
        std::string wrapAfter; ///< written right after it ("@db:5432/orders")
        bool custom = false; ///< `before` and `after` are the whole context; the style formatting is skipped
        std::string before;
        std::string after;
    };

    // Randomness.
    uint64_t next();
    uint64_t below(uint64_t bound);
    uint64_t between(uint64_t low, uint64_t high); ///< inclusive
    bool chance(unsigned percent);
    std::string_view pick(const std::vector<std::string_view>& items);
    std::string randomString(size_t length, std::string_view alphabet);
    std::string randomDigits(size_t length);
    std::string randomBytes(size_t length);
    std::string mixedSecret(size_t length, std::string_view alphabet);

    // Harmless look-alikes for filler text.
    std::string identifier();
    std::string typeName();
    std::string word();
    std::string version();
    std::string uuid();
    std::string gitSha();
    std::string hexColour();
    std::string privateIpv4();
    std::string timestamp();
    std::string sentence();
    std::string integrityHash();

    // Filler chunks; each may plant values between its lines.
    void appendProse(MixedText& out);
    void appendCpp(MixedText& out);
    void appendPython(MixedText& out);
    void appendJavaScript(MixedText& out);
    void appendYaml(MixedText& out);
    void appendJson(MixedText& out);
    void appendEnv(MixedText& out);
    void appendShell(MixedText& out);
    void appendLog(MixedText& out);
    void appendCss(MixedText& out);

    /// Plants one value in `style` when the text has grown past the next planting point.
    void maybePlant(MixedText& out, Style style);
    void plant(MixedText& out, Style style, Plant plant);
    void appendValue(MixedText& out, const Plant& plant, std::string_view before, std::string_view after);
    std::string keyFor(const Plant& plant, Style style);

    // Planted values. Every maker takes the style of the text it goes into.
    using Maker = Plant (MixedTextGenerator::*)(Style);
    Plant makePlant(Style style);
    Plant awsAccessKeyId(Style style);
    Plant awsSecretAccessKey(Style style);
    Plant githubToken(Style style);
    Plant gitlabToken(Style style);
    Plant slackToken(Style style);
    Plant slackWebhook(Style style);
    Plant stripeKey(Style style);
    Plant openAiKey(Style style);
    Plant anthropicKey(Style style);
    Plant googleApiKey(Style style);
    Plant sendGridKey(Style style);
    Plant npmToken(Style style);
    Plant jwt(Style style);
    Plant privateKey(Style style);
    Plant databaseUrl(Style style);
    Plant authorizationHeader(Style style);
    Plant genericSecret(Style style);
    Plant email(Style style);
    Plant phone(Style style);
    Plant paymentCard(Style style);
    Plant iban(Style style);
    Plant usSsn(Style style);
    Plant publicIpv4(Style style);
    Plant publicIpv6(Style style);
    Plant bitcoinAddress(Style style);

    std::string personName();
    std::string domain();

    uint64_t m_state[4] = {};
    size_t m_nextPlantAt = 0;
    uint64_t m_clock = 0; ///< seconds since the log epoch
    std::unordered_set<std::string> m_usedValues;
};

} // namespace veil::bench
