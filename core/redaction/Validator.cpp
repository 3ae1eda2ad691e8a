#include "redaction/Validator.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace veil::redaction {
namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}
bool isLower(char c)
{
    return c >= 'a' && c <= 'z';
}
char toLower(char c)
{
    return isUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string digitsOf(std::string_view value)
{
    std::string digits;
    digits.reserve(value.size());
    for (char c : value) {
        if (isDigit(c)) {
            digits.push_back(c);
        }
    }
    return digits;
}

/// Decodes base64 (standard or URL alphabet, padding optional). Returns false on a character outside both.
bool decodeBase64(std::string_view in, std::string& out)
{
    out.clear();
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : in) {
        int v;
        if (isUpper(c)) {
            v = c - 'A';
        } else if (isLower(c)) {
            v = c - 'a' + 26;
        } else if (isDigit(c)) {
            v = c - '0' + 52;
        } else if (c == '+' || c == '-') {
            v = 62;
        } else if (c == '/' || c == '_') {
            v = 63;
        } else if (c == '=') {
            break;
        } else {
            return false;
        }
        buffer = (buffer << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return true;
}

bool looksLikeJsonObject(std::string_view decoded)
{
    size_t i = 0;
    while (i < decoded.size()
           && (decoded[i] == ' ' || decoded[i] == '\n' || decoded[i] == '\r' || decoded[i] == '\t')) {
        ++i;
    }
    return i < decoded.size() && decoded[i] == '{';
}

std::optional<uint32_t> parseIpv4(std::string_view text)
{
    uint32_t address = 0;
    int parts = 0;
    size_t i = 0;
    while (parts < 4) {
        if (i >= text.size() || !isDigit(text[i])) {
            return std::nullopt;
        }
        size_t start = i;
        unsigned value = 0;
        while (i < text.size() && isDigit(text[i]) && i - start < 3) {
            value = value * 10 + static_cast<unsigned>(text[i] - '0');
            ++i;
        }
        if (value > 255 || (i < text.size() && isDigit(text[i]))) {
            return std::nullopt;
        }
        address = (address << 8) | value;
        ++parts;
        if (parts < 4) {
            if (i >= text.size() || text[i] != '.') {
                return std::nullopt;
            }
            ++i;
        }
    }
    if (i != text.size()) {
        return std::nullopt;
    }
    return address;
}

bool ipv4IsPublic(uint32_t a)
{
    auto in = [a](uint32_t network, int prefix) {
        uint32_t mask = prefix == 0 ? 0 : ~uint32_t(0) << (32 - prefix);
        return (a & mask) == network;
    };
    return !(in(0x00000000, 8) // "this" network, 0.0.0.0
             || in(0x0A000000, 8) // 10/8 private
             || in(0x64400000, 10) // 100.64/10 carrier-grade NAT
             || in(0x7F000000, 8) // loopback
             || in(0xA9FE0000, 16) // link-local
             || in(0xAC100000, 12) // 172.16/12 private
             || in(0xC0A80000, 16) // 192.168/16 private
             || in(0xC0000200, 24) // 192.0.2/24 documentation (TEST-NET-1)
             || in(0xC6336400, 24) // 198.51.100/24 documentation (TEST-NET-2)
             || in(0xCB007100, 24) // 203.0.113/24 documentation (TEST-NET-3)
             || in(0xE0000000, 4) // multicast
             || in(0xF0000000, 4)); // reserved, broadcast
}

/// Parses an IPv6 address (with an optional embedded IPv4 tail, zone id or prefix length stripped by the
/// caller) into 16 bytes.
std::optional<std::array<uint8_t, 16>> parseIpv6(std::string_view text)
{
    std::array<uint16_t, 8> groups{};
    int count = 0;
    int gap = -1;
    size_t i = 0;
    if (text.substr(0, 2) == "::") {
        gap = 0;
        i = 2;
        if (i == text.size()) {
            return std::array<uint8_t, 16>{};
        }
    } else if (!text.empty() && text[0] == ':') {
        return std::nullopt;
    }
    while (i < text.size()) {
        // Embedded IPv4 in the last 32 bits.
        size_t next = text.find(':', i);
        std::string_view part = text.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i);
        if (next == std::string_view::npos && part.find('.') != std::string_view::npos) {
            auto v4 = parseIpv4(part);
            if (!v4 || count > 6) {
                return std::nullopt;
            }
            groups[count++] = static_cast<uint16_t>(*v4 >> 16);
            groups[count++] = static_cast<uint16_t>(*v4 & 0xFFFF);
            i = text.size();
            break;
        }
        if (part.empty() || part.size() > 4 || count >= 8) {
            return std::nullopt;
        }
        unsigned value = 0;
        for (char c : part) {
            int digit;
            if (isDigit(c)) {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                digit = c - 'A' + 10;
            } else {
                return std::nullopt;
            }
            value = value * 16 + static_cast<unsigned>(digit);
        }
        groups[count++] = static_cast<uint16_t>(value);
        if (next == std::string_view::npos) {
            i = text.size();
            break;
        }
        i = next + 1;
        if (i < text.size() && text[i] == ':') {
            if (gap >= 0) {
                return std::nullopt;
            }
            gap = count;
            ++i;
        } else if (i == text.size()) {
            return std::nullopt;
        }
    }
    if ((gap < 0 && count != 8) || (gap >= 0 && count > 7)) {
        return std::nullopt;
    }
    std::array<uint16_t, 8> full{};
    if (gap < 0) {
        full = groups;
    } else {
        int tail = count - gap;
        for (int k = 0; k < gap; ++k) {
            full[k] = groups[k];
        }
        for (int k = 0; k < tail; ++k) {
            full[8 - tail + k] = groups[gap + k];
        }
    }
    std::array<uint8_t, 16> bytes{};
    for (int k = 0; k < 8; ++k) {
        bytes[2 * k] = static_cast<uint8_t>(full[k] >> 8);
        bytes[2 * k + 1] = static_cast<uint8_t>(full[k] & 0xFF);
    }
    return bytes;
}

constexpr std::string_view kBase58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

bool base58Check(std::string_view value)
{
    std::vector<uint8_t> bytes; // big-endian
    for (char c : value) {
        size_t digit = kBase58Alphabet.find(c);
        if (digit == std::string_view::npos) {
            return false;
        }
        uint32_t carry = static_cast<uint32_t>(digit);
        for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
            carry += static_cast<uint32_t>(*it) * 58;
            *it = static_cast<uint8_t>(carry & 0xFF);
            carry >>= 8;
        }
        while (carry > 0) {
            bytes.insert(bytes.begin(), static_cast<uint8_t>(carry & 0xFF));
            carry >>= 8;
        }
    }
    for (char c : value) {
        if (c != '1') {
            break;
        }
        bytes.insert(bytes.begin(), 0);
    }
    if (bytes.size() != 25) {
        return false;
    }
    unsigned char first[crypto_hash_sha256_BYTES];
    unsigned char second[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(first, bytes.data(), 21);
    crypto_hash_sha256(second, first, sizeof first);
    return std::memcmp(second, bytes.data() + 21, 4) == 0 && (bytes[0] == 0x00 || bytes[0] == 0x05);
}

bool bech32Check(std::string_view value)
{
    constexpr std::string_view charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    std::string lower;
    bool hasUpper = false;
    bool hasLower = false;
    for (char c : value) {
        hasUpper |= isUpper(c);
        hasLower |= isLower(c);
        lower.push_back(toLower(c));
    }
    if (hasUpper && hasLower) {
        return false;
    }
    size_t separator = lower.rfind('1');
    if (separator == std::string::npos || separator == 0 || separator + 7 > lower.size() || lower.size() > 90) {
        return false;
    }
    auto polymod = [](const std::vector<uint8_t>& values) {
        constexpr uint32_t generator[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        uint32_t chk = 1;
        for (uint8_t v : values) {
            uint32_t top = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (int i = 0; i < 5; ++i) {
                if ((top >> i) & 1) {
                    chk ^= generator[i];
                }
            }
        }
        return chk;
    };
    std::vector<uint8_t> values;
    for (size_t i = 0; i < separator; ++i) {
        values.push_back(static_cast<uint8_t>(lower[i] >> 5));
    }
    values.push_back(0);
    for (size_t i = 0; i < separator; ++i) {
        values.push_back(static_cast<uint8_t>(lower[i] & 31));
    }
    for (size_t i = separator + 1; i < lower.size(); ++i) {
        size_t digit = charset.find(lower[i]);
        if (digit == std::string_view::npos) {
            return false;
        }
        values.push_back(static_cast<uint8_t>(digit));
    }
    uint32_t check = polymod(values);
    return check == 1 || check == 0x2bc830a3; // bech32 (segwit v0) or bech32m (v1+)
}

int ibanLength(std::string_view country)
{
    struct Entry
    {
        const char* code;
        int length;
    };
    static constexpr Entry table[] = {
        {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22}, {"BH", 22},
        {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27},
        {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18}, {"FO", 18}, {"FR", 27},
        {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HN", 28}, {"HR", 21}, {"HU", 28},
        {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28},
        {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22},
        {"MK", 19}, {"MN", 20}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23},
        {"PK", 24}, {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24},
        {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28},
        {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
    };
    for (const Entry& e : table) {
        if (country == e.code) {
            return e.length;
        }
    }
    return 0;
}

} // namespace

std::optional<Validator> Validator::parse(std::string_view name)
{
    struct Named
    {
        std::string_view name;
        Kind kind;
    };
    static constexpr Named simple[] = {
        {"luhn", Kind::Luhn},
        {"iban", Kind::Iban},
        {"jwt", Kind::Jwt},
        {"jwt-base64", Kind::JwtBase64},
        {"ipv4-public", Kind::Ipv4Public},
        {"ipv6-public", Kind::Ipv6Public},
        {"us-ssn", Kind::UsSsn},
        {"phone", Kind::Phone},
        {"btc-address", Kind::BtcAddress},
        {"not-placeholder", Kind::NotPlaceholder},
        {"mixed-case-or-digits", Kind::MixedCaseOrDigits},
        {"has-digit", Kind::HasDigit},
    };
    for (const Named& n : simple) {
        if (name == n.name) {
            return Validator(n.kind, std::string(name));
        }
    }
    constexpr std::string_view entropyPrefix = "entropy>=";
    if (name.substr(0, entropyPrefix.size()) == entropyPrefix) {
        std::string_view number = name.substr(entropyPrefix.size());
        double threshold = 0;
        auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), threshold);
        if (ec == std::errc() && end == number.data() + number.size() && threshold >= 0 && threshold <= 8) {
            return Validator(Kind::Entropy, std::string(name), threshold);
        }
    }
    return std::nullopt;
}

bool Validator::accepts(std::string_view value) const
{
    switch (m_kind) {
    case Kind::Entropy:
        return shannonEntropy(value) >= m_threshold;
    case Kind::Luhn:
        return luhn(value);
    case Kind::Iban:
        return iban(value);
    case Kind::Jwt:
        return jwt(value);
    case Kind::JwtBase64:
        return jwtBase64(value);
    case Kind::Ipv4Public:
        return ipv4Public(value);
    case Kind::Ipv6Public:
        return ipv6Public(value);
    case Kind::UsSsn:
        return usSsn(value);
    case Kind::Phone:
        return phone(value);
    case Kind::BtcAddress:
        return btcAddress(value);
    case Kind::NotPlaceholder:
        return !looksLikePlaceholder(value);
    case Kind::MixedCaseOrDigits:
        return mixedCaseOrDigits(value);
    case Kind::HasDigit:
        return std::any_of(value.begin(), value.end(), isDigit);
    }
    return false;
}

double Validator::shannonEntropy(std::string_view value)
{
    if (value.empty()) {
        return 0;
    }
    std::array<uint32_t, 256> counts{};
    for (char c : value) {
        ++counts[static_cast<unsigned char>(c)];
    }
    double entropy = 0;
    const double n = static_cast<double>(value.size());
    for (uint32_t count : counts) {
        if (count > 0) {
            double p = count / n;
            entropy -= p * std::log2(p);
        }
    }
    return entropy;
}

bool Validator::luhn(std::string_view value)
{
    std::string digits = digitsOf(value);
    if (digits.size() < 12 || digits.size() > 19) {
        return false;
    }
    if (std::all_of(digits.begin(), digits.end(), [&](char c) { return c == digits[0]; })) {
        return false;
    }
    int sum = 0;
    bool doubleIt = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
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
    return sum % 10 == 0;
}

bool Validator::iban(std::string_view value)
{
    std::string compact;
    for (char c : value) {
        if (c == ' ' || c == '-') {
            continue;
        }
        if (isLower(c)) {
            c = static_cast<char>(c - 'a' + 'A');
        }
        if (!isUpper(c) && !isDigit(c)) {
            return false;
        }
        compact.push_back(c);
    }
    if (compact.size() < 15 || compact.size() > 34 || !isUpper(compact[0]) || !isUpper(compact[1])
        || !isDigit(compact[2]) || !isDigit(compact[3])) {
        return false;
    }
    if (ibanLength(std::string_view(compact).substr(0, 2)) != static_cast<int>(compact.size())) {
        return false;
    }
    std::string rearranged = compact.substr(4) + compact.substr(0, 4);
    unsigned remainder = 0;
    for (char c : rearranged) {
        if (isDigit(c)) {
            remainder = (remainder * 10 + static_cast<unsigned>(c - '0')) % 97;
        } else {
            unsigned v = static_cast<unsigned>(c - 'A' + 10);
            remainder = (remainder * 100 + v) % 97;
        }
    }
    return remainder == 1;
}

bool Validator::jwt(std::string_view value)
{
    size_t first = value.find('.');
    if (first == std::string_view::npos) {
        return false;
    }
    size_t second = value.find('.', first + 1);
    if (second == std::string_view::npos) {
        return false;
    }
    std::string header;
    std::string payload;
    if (!decodeBase64(value.substr(0, first), header)
        || !decodeBase64(value.substr(first + 1, second - first - 1), payload)) {
        return false;
    }
    return looksLikeJsonObject(header) && header.find("\"alg\"") != std::string::npos && looksLikeJsonObject(payload);
}

bool Validator::jwtBase64(std::string_view value)
{
    std::string decoded;
    if (!decodeBase64(value, decoded)) {
        return false;
    }
    size_t start = decoded.find("eyJ");
    if (start == std::string::npos) {
        return false;
    }
    size_t end = start;
    while (end < decoded.size()
           && (isUpper(decoded[end]) || isLower(decoded[end]) || isDigit(decoded[end]) || decoded[end] == '-'
               || decoded[end] == '_' || decoded[end] == '.' || decoded[end] == '=')) {
        ++end;
    }
    return jwt(std::string_view(decoded).substr(start, end - start));
}

bool Validator::ipv4Public(std::string_view value)
{
    size_t slash = value.find('/');
    auto address = parseIpv4(value.substr(0, slash));
    return address && ipv4IsPublic(*address);
}

bool Validator::ipv6Public(std::string_view value)
{
    std::string_view address = value.substr(0, value.find_first_of("%/"));
    auto bytes = parseIpv6(address);
    if (!bytes) {
        return false;
    }
    const auto& b = *bytes;
    auto allZero = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    };
    auto embeddedV4 = [&]() {
        return (uint32_t(b[12]) << 24) | (uint32_t(b[13]) << 16) | (uint32_t(b[14]) << 8) | uint32_t(b[15]);
    };
    if (allZero(0, 10) && b[10] == 0xFF && b[11] == 0xFF) {
        return ipv4IsPublic(embeddedV4()); // IPv4-mapped
    }
    if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && allZero(4, 12)) {
        return ipv4IsPublic(embeddedV4()); // NAT64 well-known prefix
    }
    if (allZero(0, 12)) {
        return false; // unspecified, loopback, IPv4-compatible (deprecated)
    }
    if ((b[0] & 0xFE) == 0xFC) {
        return false; // unique local fc00::/7
    }
    if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) {
        return false; // link-local fe80::/10
    }
    if (b[0] == 0xFF) {
        return false; // multicast
    }
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) {
        return false; // documentation 2001:db8::/32
    }
    return true;
}

bool Validator::usSsn(std::string_view value)
{
    std::string digits = digitsOf(value);
    if (digits.size() != 9) {
        return false;
    }
    std::string_view area = std::string_view(digits).substr(0, 3);
    std::string_view group = std::string_view(digits).substr(3, 2);
    std::string_view serial = std::string_view(digits).substr(5, 4);
    if (area == "000" || area == "666" || area[0] == '9' || group == "00" || serial == "0000") {
        return false;
    }
    // Numbers that were published as samples and never identify a person.
    static constexpr std::string_view samples[] = {"078051120", "219099999", "457555462", "123456789"};
    for (std::string_view s : samples) {
        if (digits == s) {
            return false;
        }
    }
    return !std::all_of(digits.begin(), digits.end(), [&](char c) { return c == digits[0]; });
}

bool Validator::phone(std::string_view value)
{
    std::string digits = digitsOf(value);
    if (digits.size() < 7 || digits.size() > 15) {
        return false;
    }
    if (std::all_of(digits.begin(), digits.end(), [&](char c) { return c == digits[0]; })) {
        return false;
    }
    bool ascending = true;
    bool descending = true;
    for (size_t i = 1; i < digits.size(); ++i) {
        ascending &= digits[i] == static_cast<char>('0' + (digits[i - 1] - '0' + 1) % 10);
        descending &= digits[i] == static_cast<char>('0' + (digits[i - 1] - '0' + 9) % 10);
    }
    return !ascending && !descending;
}

bool Validator::btcAddress(std::string_view value)
{
    if (value.size() >= 3 && (value.substr(0, 3) == "bc1" || value.substr(0, 3) == "BC1")) {
        return bech32Check(value);
    }
    if (!value.empty() && (value[0] == '1' || value[0] == '3')) {
        return base58Check(value);
    }
    return false;
}

bool Validator::looksLikePlaceholder(std::string_view value)
{
    if (value.empty()) {
        return true;
    }
    // One of Veil's own placeholders, e.g. "[EMAIL_1]", or text that already contains one.
    size_t open = value.find('[');
    while (open != std::string_view::npos) {
        size_t i = open + 1;
        bool upper = false;
        while (i < value.size() && (isUpper(value[i]) || isDigit(value[i]) || value[i] == '_')) {
            upper |= isUpper(value[i]);
            ++i;
        }
        if (upper && i < value.size() && value[i] == ']' && i > open + 2 && value[i - 1] >= '0'
            && value[i - 1] <= '9') {
            return true;
        }
        open = value.find('[', open + 1);
    }
    static constexpr std::string_view markers[] = {
        "example",     "xxxx",       "****",     "....", "your_", "your-",      "yourapi",
        "yourtoken",   "yoursecret", "yourkey",  "${",   "{{",    "changeme",   "change_me",
        "placeholder", "dummy",      "redacted", "<",    ">",     "replace_me", "insert_",
        "todo",        "fixme",      "sample_",  "...",
    };
    std::string lower(value);
    for (char& c : lower) {
        c = toLower(c);
    }
    for (std::string_view marker : markers) {
        if (lower.find(marker) != std::string::npos) {
            return true;
        }
    }
    // A printf conversion standing on its own ("%s", "%s:%s"), not a '%' inside random characters.
    for (size_t at = value.find("%s"); at != std::string_view::npos; at = value.find("%s", at + 1)) {
        const bool endsThere = at + 2 == value.size() || !std::isalnum(static_cast<unsigned char>(value[at + 2]));
        if (endsThere) {
            return true;
        }
    }
    // A single character repeated, or two alternating.
    std::array<bool, 256> seen{};
    int distinct = 0;
    for (char c : value) {
        auto& s = seen[static_cast<unsigned char>(c)];
        if (!s) {
            s = true;
            ++distinct;
        }
    }
    return value.size() >= 6 && distinct <= 2;
}

bool Validator::mixedCaseOrDigits(std::string_view value)
{
    bool upper = std::any_of(value.begin(), value.end(), isUpper);
    bool lower = std::any_of(value.begin(), value.end(), isLower);
    bool digit = std::any_of(value.begin(), value.end(), isDigit);
    return int(upper) + int(lower) + int(digit) >= 2;
}

} // namespace veil::redaction
