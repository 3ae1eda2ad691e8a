#include "audit/CanonicalJson.h"

namespace veil::audit {

std::string CanonicalJson::quote(std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (byte < 0x20) {
                out += "\\u00";
                out += kHex[byte >> 4];
                out += kHex[byte & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

CanonicalJson& CanonicalJson::set(std::string_view key, int64_t value)
{
    return setRaw(key, std::to_string(value));
}

CanonicalJson& CanonicalJson::setBool(std::string_view key, bool value)
{
    return setRaw(key, value ? "true" : "false");
}

CanonicalJson& CanonicalJson::set(std::string_view key, std::string_view value)
{
    return setRaw(key, quote(value));
}

CanonicalJson& CanonicalJson::set(std::string_view key, const QString& value)
{
    return setRaw(key, quote(value.toStdString()));
}

CanonicalJson& CanonicalJson::set(std::string_view key, const std::vector<std::string>& values)
{
    std::string array = "[";
    for (size_t i = 0; i < values.size(); ++i) {
        array += (i ? "," : "") + quote(values[i]);
    }
    return setRaw(key, array + "]");
}

CanonicalJson& CanonicalJson::set(std::string_view key, const QStringList& values)
{
    std::vector<std::string> utf8;
    utf8.reserve(static_cast<size_t>(values.size()));
    for (const QString& value : values) {
        utf8.push_back(value.toStdString());
    }
    return set(key, utf8);
}

CanonicalJson& CanonicalJson::set(std::string_view key, const std::map<std::string, int64_t>& counts)
{
    CanonicalJson object;
    for (const auto& [name, count] : counts) {
        object.set(name, count);
    }
    return setRaw(key, object.text());
}

CanonicalJson& CanonicalJson::setRaw(std::string_view key, std::string_view json)
{
    m_fields.insert_or_assign(std::string(key), std::string(json));
    return *this;
}

std::string CanonicalJson::text() const
{
    std::string out = "{";
    for (const auto& [key, value] : m_fields) {
        if (out.size() > 1) {
            out += ',';
        }
        out += quote(key);
        out += ':';
        out += value;
    }
    return out + "}";
}

} // namespace veil::audit
