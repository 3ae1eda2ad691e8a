#pragma once

#include "common/Result.h"
#include "redaction/PlaceholderVault.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace veil::history {

class Database;

/// The placeholder vault of one conversation, kept in the encrypted database (table `vault`).
///
/// open() loads the conversation's entries; placeholderFor() returns the stored placeholder for a value seen
/// before (in this session or an earlier one) and otherwise commits a new one, numbered per type after the
/// highest number stored, before returning it. Entries go with their conversation (ON DELETE CASCADE).
///
/// PlaceholderVault cannot report errors, so a failed write is remembered: the placeholder is still returned
/// (the text stays redacted and consistent for this session), and status() turns to the error. The pipeline
/// checks status() before it sends, and does not send when it is not ok: a reply would otherwise come back with
/// placeholders that cannot be restored after a restart.
///
/// Values held in memory are wiped when the vault is destroyed (SQLite's own page cache is released, not
/// wiped, when the Database closes). The Database must outlive the vault. Not thread-safe.
class StoredVault final : public redaction::PlaceholderVault
{
public:
    static Result<std::unique_ptr<StoredVault>> open(Database& db, int64_t conversationId);

    StoredVault(const StoredVault&) = delete;
    StoredVault& operator=(const StoredVault&) = delete;
    ~StoredVault() override;

    std::string placeholderFor(std::string_view type, std::string_view value) override;
    std::optional<std::string> valueFor(std::string_view placeholder) const override;

    /// Ok while every new entry has been committed; otherwise the first error.
    const Status& status() const { return m_status; }
    int64_t conversationId() const { return m_conversationId; }
    size_t size() const { return m_byPlaceholder.size(); }

private:
    StoredVault(Database& db, int64_t conversationId);
    Status load();
    Result<std::string> store(std::string_view type, std::string_view value);
    void remember(const std::string& placeholder, std::string_view type, int64_t number, std::string_view value);

    /// Lookups by string_view, so that no copy of a value is made just to find it.
    struct Hash
    {
        using is_transparent = void;
        size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };

    Database& m_db;
    int64_t m_conversationId = 0;
    std::unordered_map<std::string, std::string, Hash, std::equal_to<>> m_byValue; ///< value -> placeholder
    std::unordered_map<std::string, std::string, Hash, std::equal_to<>> m_byPlaceholder; ///< placeholder -> value
    std::map<std::string, int64_t, std::less<>> m_counters; ///< type -> highest number known
    Status m_status;
};

} // namespace veil::history
