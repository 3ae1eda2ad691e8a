#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace veil::audit {

/// Builds one JSON object in canonical form: keys sorted by their bytes, no whitespace, integers only (no
/// floating point), strings escaped as RFC 8785 (JCS) does (\" \\ \b \f \n \r \t, other control characters as
/// \u00xx, everything else as UTF-8). Equal content always gives equal bytes, so the text can be hashed.
///
/// Keys are ASCII identifiers chosen by the code; setting a key twice keeps the last value.
class CanonicalJson
{
public:
    CanonicalJson& set(std::string_view key, int64_t value);
    CanonicalJson& setBool(std::string_view key, bool value);
    CanonicalJson& set(std::string_view key, std::string_view value); ///< UTF-8
    CanonicalJson& set(std::string_view key, const char* value) { return set(key, std::string_view(value)); }
    CanonicalJson& set(std::string_view key, const QString& value);
    CanonicalJson& set(std::string_view key, const std::vector<std::string>& values);
    CanonicalJson& set(std::string_view key, const QStringList& values);
    CanonicalJson& set(std::string_view key, const std::map<std::string, int64_t>& counts);
    /// A value that is already canonical JSON text.
    CanonicalJson& setRaw(std::string_view key, std::string_view json);

    std::string text() const;

    /// `text` as a JSON string literal, quotes included.
    static std::string quote(std::string_view text);

private:
    std::map<std::string, std::string, std::less<>> m_fields; ///< key -> serialized value
};

} // namespace veil::audit
