#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace veil::redaction {

/// The two-way map between the values taken out of a conversation and their placeholders (`[TYPE_N]`).
///
/// One vault serves one conversation: the same value always gets the same placeholder, numbered per type from
/// 1. The encrypted history implements this interface to keep the map with its conversation; InMemoryVault
/// keeps it for the life of the object. Not thread-safe: one conversation is driven from one thread.
class PlaceholderVault
{
public:
    virtual ~PlaceholderVault() = default;

    /// The placeholder for `value`, created (as `[type_N]`) if the value is new to this vault.
    virtual std::string placeholderFor(std::string_view type, std::string_view value) = 0;

    /// The value a placeholder stands for, if this vault made it.
    virtual std::optional<std::string> valueFor(std::string_view placeholder) const = 0;
};

/// A vault in memory. Values are wiped from memory when the vault is destroyed.
class InMemoryVault final : public PlaceholderVault
{
public:
    InMemoryVault() = default;
    InMemoryVault(const InMemoryVault&) = delete;
    InMemoryVault& operator=(const InMemoryVault&) = delete;
    ~InMemoryVault() override;

    std::string placeholderFor(std::string_view type, std::string_view value) override;
    std::optional<std::string> valueFor(std::string_view placeholder) const override;

    size_t size() const { return m_byPlaceholder.size(); }

private:
    std::unordered_map<std::string, std::string> m_byValue; ///< value -> placeholder
    std::unordered_map<std::string, std::string> m_byPlaceholder; ///< placeholder -> value
    std::map<std::string, uint32_t, std::less<>> m_counters; ///< type -> last number used
};

/// True when `text` is exactly a placeholder such as `[EMAIL_12]`.
bool isPlaceholder(std::string_view text);

} // namespace veil::redaction
