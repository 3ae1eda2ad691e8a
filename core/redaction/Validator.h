#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace veil::redaction {

/// A check on a candidate value that a pattern alone cannot express (checksums, entropy, ranges).
/// Pure functions of the value; thread-safe.
class Validator
{
public:
    enum class Kind {
        Entropy,
        Luhn,
        Iban,
        Jwt,
        JwtBase64,
        Ipv4Public,
        Ipv6Public,
        UsSsn,
        Phone,
        BtcAddress,
        NotPlaceholder,
        MixedCaseOrDigits,
        HasDigit,
    };

    /// Parses a catalogue name such as "luhn" or "entropy>=3.5"; nullopt when unknown.
    static std::optional<Validator> parse(std::string_view name);

    Kind kind() const { return m_kind; }
    const std::string& name() const { return m_name; }
    bool accepts(std::string_view value) const;

    // The individual checks, exposed for tests and for other subsystems.
    static double shannonEntropy(std::string_view value);
    static bool luhn(std::string_view value);
    static bool iban(std::string_view value);
    static bool jwt(std::string_view value);
    static bool jwtBase64(std::string_view value);
    static bool ipv4Public(std::string_view value);
    static bool ipv6Public(std::string_view value);
    static bool usSsn(std::string_view value);
    static bool phone(std::string_view value);
    static bool btcAddress(std::string_view value);
    static bool looksLikePlaceholder(std::string_view value);
    static bool mixedCaseOrDigits(std::string_view value);

private:
    Validator(Kind kind, std::string name, double threshold = 0)
        : m_kind(kind)
        , m_name(std::move(name))
        , m_threshold(threshold)
    {
    }

    Kind m_kind;
    std::string m_name;
    double m_threshold;
};

} // namespace veil::redaction
