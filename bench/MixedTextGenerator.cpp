#include "MixedTextGenerator.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace veil::bench {
namespace {

constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kBase64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kBase58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::string_view kBech32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr std::string_view kPasswordChars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!%*+-.:=?@^_~";
constexpr std::string_view kUrlPasswordChars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789-._~";

uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

std::string base64(std::string_view bytes, std::string_view alphabet, bool pad)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const uint32_t n = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16
            | static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8 | static_cast<uint8_t>(bytes[i + 2]);
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        out += alphabet[(n >> 6) & 63];
        out += alphabet[n & 63];
    }
    const size_t rest = bytes.size() - i;
    if (rest > 0) {
        uint32_t n = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16;
        if (rest == 2) {
            n |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8;
        }
        out += alphabet[(n >> 18) & 63];
        out += alphabet[(n >> 12) & 63];
        if (rest == 2) {
            out += alphabet[(n >> 6) & 63];
        }
        if (pad) {
            out.append(rest == 1 ? 2 : 1, '=');
        }
    }
    return out;
}

std::string sha256d(std::string_view bytes)
{
    unsigned char first[crypto_hash_sha256_BYTES];
    unsigned char second[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(first, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    crypto_hash_sha256(second, first, sizeof first);
    return std::string(reinterpret_cast<const char*>(second), sizeof second);
}

std::string base58(std::string_view bytes)
{
    std::vector<uint8_t> digits; // base 58, least significant first
    for (char c : bytes) {
        uint32_t carry = static_cast<uint8_t>(c);
        for (uint8_t& digit : digits) {
            carry += static_cast<uint32_t>(digit) << 8;
            digit = static_cast<uint8_t>(carry % 58);
            carry /= 58;
        }
        while (carry > 0) {
            digits.push_back(static_cast<uint8_t>(carry % 58));
            carry /= 58;
        }
    }
    std::string out;
    for (size_t i = 0; i < bytes.size() && bytes[i] == '\0'; ++i) {
        out += '1';
    }
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        out += kBase58[*it];
    }
    return out;
}

uint32_t bech32Polymod(const std::vector<uint8_t>& values)
{
    constexpr std::array<uint32_t, 5> generator = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    uint32_t checksum = 1;
    for (uint8_t value : values) {
        const uint32_t top = checksum >> 25;
        checksum = ((checksum & 0x1ffffff) << 5) ^ value;
        for (size_t i = 0; i < 5; ++i) {
            if ((top >> i) & 1) {
                checksum ^= generator[i];
            }
        }
    }
    return checksum;
}

/// A segwit address: bech32 for witness version 0, bech32m (BIP 350) for version 1 and up.
std::string segwitAddress(uint8_t witnessVersion, std::string_view program)
{
    std::vector<uint8_t> data{witnessVersion};
    uint32_t accumulator = 0;
    int bits = 0;
    for (char c : program) {
        accumulator = (accumulator << 8) | static_cast<uint8_t>(c);
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            data.push_back(static_cast<uint8_t>((accumulator >> bits) & 31));
        }
    }
    if (bits > 0) {
        data.push_back(static_cast<uint8_t>((accumulator << (5 - bits)) & 31));
    }
    const std::string hrp = "bc";
    std::vector<uint8_t> values;
    for (char c : hrp) {
        values.push_back(static_cast<uint8_t>(static_cast<uint8_t>(c) >> 5));
    }
    values.push_back(0);
    for (char c : hrp) {
        values.push_back(static_cast<uint8_t>(static_cast<uint8_t>(c) & 31));
    }
    values.insert(values.end(), data.begin(), data.end());
    values.insert(values.end(), 6, 0);
    const uint32_t constant = witnessVersion == 0 ? 1 : 0x2bc830a3;
    const uint32_t polymod = bech32Polymod(values) ^ constant;
    std::string out = hrp + "1";
    for (uint8_t d : data) {
        out += kBech32[d];
    }
    for (int i = 0; i < 6; ++i) {
        out += kBech32[(polymod >> (5 * (5 - i))) & 31];
    }
    return out;
}

uint32_t crc32(std::string_view bytes)
{
    uint32_t crc = 0xffffffff;
    for (char c : bytes) {
        crc ^= static_cast<uint8_t>(c);
        for (int i = 0; i < 8; ++i) {
            crc = (crc >> 1) ^ (0xedb88320 & (0 - (crc & 1)));
        }
    }
    return ~crc;
}

/// The 6-character base62 CRC32 that ends GitHub (ghp_) and npm (npm_) tokens.
std::string base62Checksum(std::string_view payload)
{
    uint32_t n = crc32(payload);
    std::string out(6, '0');
    for (int i = 5; i >= 0 && n > 0; --i) {
        out[static_cast<size_t>(i)] = kBase62[n % 62];
        n /= 62;
    }
    return out;
}

char luhnDigit(std::string_view digitsWithoutCheck)
{
    int sum = 0;
    bool doubleIt = true; // the rightmost payload digit is doubled once the check digit is appended
    for (auto it = digitsWithoutCheck.rbegin(); it != digitsWithoutCheck.rend(); ++it) {
        int d = *it - '0';
        if (doubleIt) {
            d *= 2;
            if (d > 9) {
                d -= 9;
            }
        }
        sum += d;
        doubleIt = !doubleIt;
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

int mod97(std::string_view alphanumeric)
{
    int remainder = 0;
    for (char c : alphanumeric) {
        if (c >= '0' && c <= '9') {
            remainder = (remainder * 10 + (c - '0')) % 97;
        } else {
            const int value = c - 'A' + 10;
            remainder = (remainder * 100 + value) % 97;
        }
    }
    return remainder;
}

std::string groupsOf(std::string_view text, size_t size, char separator)
{
    std::string out;
    for (size_t i = 0; i < text.size(); i += size) {
        if (i > 0) {
            out += separator;
        }
        out.append(text.substr(i, size));
    }
    return out;
}

std::string wrapLines(std::string_view text, size_t width, std::string_view newline)
{
    std::string out;
    for (size_t i = 0; i < text.size(); i += width) {
        if (i > 0) {
            out.append(newline);
        }
        out.append(text.substr(i, width));
    }
    return out;
}

std::string upper(std::string_view text)
{
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

/// snake_case to camelCase, or PascalCase when `capitalizeFirst`.
std::string camel(std::string_view snake, bool capitalizeFirst)
{
    std::string out;
    bool capitalize = capitalizeFirst;
    for (char c : snake) {
        if (c == '_') {
            capitalize = true;
            continue;
        }
        out += capitalize && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        capitalize = false;
    }
    return out;
}

void appendUint32(std::string& out, uint32_t n)
{
    out += static_cast<char>((n >> 24) & 0xff);
    out += static_cast<char>((n >> 16) & 0xff);
    out += static_cast<char>((n >> 8) & 0xff);
    out += static_cast<char>(n & 0xff);
}

void appendSshString(std::string& out, std::string_view bytes)
{
    appendUint32(out, static_cast<uint32_t>(bytes.size()));
    out.append(bytes);
}

const std::vector<std::string_view> kFirstNames = {
    "Olivia", "Liam",  "Emma",   "Noah",  "Ava",    "Lucas",  "Mia",   "Ethan",  "Sofia", "Mateo",  "Hannah", "Jonas",
    "Priya",  "Arjun", "Mei",    "Kenji", "Fatima", "Omar",   "Chloe", "Julien", "Lena",  "Felix",  "Aisha",  "Tomasz",
    "Ingrid", "Lars",  "Camila", "Diego", "Grace",  "Samuel", "Nora",  "Viktor", "Elif",  "Mehmet", "Zara",   "Ryan"};
const std::vector<std::string_view> kLastNames = {
    "Smith",     "Johnson", "Garcia", "Miller",   "Davis",     "Martinez", "Wilson",  "Anderson", "Taylor", "Moore",
    "Schneider", "Fischer", "Weber",  "Wagner",   "Becker",    "Dubois",   "Laurent", "Moreau",   "Rossi",  "Bianchi",
    "Kowalski",  "Nowak",   "Jansen", "de Vries", "Nakamura",  "Tanaka",   "Chen",    "Wang",     "Patel",  "Sharma",
    "Okafor",    "Mensah",  "Haddad", "Novak",    "Lindqvist", "Hansen",   "O'Brien", "MacLeod",  "Costa",  "Silva"};
const std::vector<std::string_view> kNouns
    = {"order",   "invoice", "session", "cache",   "buffer",   "request",  "response",    "user",     "account",
       "tenant",  "payload", "record",  "batch",   "queue",    "worker",   "schedule",    "report",   "metric",
       "counter", "index",   "segment", "shard",   "replica",  "snapshot", "manifest",    "artifact", "build",
       "release", "feature", "config",  "profile", "message",  "channel",  "thread",      "event",    "stream",
       "cursor",  "window",  "layout",  "widget",  "document", "chunk",    "token_count", "keyboard", "timeout",
       "retry",   "budget",  "quota",   "region",  "cluster"};
const std::vector<std::string_view> kVerbs = {
    "load",   "parse",  "build",    "render", "fetch",   "update",   "compute", "resolve",   "merge",     "flush",
    "encode", "decode", "validate", "apply",  "collect", "schedule", "publish", "subscribe", "normalize", "serialize"};
const std::vector<std::string_view> kServices
    = {"billing",   "checkout", "search",  "gateway",   "auth",   "notifications", "inventory", "reporting", "ingest",
       "scheduler", "payments", "catalog", "analytics", "mailer", "exporter",      "indexer",   "frontend",  "ledger"};
const std::vector<std::string_view> kWeekdays = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
const std::vector<std::string_view> kDomainWords = {
    "northwind", "bluefin", "brightpath", "helixa",    "quarry",  "lumen",    "tidewater",  "copperleaf", "stonebridge",
    "meridian",  "kestrel", "orchard",    "fjordline", "vantage", "ironbark", "silverline", "pinecrest",  "larkspur"};
const std::vector<std::string_view> kMailProviders
    = {"gmail.com", "outlook.com", "yahoo.co.uk", "gmx.de", "web.de", "proton.me", "icloud.com", "hotmail.fr"};
const std::vector<std::string_view> kTlds = {".com", ".io", ".de", ".co.uk", ".net", ".fr", ".nl", ".dev"};

const std::vector<std::string_view> kSentences = {
    "The {service} service started timing out after the {version} rollout, mostly on requests larger than {n} KB.",
    "Can you check why the nightly {service} job took {n} minutes on {day}? It usually finishes in under ten.",
    "I refactored the {noun} handling so that we only {verb} once per request instead of on every retry.",
    "{person} suggested we move the {noun} cache behind the gateway; I think that is fine for now.",
    "After bumping the client to {version}, the integration tests pass locally but fail in CI with a flaky "
    "timeout.",
    "We agreed to keep the {noun} schema backwards compatible until the {service} team migrates.",
    "The dashboard shows p95 latency around {n} ms, which is within budget but trending up since {day}.",
    "Please review the pull request when you have a minute; it mostly renames the {noun} helpers.",
    "Our runbook says to drain the node first, then restart the {service} pods one at a time.",
    "The root cause was a missing index on the {noun} table, which made every lookup a full scan.",
    "I could not reproduce the crash on {version}, so it is probably related to the old {noun} format.",
    "Let's schedule the migration for {day} morning, before traffic picks up.",
    "The design doc from {person} covers the {noun} lifecycle, but it does not mention eviction yet.",
    "Memory usage stays flat at about {n} MB even with the larger {noun} batches, which is good news.",
    "We should log the {noun} identifier but never the request body, per the data handling guideline.",
    "I added a retry with exponential backoff; the {service} API returns 503 a few times a day.",
    "The feature flag for the new {noun} view is enabled for internal users only.",
    "Could you explain why {verb}() is called twice here? I expected the result to be memoized.",
    "The benchmark dropped from {n} to {n2} requests per second after the serializer change.",
    "Customer support reported that exports with more than {n} rows are truncated.",
    "I wrote a small script to {verb} the {noun} files; it lives in tools/ until we find a better home.",
    "The staging cluster is running {version}; production is still one minor version behind.",
    "Rotating the certificates went smoothly, except for the {service} sidecar, which needed a restart.",
    "Summarise the following incident notes for the weekly review, keep it under {n} words.",
    "Write unit tests for the {noun} parser, including empty input and very long lines.",
    "Translate the error messages of the {service} service into German and French.",
    "Why does this query return duplicates when the {noun} has more than one tag?",
    "The team in Zürich prefers the naïve approach first, then we optimise — that worked well last quarter.",
    "{person} is out on {day}, so {person2} will handle the {service} on-call rotation.",
    "Here is the stack trace from the failing build; the interesting part is near the bottom.",
    "It would help to have a diagram of how the {noun} flows between the {service} and the queue.",
    "Our SLO for the {service} endpoint is 99.9% over 30 days; we are at 99.95% this month.",
    "The café wifi kept dropping, so the deploy from my laptop timed out twice → I used the bastion instead.",
    "Refactor this function to avoid the nested loops; the {noun} list can have {n} entries.",
    "I suspect the cache key does not include the locale, so users see each other's {noun} previews.",
    "Grüße from the Berlin office — the {service} demo went well and the client wants a pilot.",
};

const std::vector<std::string_view> kLogComponents = {
    "http", "worker-1", "worker-2", "worker-3", "db", "cache", "scheduler", "auth", "deploy", "grpc", "metrics", "ui"};
const std::vector<std::string_view> kHttpPaths = {"/api/v2/orders", "/api/v1/users",    "/healthz", "/api/v2/search",
                                                  "/static/app.js", "/api/v1/invoices", "/metrics", "/login"};

} // namespace

std::string_view toString(PlantedKind kind)
{
    return kind == PlantedKind::Secret ? "secret" : "pii";
}

MixedTextGenerator::MixedTextGenerator(uint64_t seed)
{
    if (sodium_init() < 0) {
        std::fputs("libsodium failed to initialise\n", stderr);
    }
    uint64_t x = seed;
    for (uint64_t& word : m_state) { // splitmix64
        x += 0x9e3779b97f4a7c15ULL;
        uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        word = z ^ (z >> 31);
    }
    m_clock = below(180) * 86400 + below(86400);
}

std::vector<std::pair<std::string, PlantedKind>> MixedTextGenerator::families()
{
    const auto s = PlantedKind::Secret;
    const auto p = PlantedKind::Pii;
    return {{"aws-access-key-id", s},
            {"aws-secret-access-key", s},
            {"github-pat", s},
            {"github-fine-grained-pat", s},
            {"gitlab-pat", s},
            {"slack-bot-token", s},
            {"slack-user-token", s},
            {"slack-webhook-url", s},
            {"stripe-secret-key", s},
            {"openai-api-key", s},
            {"anthropic-api-key", s},
            {"google-api-key", s},
            {"sendgrid-api-key", s},
            {"npm-token", s},
            {"jwt", s},
            {"private-key-rsa", s},
            {"private-key-ec", s},
            {"private-key-openssh", s},
            {"postgres-url-password", s},
            {"mysql-url-password", s},
            {"mongodb-url-password", s},
            {"authorization-bearer", s},
            {"authorization-basic", s},
            {"generic-password", s},
            {"generic-api-key", s},
            {"email", p},
            {"phone-e164", p},
            {"phone-us", p},
            {"phone-uk", p},
            {"phone-de", p},
            {"payment-card", p},
            {"iban", p},
            {"us-ssn", p},
            {"ipv4-public", p},
            {"ipv6-public", p},
            {"bitcoin-base58", p},
            {"bitcoin-bech32", p}};
}

// --- randomness -------------------------------------------------------------------------------------------------

uint64_t MixedTextGenerator::next()
{
    // xoshiro256**
    const uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

uint64_t MixedTextGenerator::below(uint64_t bound)
{
    return bound == 0 ? 0 : next() % bound; // the modulo bias is far below anything a benchmark could notice
}

uint64_t MixedTextGenerator::between(uint64_t low, uint64_t high)
{
    return low + below(high - low + 1);
}

bool MixedTextGenerator::chance(unsigned percent)
{
    return below(100) < percent;
}

std::string_view MixedTextGenerator::pick(const std::vector<std::string_view>& items)
{
    return items[below(items.size())];
}

std::string MixedTextGenerator::randomString(size_t length, std::string_view alphabet)
{
    std::string out(length, ' ');
    for (char& c : out) {
        c = alphabet[below(alphabet.size())];
    }
    return out;
}

std::string MixedTextGenerator::randomDigits(size_t length)
{
    return randomString(length, kDigits);
}

std::string MixedTextGenerator::randomBytes(size_t length)
{
    std::string out(length, '\0');
    for (char& c : out) {
        c = static_cast<char>(next() >> 56);
    }
    return out;
}

std::string MixedTextGenerator::mixedSecret(size_t length, std::string_view alphabet)
{
    // Starts with a letter and holds upper case, lower case and a digit, as password policies demand.
    for (;;) {
        std::string value = randomString(length, alphabet);
        const auto has = [&](char low, char high) {
            return std::any_of(value.begin(), value.end(), [&](char c) { return c >= low && c <= high; });
        };
        const char first = value[0];
        const bool letterFirst = (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z');
        if (letterFirst && has('a', 'z') && has('A', 'Z') && has('0', '9')) {
            return value;
        }
    }
}

// --- filler -----------------------------------------------------------------------------------------------------

std::string MixedTextGenerator::identifier()
{
    std::string name(pick(kVerbs));
    name += '_';
    name += pick(kNouns);
    return name;
}

std::string MixedTextGenerator::typeName()
{
    return camel(pick(kNouns), true) + std::string(pick({"", "Info", "Store", "Builder", "View", "Options"}));
}

std::string MixedTextGenerator::word()
{
    return std::string(pick(kNouns));
}

std::string MixedTextGenerator::version()
{
    return std::to_string(below(5)) + "." + std::to_string(below(30)) + "." + std::to_string(below(20));
}

std::string MixedTextGenerator::uuid()
{
    std::string hex = randomString(32, kHex);
    hex[12] = '4';
    hex[16] = kHex[8 + below(4)];
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-"
        + hex.substr(20);
}

std::string MixedTextGenerator::gitSha()
{
    return randomString(40, kHex);
}

std::string MixedTextGenerator::hexColour()
{
    return "#" + randomString(chance(80) ? 6 : 3, kHex);
}

std::string MixedTextGenerator::privateIpv4()
{
    switch (below(3)) {
    case 0:
        return "10." + std::to_string(below(256)) + "." + std::to_string(below(256)) + "."
            + std::to_string(between(1, 254));
    case 1:
        return "172." + std::to_string(between(16, 31)) + "." + std::to_string(below(256)) + "."
            + std::to_string(between(1, 254));
    default:
        return "192.168." + std::to_string(below(256)) + "." + std::to_string(between(1, 254));
    }
}

std::string MixedTextGenerator::timestamp()
{
    m_clock += below(4);
    // 2024-01-01 plus m_clock seconds; civil_from_days (H. Hinnant) for the date.
    const int64_t days = static_cast<int64_t>(m_clock / 86400) + 19723;
    const int64_t secondOfDay = static_cast<int64_t>(m_clock % 86400);
    const int64_t z = days + 719468;
    const int64_t era = z / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    char buffer[96];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ",
                  static_cast<long long>(year), static_cast<long long>(month), static_cast<long long>(day),
                  static_cast<long long>(secondOfDay / 3600), static_cast<long long>(secondOfDay / 60 % 60),
                  static_cast<long long>(secondOfDay % 60), static_cast<long long>(below(1000)));
    return buffer;
}

std::string MixedTextGenerator::integrityHash()
{
    return "sha512-" + base64(randomBytes(64), kBase64, true);
}

std::string MixedTextGenerator::sentence()
{
    std::string out(pick(kSentences));
    const auto fill = [&](std::string_view slot, const std::string& value) {
        if (const size_t at = out.find(slot); at != std::string::npos) {
            out.replace(at, slot.size(), value);
        }
    };
    fill("{service}", std::string(pick(kServices)));
    fill("{service}", std::string(pick(kServices)));
    fill("{version}", "v" + version());
    fill("{n}", std::to_string(between(2, 900)));
    fill("{n2}", std::to_string(between(2, 900)));
    fill("{day}", std::string(pick(kWeekdays)));
    fill("{noun}", word());
    fill("{noun}", word());
    fill("{verb}", std::string(pick(kVerbs)));
    fill("{person}", std::string(pick(kFirstNames)));
    fill("{person2}", std::string(pick(kFirstNames)));
    return out;
}

void MixedTextGenerator::appendProse(MixedText& out)
{
    const uint64_t paragraphs = between(1, 3);
    for (uint64_t p = 0; p < paragraphs; ++p) {
        const uint64_t sentences = between(3, 7);
        for (uint64_t s = 0; s < sentences; ++s) {
            out.text += sentence();
            out.text += s + 1 < sentences ? ' ' : '\n';
        }
        maybePlant(out, Style::Prose);
        out.text += '\n';
    }
}

void MixedTextGenerator::appendCpp(MixedText& out)
{
    const std::string type = typeName();
    const std::string arg = word();
    const std::string fn = camel(identifier(), false);
    out.text += "```cpp\n";
    out.text += "#include \"" + type + ".h\"\n\n#include <vector>\n#include <string>\n\n";
    out.text += "namespace " + std::string(pick(kServices)) + " {\n\n";
    maybePlant(out, Style::Cpp);
    out.text += "// " + sentence() + "\n";
    out.text += "std::vector<" + type + "> " + fn + "(const std::vector<" + type + ">& " + arg + "s, int limit)\n{\n";
    out.text += "    std::vector<" + type + "> result;\n    result.reserve(" + arg + "s.size());\n";
    out.text += "    for (const auto& " + arg + " : " + arg + "s) {\n";
    out.text
        += "        if (" + arg + ".id() % " + std::to_string(between(2, 64)) + " == 0 && result.size() < limit) {\n";
    out.text += "            result.push_back(" + arg + ");\n        }\n    }\n";
    maybePlant(out, Style::Cpp);
    out.text += "    std::sort(result.begin(), result.end(), [](const auto& a, const auto& b) { return a.weight() < "
                "b.weight(); });\n";
    out.text += "    return result;\n}\n\n";
    out.text += "constexpr int k" + camel(word(), true) + "Limit = " + std::to_string(between(8, 4096)) + ";\n";
    out.text += "constexpr uint32_t k" + camel(word(), true) + "Colour = 0x" + randomString(6, kHex) + ";\n\n";
    out.text += "} // namespace\n```\n\n";
}

void MixedTextGenerator::appendPython(MixedText& out)
{
    const std::string cls = typeName();
    out.text += "```python\nimport json\nimport logging\nfrom dataclasses import dataclass\n\n";
    out.text += "log = logging.getLogger(__name__)\n\n";
    maybePlant(out, Style::Python);
    out.text += "\n@dataclass\nclass " + cls + ":\n";
    out.text += "    name: str\n    " + word() + "_id: int = " + std::to_string(below(1000)) + "\n";
    out.text += "    tags: list[str] | None = None\n\n";
    out.text += "    def " + identifier() + "(self, path: str) -> dict:\n";
    out.text += "        \"\"\"" + sentence() + "\"\"\"\n";
    out.text += "        with open(path, encoding=\"utf-8\") as handle:\n";
    out.text += "            data = json.load(handle)\n";
    out.text += "        log.debug(\"loaded %d entries from %s\", len(data), path)\n";
    maybePlant(out, Style::Python);
    out.text += "        return {k: v for k, v in data.items() if not k.startswith(\"_\")}\n\n";
    out.text += "\nif __name__ == \"__main__\":\n    print(" + cls + "(\"" + word() + "\")." + identifier() + "(\"data/"
        + word() + ".json\"))\n```\n\n";
}

void MixedTextGenerator::appendJavaScript(MixedText& out)
{
    const std::string fn = camel(identifier(), false);
    out.text += "```js\nimport express from 'express';\n\nconst router = express.Router();\n";
    out.text += "const RETRY_LIMIT = " + std::to_string(between(1, 9)) + ";\n\n";
    maybePlant(out, Style::JavaScript);
    out.text += "async function " + fn + "(id, options = {}) {\n";
    out.text += "  const res = await fetch(`${BASE_URL}/api/v2/" + word() + "s/${id}`, {\n";
    out.text += "    method: 'GET',\n    headers: { Accept: 'application/json', 'X-Request-Id': '" + uuid()
        + "' },\n  });\n";
    out.text += "  if (!res.ok) {\n    throw new Error(`request failed: ${res.status}`);\n  }\n";
    maybePlant(out, Style::JavaScript);
    out.text += "  return res.json();\n}\n\n";
    out.text += "router.get('/" + word() + "s/:id', async (req, res) => {\n  res.json(await " + fn
        + "(req.params.id));\n});\n\nexport default router;\n```\n\n";
}

void MixedTextGenerator::appendYaml(MixedText& out)
{
    const std::string service(pick(kServices));
    if (chance(50)) {
        out.text += "```yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + service + "\n";
        out.text += "  labels:\n    app: " + service + "\n    version: \"" + version() + "\"\nspec:\n";
        out.text += "  replicas: " + std::to_string(between(1, 6)) + "\n  template:\n    spec:\n      containers:\n";
        out.text += "        - name: " + service + "\n          image: registry.internal/" + service
            + "@sha256:" + randomString(64, kHex) + "\n";
        out.text += "          ports:\n            - containerPort: " + std::to_string(between(3000, 9000)) + "\n";
        out.text += "          env:\n            - name: LOG_LEVEL\n              value: info\n";
        maybePlant(out, Style::Yaml);
        out.text += "          resources:\n            limits:\n              memory: " + std::to_string(between(1, 8))
            + "Gi\n```\n\n";
    } else {
        out.text += "```yaml\nname: ci\non:\n  push:\n    branches: [main]\njobs:\n  build:\n";
        out.text += "    runs-on: ubuntu-22.04\n    steps:\n      - uses: actions/checkout@" + gitSha() + " # v4\n";
        out.text += "      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n";
        out.text += "      - run: npm ci && npm test\n";
        maybePlant(out, Style::Yaml);
        out.text += "      - run: ./scripts/deploy.sh " + service + " " + version() + "\n```\n\n";
    }
}

void MixedTextGenerator::appendJson(MixedText& out)
{
    out.text += "```json\n{\n";
    if (chance(50)) {
        out.text += "  \"name\": \"@" + std::string(pick(kDomainWords)) + "/" + word() + "\",\n";
        out.text += "  \"version\": \"" + version() + "\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n";
        const uint64_t packages = between(2, 4);
        for (uint64_t i = 0; i < packages; ++i) {
            out.text += "    \"node_modules/" + word() + "-" + word() + "\": {\n      \"version\": \"" + version()
                + "\",\n      \"integrity\": \"" + integrityHash() + "\",\n      \"license\": \"MIT\"\n    }";
            out.text += i + 1 < packages ? ",\n" : "\n";
        }
        out.text += "  },\n";
    } else {
        out.text += "  \"id\": \"" + uuid() + "\",\n  \"service\": \"" + std::string(pick(kServices)) + "\",\n";
        out.text += "  \"commit\": \"" + gitSha() + "\",\n  \"theme\": { \"primary\": \"" + hexColour()
            + "\", \"accent\": \"" + hexColour() + "\" },\n";
        out.text += "  \"upstream\": \"http://" + privateIpv4() + ":" + std::to_string(between(3000, 9000)) + "\",\n";
    }
    maybePlant(out, Style::Json);
    out.text += "  \"updated\": \"" + timestamp() + "\"\n}\n```\n\n";
}

void MixedTextGenerator::appendEnv(MixedText& out)
{
    out.text += "```\n# " + std::string(pick(kServices))
        + " settings\nNODE_ENV=production\nPORT=" + std::to_string(between(3000, 9000)) + "\n";
    out.text += "LOG_LEVEL=" + std::string(pick({"debug", "info", "warn"})) + "\n";
    maybePlant(out, Style::Env);
    out.text += "DATABASE_HOST=" + privateIpv4() + "\nDATABASE_NAME=" + word() + "s\nREDIS_URL=redis://" + privateIpv4()
        + ":6379/0\n";
    out.text += "FEATURE_" + upper(word()) + "=true\nBUILD_SHA=" + gitSha() + "\n";
    maybePlant(out, Style::Env);
    out.text += "```\n\n";
}

void MixedTextGenerator::appendShell(MixedText& out)
{
    const std::string service(pick(kServices));
    out.text += "```bash\n#!/usr/bin/env bash\nset -euo pipefail\n\n";
    out.text += "VERSION=\"${1:-" + version() + "}\"\nREGISTRY=registry.internal\n\n";
    maybePlant(out, Style::Shell);
    out.text += "git fetch --tags && git checkout " + randomString(12, kHex) + "\n";
    out.text += "docker build -t \"$REGISTRY/" + service + ":$VERSION\" --build-arg COMMIT=" + gitSha() + " .\n";
    out.text += "docker push \"$REGISTRY/" + service + ":$VERSION\"\n";
    out.text += "ssh deploy@" + privateIpv4() + " \"sudo systemctl restart " + service + "\"\n";
    maybePlant(out, Style::Shell);
    out.text += "curl -fsS http://" + privateIpv4() + ":8080/healthz || echo \"health check failed\" >&2\n```\n\n";
}

void MixedTextGenerator::appendLog(MixedText& out)
{
    out.text += "```\n";
    const uint64_t lines = between(6, 16);
    for (uint64_t i = 0; i < lines; ++i) {
        const std::string component(pick(kLogComponents));
        switch (below(7)) {
        case 0:
            out.text += timestamp() + " INFO  [" + component + "] " + privateIpv4() + " \"GET "
                + std::string(pick(kHttpPaths)) + "/" + std::to_string(below(90000)) + " HTTP/1.1\" 200 "
                + std::to_string(between(120, 90000)) + " " + std::to_string(between(1, 900))
                + "ms request_id=" + uuid() + "\n";
            break;
        case 1:
            out.text += timestamp() + " INFO  [deploy] rolled out " + randomString(7, kHex) + " (v" + version()
                + ") to " + std::to_string(between(1, 9)) + " pods\n";
            break;
        case 2:
            out.text += timestamp() + " DEBUG [" + component + "] cache miss key=" + word() + ":"
                + std::to_string(below(100000)) + " shard=" + std::to_string(below(16)) + "\n";
            break;
        case 3:
            out.text += timestamp() + " ERROR [" + component + "] job " + uuid()
                + " failed after 3 attempts: connection reset by peer (" + privateIpv4() + ":6379)\n";
            break;
        case 4:
            out.text
                += timestamp() + " INFO  [ui] theme updated primary=" + hexColour() + " accent=" + hexColour() + "\n";
            break;
        case 5:
            out.text += timestamp() + " INFO  [npm] added " + word() + "@" + version() + " " + integrityHash() + "\n";
            break;
        default:
            out.text += timestamp() + " WARN  [" + component + "] slow query on " + word() + "s took "
                + std::to_string(between(200, 5000)) + "ms (commit " + gitSha() + ")\n";
            break;
        }
        if (i % 4 == 3) {
            maybePlant(out, Style::Log);
        }
    }
    out.text += "```\n\n";
}

void MixedTextGenerator::appendCss(MixedText& out)
{
    out.text += "```css\n:root {\n";
    const uint64_t colours = between(3, 8);
    for (uint64_t i = 0; i < colours; ++i) {
        out.text += "  --" + word() + "-colour: " + hexColour() + ";\n";
    }
    out.text += "}\n." + word() + " {\n  border: 1px solid " + hexColour()
        + ";\n  padding: " + std::to_string(below(24)) + "px;\n}\n```\n\n";
}

// --- planting ---------------------------------------------------------------------------------------------------

MixedText MixedTextGenerator::generate(size_t bytes)
{
    MixedText out;
    out.text.reserve(bytes + 8192);
    m_nextPlantAt = out.text.size() + between(256, 2048);
    while (out.text.size() < bytes) {
        switch (below(11)) {
        case 0:
        case 1:
        case 2:
            appendProse(out);
            break;
        case 3:
            appendCpp(out);
            break;
        case 4:
            appendPython(out);
            break;
        case 5:
            appendJavaScript(out);
            break;
        case 6:
            appendYaml(out);
            break;
        case 7:
            appendJson(out);
            break;
        case 8:
            chance(50) ? appendEnv(out) : appendShell(out);
            break;
        case 9:
            appendLog(out);
            break;
        default:
            chance(30) ? appendCss(out) : appendLog(out);
            break;
        }
    }
    size_t cut = std::min(bytes, out.text.size());
    while (cut > 0 && cut < out.text.size() && (static_cast<uint8_t>(out.text[cut]) & 0xc0) == 0x80) {
        --cut; // never split a UTF-8 sequence
    }
    out.text.resize(cut);
    while (!out.planted.empty() && out.planted.back().offset + out.planted.back().value.size() > cut) {
        out.planted.pop_back();
    }
    return out;
}

void MixedTextGenerator::maybePlant(MixedText& out, Style style)
{
    if (out.text.size() < m_nextPlantAt) {
        return;
    }
    plant(out, style, makePlant(style));
    // Plants can only go between lines and chunks, which adds a few hundred bytes to every gap: about one
    // item per 2 KiB in all.
    m_nextPlantAt = out.text.size() + between(768, 2560);
}

MixedTextGenerator::Plant MixedTextGenerator::makePlant(Style style)
{
    static const std::vector<Maker> secrets = {&MixedTextGenerator::awsAccessKeyId,
                                               &MixedTextGenerator::awsSecretAccessKey,
                                               &MixedTextGenerator::githubToken,
                                               &MixedTextGenerator::gitlabToken,
                                               &MixedTextGenerator::slackToken,
                                               &MixedTextGenerator::slackWebhook,
                                               &MixedTextGenerator::stripeKey,
                                               &MixedTextGenerator::openAiKey,
                                               &MixedTextGenerator::anthropicKey,
                                               &MixedTextGenerator::googleApiKey,
                                               &MixedTextGenerator::sendGridKey,
                                               &MixedTextGenerator::npmToken,
                                               &MixedTextGenerator::jwt,
                                               &MixedTextGenerator::privateKey,
                                               &MixedTextGenerator::databaseUrl,
                                               &MixedTextGenerator::authorizationHeader,
                                               &MixedTextGenerator::genericSecret};
    static const std::vector<Maker> pii
        = {&MixedTextGenerator::email,      &MixedTextGenerator::phone,         &MixedTextGenerator::paymentCard,
           &MixedTextGenerator::iban,       &MixedTextGenerator::usSsn,         &MixedTextGenerator::publicIpv4,
           &MixedTextGenerator::publicIpv6, &MixedTextGenerator::bitcoinAddress};
    const std::vector<Maker>& makers = chance(55) ? secrets : pii;
    const Maker maker = makers[below(makers.size())];
    for (;;) {
        Plant made = (this->*maker)(style);
        if (m_usedValues.insert(made.value).second) {
            return made;
        }
    }
}

std::string MixedTextGenerator::keyFor(const Plant& plant, Style style)
{
    if (plant.fixedKey) {
        return style == Style::Env || style == Style::Shell ? upper(plant.key) : plant.key;
    }
    switch (style) {
    case Style::Env:
    case Style::Shell:
        return upper(plant.key);
    case Style::Cpp:
        return "k" + camel(plant.key, true);
    case Style::JavaScript:
        return camel(plant.key, false);
    case Style::Python:
        return chance(50) ? upper(plant.key) : plant.key;
    default:
        return plant.key;
    }
}

void MixedTextGenerator::appendValue(MixedText& out, const Plant& plant, std::string_view before,
                                     std::string_view after)
{
    out.text.append(before);
    out.planted.push_back({plant.kind, plant.family, {}, plant.value, out.text.size()});
    out.text += plant.value;
    out.text.append(after);
}

void MixedTextGenerator::plant(MixedText& out, Style style, Plant made)
{
    static constexpr std::array<std::string_view, 9> styleNames
        = {"prose", "cpp", "python", "javascript", "yaml", "json", "env", "shell", "log"};
    const size_t index = out.planted.size();
    if (made.custom) {
        appendValue(out, made, made.before, made.after);
    } else {
        const std::string key = keyFor(made, style);
        const std::string& wb = made.wrapBefore;
        const std::string& wa = made.wrapAfter;
        switch (style) {
        case Style::Prose: {
            const std::string sentenceText
                = made.prose.empty() ? "The " + made.key + " for staging is {}." : made.prose;
            const size_t at = sentenceText.find("{}");
            appendValue(out, made, sentenceText.substr(0, at) + wb, wa + sentenceText.substr(at + 2) + "\n");
            break;
        }
        case Style::Cpp:
            if (chance(50)) {
                appendValue(out, made, "constexpr const char* " + key + " = \"" + wb, wa + "\";\n");
            } else {
                appendValue(out, made, "settings.setValue(\"" + made.key + "\", \"" + wb, wa + "\");\n");
            }
            break;
        case Style::Python:
            if (chance(60)) {
                appendValue(out, made, key + " = \"" + wb, wa + "\"\n");
            } else {
                appendValue(out, made, "client = Client(" + made.key + "='" + wb, wa + "', timeout=30)\n");
            }
            break;
        case Style::JavaScript:
            if (chance(50)) {
                appendValue(out, made, "const " + key + " = '" + wb, wa + "';\n");
            } else {
                appendValue(out, made, "  " + key + ": process.env." + upper(made.key) + " || \"" + wb, wa + "\",\n");
            }
            break;
        case Style::Yaml: {
            const std::string quote = chance(50) ? "\"" : "";
            appendValue(out, made, "          " + key + ": " + quote + wb, wa + quote + "\n");
            break;
        }
        case Style::Json:
            appendValue(out, made, "  \"" + key + "\": \"" + wb, wa + "\",\n");
            break;
        case Style::Env:
            if (chance(50)) {
                appendValue(out, made, key + "=" + wb, wa + "\n");
            } else {
                appendValue(out, made, key + "=\"" + wb, wa + "\"\n");
            }
            break;
        case Style::Shell:
            appendValue(out, made, "export " + key + "=\"" + wb, wa + "\"\n");
            break;
        case Style::Log:
            appendValue(out, made,
                        timestamp() + " DEBUG [" + std::string(pick(kLogComponents)) + "] loaded settings " + key + "="
                            + wb,
                        wa + "\n");
            break;
        }
    }
    if (out.planted.size() > index) {
        out.planted[index].context = styleNames[static_cast<size_t>(style)];
    }
}

// --- secrets ----------------------------------------------------------------------------------------------------

MixedTextGenerator::Plant MixedTextGenerator::awsAccessKeyId(Style)
{
    Plant p;
    p.family = "aws-access-key-id";
    p.value = "AKIA" + randomString(16, kBase32);
    p.key = "aws_access_key_id";
    p.fixedKey = true;
    p.prose = "Our CI uses the access key id {} for the artifact bucket, in case you need to look it up in IAM.";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::awsSecretAccessKey(Style style)
{
    Plant p;
    p.family = "aws-secret-access-key";
    p.value = randomString(40, kBase64);
    p.key = "aws_secret_access_key";
    p.fixedKey = true;
    p.prose = "my ~/.aws/credentials has aws_secret_access_key = {} and the profile still fails, why?";
    if (style == Style::Shell && chance(50)) {
        p.custom = true;
        p.before = "aws configure set aws_secret_access_key ";
        p.after = " --profile " + std::string(pick(kServices)) + "\n";
    }
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::githubToken(Style)
{
    Plant p;
    if (chance(70)) {
        p.family = "github-pat";
        const std::string payload = randomString(30, kBase62);
        p.value = "ghp_" + payload + base62Checksum(payload);
    } else {
        p.family = "github-fine-grained-pat";
        p.value = "github_pat_11" + randomString(20, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "_"
            + randomString(59, kBase62);
    }
    p.key = chance(50) ? "github_token" : "gh_token";
    p.prose = "I pasted my token {} into the workflow but the push to the repo is still rejected.";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::gitlabToken(Style style)
{
    Plant p;
    p.family = "gitlab-pat";
    p.value = "glpat-" + randomString(20, kBase64Url);
    p.key = "gitlab_token";
    p.prose = "The runner registers fine but cloning fails with the token {} — is the scope wrong?";
    if (style == Style::Shell) {
        p.custom = true;
        p.before = "git clone https://oauth2:";
        p.after = "@gitlab." + std::string(pick(kDomainWords)) + ".dev/platform/" + word() + ".git\n";
    }
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::slackToken(Style)
{
    Plant p;
    if (chance(60)) {
        p.family = "slack-bot-token";
        p.value = "xoxb-" + std::to_string(between(1, 9)) + randomDigits(between(9, 11)) + "-"
            + std::to_string(between(1, 9)) + randomDigits(between(11, 12)) + "-" + randomString(24, kBase62);
        p.key = "slack_bot_token";
    } else {
        p.family = "slack-user-token";
        p.value = "xoxp-" + std::to_string(between(1, 9)) + randomDigits(10) + "-" + std::to_string(between(1, 9))
            + randomDigits(10) + "-" + std::to_string(between(1, 9)) + randomDigits(12) + "-" + randomString(32, kHex);
        p.key = "slack_token";
    }
    p.prose = "The bot posts with {} but Slack says not_in_channel.";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::slackWebhook(Style)
{
    Plant p;
    p.family = "slack-webhook-url";
    p.value = "https://hooks.slack.com/services/T" + randomString(between(8, 10), "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
        + "/B" + randomString(between(8, 10), "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") + "/" + randomString(24, kBase62);
    p.key = "slack_webhook_url";
    p.prose = "Alerts go to {} — can you make the message shorter?";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::stripeKey(Style)
{
    Plant p;
    p.family = "stripe-secret-key";
    p.value = chance(50) ? "sk_live_" + randomString(24, kBase62) : "sk_live_51" + randomString(97, kBase62);
    p.key = "stripe_secret_key";
    p.prose = "Checkout returns 401 in production with {}, the test key works fine.";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::openAiKey(Style)
{
    Plant p;
    p.family = "openai-api-key";
    p.value = "sk-proj-" + randomString(74, kBase64Url) + "T3BlbkFJ" + randomString(74, kBase64Url);
    while (p.value.back() == '-' || p.value.back() == '_') {
        p.value.back() = kBase62[below(kBase62.size())];
    }
    p.key = "openai_api_key";
    p.prose = "Why does the SDK say my key is invalid? I set OPENAI_API_KEY to {} in the shell.";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::anthropicKey(Style)
{
    Plant p;
    p.family = "anthropic-api-key";
    p.value = "sk-ant-api03-" + randomString(93, kBase64Url) + "AA";
    p.key = "anthropic_api_key";
    p.prose = "Here is the key I use for the eval harness: {} — rate limits are hit after a few minutes.";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::googleApiKey(Style)
{
    Plant p;
    p.family = "google-api-key";
    p.value = "AIzaSy" + randomString(33, kBase64Url);
    p.key = "google_maps_api_key";
    p.prose = "The map tiles stopped loading; the browser console shows requests with key={} being denied.";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::sendGridKey(Style)
{
    Plant p;
    p.family = "sendgrid-api-key";
    p.value = "SG." + randomString(22, kBase64Url) + "." + randomString(43, kBase64Url);
    p.key = "sendgrid_api_key";
    p.prose = "Password reset mails bounce since Monday; the mailer is configured with {}.";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::npmToken(Style style)
{
    Plant p;
    p.family = "npm-token";
    const std::string payload = randomString(30, kBase62);
    p.value = "npm_" + payload + base62Checksum(payload);
    p.key = "npm_token";
    p.prose = "Publishing fails with E403 although {} has publish rights on the scope.";
    if (style == Style::Shell || (style == Style::Env && chance(50))) {
        p.custom = true;
        p.before
            = style == Style::Shell ? "echo \"//registry.npmjs.org/:_authToken=" : "//registry.npmjs.org/:_authToken=";
        p.after = style == Style::Shell ? "\" > ~/.npmrc\n" : "\n";
    }
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::jwt(Style)
{
    static const std::vector<std::string_view> algorithms = {"HS256", "RS256", "ES256", "HS512"};
    const std::string_view alg = pick(algorithms);
    std::string header = "{\"alg\":\"" + std::string(alg) + "\",\"typ\":\"JWT\"";
    if (alg != "HS256" && alg != "HS512") {
        header += ",\"kid\":\"" + randomString(16, kHex) + "\"";
    }
    header += "}";
    const uint64_t issued = 1700000000 + below(60000000);
    const std::string payload = "{\"sub\":\"" + uuid() + "\",\"name\":\"" + std::string(pick(kFirstNames)) + " "
        + std::string(pick(kLastNames)) + "\",\"scope\":\"read write\",\"iat\":" + std::to_string(issued)
        + ",\"exp\":" + std::to_string(issued + 3600) + "}";
    const size_t signatureBytes = alg == "RS256" ? 256 : alg == "ES256" ? 64 : alg == "HS512" ? 64 : 32;
    Plant p;
    p.family = "jwt";
    p.value = base64(header, kBase64Url, false) + "." + base64(payload, kBase64Url, false) + "."
        + base64(randomBytes(signatureBytes), kBase64Url, false);
    p.key = chance(50) ? "id_token" : "access_token";
    p.prose = "Decoding {} gives an exp in the past, but the API still accepts it. Is that expected?";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::privateKey(Style style)
{
    std::string label;
    std::string der;
    size_t width = 64;
    Plant p;
    switch (below(3)) {
    case 0:
        p.family = "private-key-rsa";
        label = "RSA PRIVATE KEY";
        der = std::string("\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00", 12) + randomBytes(1180);
        break;
    case 1:
        p.family = "private-key-ec";
        label = "EC PRIVATE KEY";
        der = std::string("\x30\x77\x02\x01\x01\x04\x20", 7) + randomBytes(32)
            + std::string("\xa0\x0a\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07\xa1\x44\x03\x42\x00\x04", 18)
            + randomBytes(64);
        break;
    default: {
        p.family = "private-key-openssh";
        label = "OPENSSH PRIVATE KEY";
        width = 70;
        const std::string publicKey = randomBytes(32);
        std::string publicBlob;
        appendSshString(publicBlob, "ssh-ed25519");
        appendSshString(publicBlob, publicKey);
        std::string privateBlob;
        const auto check = static_cast<uint32_t>(next());
        appendUint32(privateBlob, check);
        appendUint32(privateBlob, check);
        appendSshString(privateBlob, "ssh-ed25519");
        appendSshString(privateBlob, publicKey);
        appendSshString(privateBlob, randomBytes(32) + publicKey);
        appendSshString(privateBlob,
                        std::string(pick({"deploy", "ci", "backup"})) + "@" + word() + "-" + std::to_string(below(20)));
        for (char pad = 1; privateBlob.size() % 8 != 0; ++pad) {
            privateBlob += pad;
        }
        der = std::string("openssh-key-v1\0", 15);
        appendSshString(der, "none");
        appendSshString(der, "none");
        appendSshString(der, "");
        appendUint32(der, 1);
        appendSshString(der, publicBlob);
        appendSshString(der, privateBlob);
        break;
    }
    }
    const std::string body = base64(der, kBase64, true);
    const std::string begin = "-----BEGIN " + label + "-----";
    const std::string end = "-----END " + label + "-----";
    const std::string key = p.family == "private-key-openssh" ? "ssh_private_key" : "private_key";
    p.custom = true;
    switch (style) {
    case Style::Json:
        p.value = begin + "\\n" + wrapLines(body, width, "\\n") + "\\n" + end;
        p.before = "  \"" + key + "\": \"";
        p.after = "\\n\",\n";
        break;
    case Style::Env:
        p.value = begin + "\\n" + wrapLines(body, width, "\\n") + "\\n" + end;
        p.before = upper(key) + "=\"";
        p.after = "\\n\"\n";
        break;
    case Style::Yaml:
        p.value = begin + "\n            " + wrapLines(body, width, "\n            ") + "\n            " + end;
        p.before = "          " + key + ": |\n            ";
        p.after = "\n";
        break;
    case Style::Python:
        p.value = begin + "\n" + wrapLines(body, width, "\n") + "\n" + end;
        p.before = upper(key) + " = \"\"\"";
        p.after = "\n\"\"\"\n";
        break;
    case Style::Shell:
        p.value = begin + "\n" + wrapLines(body, width, "\n") + "\n" + end;
        p.before = "cat > ~/.ssh/id_deploy <<'EOF'\n";
        p.after = "\nEOF\nchmod 600 ~/.ssh/id_deploy\n";
        break;
    case Style::Cpp:
        p.value = begin + "\n" + wrapLines(body, width, "\n") + "\n" + end;
        p.before = "static const char* kSigningKey = R\"(";
        p.after = "\n)\";\n";
        break;
    case Style::JavaScript:
        p.value = begin + "\n" + wrapLines(body, width, "\n") + "\n" + end;
        p.before = "const privateKey = `";
        p.after = "\n`;\n";
        break;
    case Style::Log:
        p.value = begin + "\n" + wrapLines(body, width, "\n") + "\n" + end;
        p.before = timestamp() + " DEBUG [auth] loaded signing key:\n";
        p.after = "\n";
        break;
    case Style::Prose:
        p.value = begin + "\n" + wrapLines(body, width, "\n") + "\n" + end;
        p.before = "This is the deploy key from the old server, can you tell me which format it is?\n\n";
        p.after = "\n";
        break;
    }
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::databaseUrl(Style)
{
    Plant p;
    p.value = mixedSecret(between(14, 28), kUrlPasswordChars);
    const std::string user = std::string(pick({"app", "svc", "admin", "report", "etl"})) + "_" + word();
    const std::string database = word() + "s";
    switch (below(3)) {
    case 0:
        p.family = "postgres-url-password";
        p.wrapBefore = std::string(chance(50) ? "postgres" : "postgresql") + "://" + user + ":";
        p.wrapAfter = "@db-" + std::string(pick(kServices)) + "-" + std::to_string(below(5)) + ".internal:5432/"
            + database + "?sslmode=require";
        p.key = "database_url";
        break;
    case 1:
        p.family = "mysql-url-password";
        p.wrapBefore = "mysql://" + user + ":";
        p.wrapAfter = "@" + privateIpv4() + ":3306/" + database;
        p.key = "mysql_url";
        break;
    default:
        p.family = "mongodb-url-password";
        if (chance(50)) {
            p.wrapBefore = "mongodb+srv://" + user + ":";
            p.wrapAfter = "@cluster0." + randomString(5, "abcdefghijklmnopqrstuvwxyz0123456789") + ".mongodb.net/"
                + database + "?retryWrites=true&w=majority";
        } else {
            p.wrapBefore = "mongodb://" + user + ":";
            p.wrapAfter = "@mongo-0.mongo:27017,mongo-1.mongo:27017/" + database + "?replicaSet=rs0";
        }
        p.key = "mongo_uri";
        break;
    }
    p.prose = "The migration tool cannot connect with {} although psql works from the same host.";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::authorizationHeader(Style style)
{
    Plant p;
    std::string scheme;
    if (chance(65)) {
        p.family = "authorization-bearer";
        scheme = "Bearer";
        p.value = chance(50) ? randomString(between(32, 64), kBase64Url) : randomString(40, kBase62);
        while (p.value.back() == '-' || p.value.back() == '_') {
            p.value.back() = kBase62[below(kBase62.size())];
        }
    } else {
        p.family = "authorization-basic";
        scheme = "Basic";
        const std::string credentials
            = std::string(pick(kFirstNames)) + "." + word() + ":" + mixedSecret(between(12, 20), kUrlPasswordChars);
        p.value = base64(credentials, kBase64, true);
    }
    p.custom = true;
    const std::string host = "https://api." + std::string(pick(kDomainWords)) + std::string(pick(kTlds));
    switch (style) {
    case Style::Shell:
        p.before = "curl -sS -H \"Authorization: " + scheme + " ";
        p.after = "\" " + host + "/v1/" + word() + "s\n";
        break;
    case Style::Log:
        p.before = timestamp() + " DEBUG [http] > Authorization: " + scheme + " ";
        p.after = "\n";
        break;
    case Style::Python:
        p.before = "headers = {\"Authorization\": \"" + scheme + " ";
        p.after = "\", \"Accept\": \"application/json\"}\n";
        break;
    case Style::JavaScript:
        p.before = "    headers: { Authorization: '" + scheme + " ";
        p.after = "' },\n";
        break;
    case Style::Cpp:
        p.before = "request.setRawHeader(\"Authorization\", \"" + scheme + " ";
        p.after = "\");\n";
        break;
    case Style::Json:
        p.before = "  \"headers\": { \"Authorization\": \"" + scheme + " ";
        p.after = "\" },\n";
        break;
    case Style::Yaml:
        p.before = "          Authorization: " + scheme + " ";
        p.after = "\n";
        break;
    case Style::Env:
        p.before = "API_AUTH_HEADER=\"Authorization: " + scheme + " ";
        p.after = "\"\n";
        break;
    case Style::Prose:
        p.before = "When I send `Authorization: " + scheme + " ";
        p.after = "` to " + host + " the gateway answers 401, any idea why?\n";
        break;
    }
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::genericSecret(Style)
{
    Plant p;
    if (chance(50)) {
        p.family = "generic-password";
        p.key = std::string(pick({"password", "db_password", "admin_password", "smtp_password", "redis_password"}));
        p.value = mixedSecret(between(14, 32), kPasswordChars);
        p.prose = "For the demo box the login is admin and the password is {} (please change it afterwards).";
    } else {
        p.family = "generic-api-key";
        p.key = std::string(pick({"api_key", "secret_key", "client_secret", "auth_token", "api_secret"}));
        p.value = chance(50) ? mixedSecret(32, kBase62) : randomString(between(32, 48), kHex);
        p.prose = "The vendor gave us api_key: {} but the docs say it should start with a prefix?";
        p.fixedKey = chance(50);
    }
    return p;
}

// --- personal data ----------------------------------------------------------------------------------------------

std::string MixedTextGenerator::personName()
{
    return std::string(pick(kFirstNames)) + " " + std::string(pick(kLastNames));
}

std::string MixedTextGenerator::domain()
{
    return std::string(pick(kDomainWords)) + std::string(pick({"", "-labs", "tech", "-group", "hq"}))
        + std::string(pick(kTlds));
}

MixedTextGenerator::Plant MixedTextGenerator::email(Style)
{
    std::string first = std::string(pick(kFirstNames));
    std::string last = std::string(pick(kLastNames));
    for (std::string* part : {&first, &last}) {
        std::string clean;
        for (char c : *part) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                clean += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
            }
        }
        *part = clean;
    }
    std::string local;
    switch (below(4)) {
    case 0:
        local = first + "." + last;
        break;
    case 1:
        local = first.substr(0, 1) + last;
        break;
    case 2:
        local = first + "_" + last + std::to_string(between(1, 99));
        break;
    default:
        local = first + "+" + word();
        break;
    }
    Plant p;
    p.kind = PlantedKind::Pii;
    p.family = "email";
    p.value = local + "@" + (chance(40) ? std::string(pick(kMailProviders)) : domain());
    p.key = chance(50) ? "contact_email" : "email";
    p.prose = "If anything breaks over the weekend, write to {} and I'll take a look.";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::phone(Style)
{
    const auto usNumber = [&] {
        std::string area = std::to_string(between(2, 9)) + std::to_string(below(9)) + std::to_string(below(10));
        while (area[1] == '1' && area[2] == '1') {
            area[2] = static_cast<char>('2' + below(8));
        }
        std::string exchange = std::to_string(between(2, 9)) + randomDigits(2);
        if (exchange == "555" || (exchange[1] == '1' && exchange[2] == '1')) {
            exchange = "74" + std::to_string(between(2, 9));
        }
        return std::array<std::string, 3>{area, exchange, randomDigits(4)};
    };
    Plant p;
    p.kind = PlantedKind::Pii;
    switch (below(4)) {
    case 0: {
        p.family = "phone-e164";
        switch (below(3)) {
        case 0: {
            const auto n = usNumber();
            p.value = chance(50) ? "+1" + n[0] + n[1] + n[2] : "+1 " + n[0] + " " + n[1] + " " + n[2];
            break;
        }
        case 1: {
            const std::string rest = std::to_string(between(7, 8)) + randomDigits(3) + randomDigits(4);
            p.value = chance(50) ? "+4420" + rest : "+44 20 " + rest.substr(0, 4) + " " + rest.substr(4);
            break;
        }
        default: {
            const std::string mobile = "15" + std::to_string(between(1, 9));
            const std::string rest = randomDigits(between(7, 8));
            p.value = chance(50) ? "+49" + mobile + rest : "+49 " + mobile + " " + rest;
            break;
        }
        }
        break;
    }
    case 1: {
        p.family = "phone-us";
        const auto n = usNumber();
        switch (below(3)) {
        case 0:
            p.value = "(" + n[0] + ") " + n[1] + "-" + n[2];
            break;
        case 1:
            p.value = n[0] + "-" + n[1] + "-" + n[2];
            break;
        default:
            p.value = n[0] + "." + n[1] + "." + n[2];
            break;
        }
        break;
    }
    case 2:
        p.family = "phone-uk";
        if (chance(50)) {
            p.value = "020 " + std::to_string(between(7, 8)) + randomDigits(3) + " " + randomDigits(4);
        } else {
            std::string mobile = "07" + std::to_string(between(4, 9)) + randomDigits(2);
            if (mobile == "07700") {
                mobile = "07712";
            }
            p.value = mobile + " " + randomDigits(6);
        }
        break;
    default:
        p.family = "phone-de";
        switch (below(3)) {
        case 0:
            p.value = "030 " + std::to_string(between(2, 9)) + randomDigits(between(6, 7));
            break;
        case 1:
            p.value = "(089) " + std::to_string(between(2, 9)) + randomDigits(6);
            break;
        default:
            p.value = "01" + std::to_string(between(5, 7)) + std::to_string(between(1, 9)) + " "
                + std::to_string(between(2, 9)) + randomDigits(between(6, 7));
            break;
        }
        break;
    }
    p.key = chance(50) ? "phone" : "mobile_number";
    p.prose = "Best to call me on {} if the pager does not go off.";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::paymentCard(Style)
{
    std::string number;
    switch (below(4)) {
    case 0:
        number = "4" + randomDigits(14);
        break;
    case 1:
        number = chance(70) ? "5" + std::to_string(between(1, 5)) + randomDigits(13)
                            : std::to_string(between(2221, 2720)) + randomDigits(11);
        break;
    case 2:
        number = "3" + std::string(chance(50) ? "4" : "7") + randomDigits(12);
        break;
    default:
        number = "6011" + randomDigits(11);
        break;
    }
    number += luhnDigit(number);
    Plant p;
    p.kind = PlantedKind::Pii;
    p.family = "payment-card";
    const unsigned format = static_cast<unsigned>(below(10));
    const char separator = format < 5 ? ' ' : '-';
    if (format >= 8) {
        p.value = number;
    } else if (number.size() == 15) {
        p.value = number.substr(0, 4) + separator + number.substr(4, 6) + separator + number.substr(10);
    } else {
        p.value = groupsOf(number, 4, separator);
    }
    p.key = "card_number";
    p.prose
        = "The customer says the card {} was charged twice for order " + std::to_string(between(10000, 99999)) + ".";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::iban(Style)
{
    static const std::vector<std::string_view> countries = {"DE", "GB", "FR", "NL", "ES", "BE", "CH", "AT"};
    const std::string country(pick(countries));
    std::string bban;
    if (country == "DE") {
        bban = randomDigits(18);
    } else if (country == "GB") {
        bban = std::string(pick({"NWBK", "BARC", "LOYD", "HBUK", "MIDL"})) + randomDigits(14);
    } else if (country == "FR") {
        const std::string bank = randomDigits(5);
        const std::string branch = randomDigits(5);
        const std::string account = randomDigits(11);
        // RIB key: 97 - (89 * bank + 15 * branch + 3 * account) mod 97
        const int sum = (89 * (std::stoi(bank) % 97) + 15 * (std::stoi(branch) % 97) + 3 * mod97(account)) % 97;
        const int key = 97 - sum;
        bban = bank + branch + account + (key < 10 ? "0" : "") + std::to_string(key);
    } else if (country == "NL") {
        bban = std::string(pick({"ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB"})) + randomDigits(10);
    } else if (country == "ES") {
        const std::string bank = randomDigits(4);
        const std::string branch = randomDigits(4);
        const std::string account = randomDigits(10);
        const auto control = [](std::string_view digits) {
            static constexpr int weights[10] = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};
            int sum = 0;
            for (size_t i = 0; i < 10; ++i) {
                sum += (digits[i] - '0') * weights[i];
            }
            const int d = 11 - sum % 11;
            return static_cast<char>('0' + (d == 11 ? 0 : d == 10 ? 1 : d));
        };
        bban = bank + branch + control("00" + bank + branch) + control(account) + account;
    } else if (country == "BE") {
        const std::string digits = randomDigits(10);
        const int check = static_cast<int>(std::stoll(digits) % 97);
        const int key = check == 0 ? 97 : check;
        bban = digits + (key < 10 ? "0" : "") + std::to_string(key);
    } else if (country == "CH") {
        bban = randomDigits(17);
    } else {
        bban = randomDigits(16);
    }
    const int check = 98 - mod97(bban + country + "00");
    const std::string compact = country + (check < 10 ? "0" : "") + std::to_string(check) + bban;
    Plant p;
    p.kind = PlantedKind::Pii;
    p.family = "iban";
    p.value = chance(50) ? compact : groupsOf(compact, 4, ' ');
    p.key = "iban";
    p.prose = "Please send the refund to my account, IBAN {}, reference " + std::to_string(between(1000, 9999)) + ".";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::usSsn(Style)
{
    std::string value;
    do {
        uint64_t area = between(1, 899);
        if (area == 666) {
            area = 665;
        }
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%03u-%02u-%04u", static_cast<unsigned>(area),
                      static_cast<unsigned>(between(1, 99)), static_cast<unsigned>(between(1, 9999)));
        value = buffer;
    } while (value == "078-05-1120" || value == "219-09-9999" || value == "123-45-6789");
    Plant p;
    p.kind = PlantedKind::Pii;
    p.family = "us-ssn";
    p.value = value;
    p.key = "ssn";
    p.prose = "The applicant's social security number is {}, please double-check it against the W-2.";
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::publicIpv4(Style style)
{
    uint64_t first = 0;
    do {
        first = between(1, 223);
    } while (first == 10 || first == 100 || first == 127 || first == 169 || first == 172 || first == 192 || first == 198
             || first == 203);
    Plant p;
    p.kind = PlantedKind::Pii;
    p.family = "ipv4-public";
    p.value = std::to_string(first) + "." + std::to_string(below(256)) + "." + std::to_string(below(256)) + "."
        + std::to_string(between(1, 254));
    p.key = "client_ip";
    p.prose = "We see a burst of failed logins from {} every night around 3am.";
    if (style == Style::Log && chance(60)) {
        p.custom = true;
        p.before.clear();
        p.after = " - - [" + timestamp() + "] \"POST /login HTTP/1.1\" 401 " + std::to_string(between(100, 900))
            + " \"-\" \"Mozilla/5.0\"\n";
    }
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::publicIpv6(Style style)
{
    static const std::vector<std::string_view> prefixes
        = {"2a02:8108", "2a01:4f8",  "2600:1700", "2603:8000", "2606:4700", "2607:fb90",
           "2804:14c",  "2c0f:f248", "2400:cb00", "2409:8a28", "2001:16b8", "2a00:1450"};
    std::string value(pick(prefixes));
    const auto group = [&] {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "%x", static_cast<unsigned>(between(1, 0xffff)));
        return std::string(buffer);
    };
    if (chance(50)) {
        for (int i = 0; i < 6; ++i) {
            value += ':';
            value += group();
        }
    } else {
        value += ':';
        value += group();
        value += "::";
        value += group();
    }
    Plant p;
    p.kind = PlantedKind::Pii;
    p.family = "ipv6-public";
    p.value = value;
    p.key = "remote_addr";
    p.prose = "The suspicious session came from {} according to the audit log.";
    if (style == Style::Log && chance(60)) {
        p.custom = true;
        p.before = timestamp() + " WARN  [auth] too many attempts from ";
        p.after = ", blocking for 15m\n";
    }
    return p;
}

MixedTextGenerator::Plant MixedTextGenerator::bitcoinAddress(Style)
{
    Plant p;
    p.kind = PlantedKind::Pii;
    if (chance(50)) {
        p.family = "bitcoin-base58";
        std::string payload(1, chance(60) ? '\x00' : '\x05');
        payload += randomBytes(20);
        p.value = base58(payload + sha256d(payload).substr(0, 4));
    } else {
        p.family = "bitcoin-bech32";
        p.value = chance(60) ? segwitAddress(0, randomBytes(20)) : segwitAddress(1, randomBytes(32));
    }
    p.key = "btc_address";
    p.prose = "Payouts for the bug bounty go to {} unless the researcher asks otherwise.";
    return p;
}

} // namespace veil::bench
