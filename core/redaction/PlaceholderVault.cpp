#include "redaction/PlaceholderVault.h"

#include <sodium.h>

namespace veil::redaction {

InMemoryVault::~InMemoryVault()
{
    for (auto& [placeholder, value] : m_byPlaceholder) {
        sodium_memzero(value.data(), value.size());
    }
    for (auto& [value, placeholder] : m_byValue) {
        // Keys of a map are const; wiping them in place is still sound for std::string storage.
        auto& key = const_cast<std::string&>(value);
        sodium_memzero(key.data(), key.size());
    }
}

std::string InMemoryVault::placeholderFor(std::string_view type, std::string_view value)
{
    std::string key(value);
    if (auto it = m_byValue.find(key); it != m_byValue.end()) {
        return it->second;
    }
    auto counter = m_counters.find(type);
    if (counter == m_counters.end()) {
        counter = m_counters.emplace(std::string(type), 0).first;
    }
    // Appended piece by piece: GCC 12's -Wrestrict misfires on "[" + std::string(...) at -O3 (GCC bug 105329).
    std::string placeholder;
    placeholder.reserve(type.size() + 24);
    placeholder.append(1, '[').append(type).append(1, '_').append(std::to_string(++counter->second)).append(1, ']');
    m_byPlaceholder.emplace(placeholder, key);
    m_byValue.emplace(std::move(key), placeholder);
    return placeholder;
}

std::optional<std::string> InMemoryVault::valueFor(std::string_view placeholder) const
{
    if (auto it = m_byPlaceholder.find(std::string(placeholder)); it != m_byPlaceholder.end()) {
        return it->second;
    }
    return std::nullopt;
}

bool isPlaceholder(std::string_view text)
{
    // [TYPE_N]: '[', an upper-case letter, [A-Z0-9_]*, '_', digits, ']'
    if (text.size() < 5 || text.front() != '[' || text.back() != ']') {
        return false;
    }
    std::string_view inner = text.substr(1, text.size() - 2);
    size_t underscore = inner.rfind('_');
    if (underscore == std::string_view::npos || underscore == 0 || underscore + 1 == inner.size()) {
        return false;
    }
    if (inner[0] < 'A' || inner[0] > 'Z') {
        return false;
    }
    for (size_t i = 0; i < underscore; ++i) {
        const char c = inner[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
            return false;
        }
    }
    for (size_t i = underscore + 1; i < inner.size(); ++i) {
        if (inner[i] < '0' || inner[i] > '9') {
            return false;
        }
    }
    return true;
}

} // namespace veil::redaction
