#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace veil::redaction {

class PlaceholderVault;

/// Where a restored value stands in rehydrated text (byte offsets into RehydratedText::text).
struct RestoredSpan
{
    size_t offset = 0;
    size_t length = 0;
    std::string placeholder; ///< what the provider saw, e.g. "[EMAIL_1]"
};

struct RehydratedText
{
    std::string text;
    std::vector<RestoredSpan> restored;
};

/// Restores placeholders in a streamed reply, fed in chunks of any size.
///
/// Text that could still become a placeholder (`[` followed by placeholder characters, up to the longest
/// placeholder) is held back until the next chunk decides it; everything else is passed on at once.
/// Placeholders the vault does not know pass through unchanged. The vault must outlive the rehydrator.
class Rehydrator
{
public:
    explicit Rehydrator(const PlaceholderVault& vault)
        : m_vault(vault)
    {
    }

    /// Takes the next chunk of the reply; returns what can be shown now.
    RehydratedText feed(std::string_view chunk);

    /// The reply has ended: returns whatever was held back.
    RehydratedText finish();

    /// Bytes held back, waiting for the next chunk.
    size_t pendingSize() const { return m_pending.size(); }

    /// Rehydrates a whole text in one go.
    static RehydratedText rehydrate(const PlaceholderVault& vault, std::string_view text);

private:
    const PlaceholderVault& m_vault;
    std::string m_pending;
};

} // namespace veil::redaction
