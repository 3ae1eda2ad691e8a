#include "history/StoredVault.h"

#include "history/Database.h"

#include <sodium.h>

#include <algorithm>

namespace veil::history {
namespace {

std::string makePlaceholder(std::string_view type, int64_t number)
{
    return "[" + std::string(type) + "_" + std::to_string(number) + "]";
}

void wipe(std::string& text)
{
    sodium_memzero(text.data(), text.size());
}

} // namespace

StoredVault::StoredVault(Database& db, int64_t conversationId)
    : m_db(db)
    , m_conversationId(conversationId)
{
}

StoredVault::~StoredVault()
{
    for (auto& [placeholder, value] : m_byPlaceholder) {
        wipe(value);
    }
    for (auto& [value, placeholder] : m_byValue) {
        // Keys of a map are const; wiping them in place is still sound for std::string storage.
        wipe(const_cast<std::string&>(value));
    }
}

Result<std::unique_ptr<StoredVault>> StoredVault::open(Database& db, int64_t conversationId)
{
    std::unique_ptr<StoredVault> vault(new StoredVault(db, conversationId));
    if (Status loaded = vault->load(); !loaded) {
        return loaded.error();
    }
    return vault;
}

Status StoredVault::load()
{
    auto exists = m_db.prepare("SELECT 1 FROM conversations WHERE id = ?1");
    if (!exists) {
        return exists.error();
    }
    exists->bind(1, m_conversationId);
    if (!exists->next()) {
        if (!exists->status()) {
            return exists->status();
        }
        return Status::failure(Error::Code::NotFound, QStringLiteral("The conversation does not exist."));
    }
    auto stmt = m_db.prepare("SELECT placeholder, type, number, value FROM vault WHERE conversation_id = ?1");
    if (!stmt) {
        return stmt.error();
    }
    stmt->bind(1, m_conversationId);
    while (stmt->next()) {
        remember(std::string(stmt->text(0)), stmt->text(1), stmt->int64(2), stmt->text(3));
    }
    return stmt->status();
}

void StoredVault::remember(const std::string& placeholder, std::string_view type, int64_t number,
                           std::string_view value)
{
    m_byPlaceholder.emplace(placeholder, std::string(value));
    m_byValue.emplace(std::string(value), placeholder);
    auto counter = m_counters.find(type);
    if (counter == m_counters.end()) {
        m_counters.emplace(std::string(type), number);
    } else {
        counter->second = std::max(counter->second, number);
    }
}

std::string StoredVault::placeholderFor(std::string_view type, std::string_view value)
{
    if (auto it = m_byValue.find(value); it != m_byValue.end()) {
        return it->second;
    }
    Result<std::string> stored = store(type, value);
    if (stored) {
        return stored.value();
    }
    // Keep redacting consistently in this session; status() tells the caller that this entry is not stored.
    if (m_status) {
        m_status = stored.error();
    }
    auto counter = m_counters.find(type);
    const int64_t number = (counter == m_counters.end() ? 0 : counter->second) + 1;
    std::string placeholder = makePlaceholder(type, number);
    remember(placeholder, type, number, value);
    return placeholder;
}

Result<std::string> StoredVault::store(std::string_view type, std::string_view value)
{
    std::string placeholder;
    std::string storedType(type);
    int64_t number = 0;
    Status saved = m_db.transaction([&]() -> Status {
        // Another vault on this conversation (another window, another process) may have stored it meanwhile.
        auto known = m_db.prepare("SELECT placeholder, type, number FROM vault"
                                  " WHERE conversation_id = ?1 AND value = ?2");
        if (!known) {
            return known.error();
        }
        known->bind(1, m_conversationId).bindBlob(2, value);
        if (known->next()) {
            placeholder = std::string(known->text(0));
            storedType = std::string(known->text(1));
            number = known->int64(2);
            return {};
        }
        if (!known->status()) {
            return known->status();
        }

        auto highest
            = m_db.prepare("SELECT coalesce(max(number), 0) FROM vault WHERE conversation_id = ?1 AND type = ?2");
        if (!highest) {
            return highest.error();
        }
        highest->bind(1, m_conversationId).bind(2, type);
        if (!highest->next()) {
            return highest->status();
        }
        auto counter = m_counters.find(type);
        number = std::max(highest->int64(0), counter == m_counters.end() ? 0 : counter->second) + 1;
        placeholder = makePlaceholder(type, number);

        auto insert = m_db.prepare("INSERT INTO vault(conversation_id, placeholder, type, number, value)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!insert) {
            return insert.error();
        }
        insert->bind(1, m_conversationId)
            .bind(2, std::string_view(placeholder))
            .bind(3, type)
            .bind(4, number)
            .bindBlob(5, value);
        return insert->run();
    });
    if (!saved) {
        return saved.error();
    }
    remember(placeholder, storedType, number, value);
    return placeholder;
}

std::optional<std::string> StoredVault::valueFor(std::string_view placeholder) const
{
    if (auto it = m_byPlaceholder.find(placeholder); it != m_byPlaceholder.end()) {
        return it->second;
    }
    return std::nullopt;
}

} // namespace veil::history
