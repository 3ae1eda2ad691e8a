#pragma once

#include <QByteArrayView>

#include <cstddef>

namespace veil::keychain {

/// A secret in memory: bytes in libsodium's guarded heap (sodium_malloc: guard pages, mlock'ed where allowed,
/// never swapped when the kernel permits), wiped with sodium_memzero before they are freed.
///
/// - Move-only: a secret has one owner; a moved-from SecureBytes is empty.
/// - Never converts implicitly to QByteArray or QString; view() hands out a read-only window that must not
///   outlive this object (and should not be copied into ordinary memory).
/// - Not thread-safe; use from one thread at a time like any value.
class SecureBytes
{
public:
    SecureBytes() = default;
    /// `size` zero bytes. Running out of memory ends the process, like operator new would.
    explicit SecureBytes(std::size_t size);
    /// A copy of `bytes` (the caller wipes its own buffer).
    static SecureBytes copyOf(const void* data, std::size_t size);
    static SecureBytes copyOf(QByteArrayView bytes) { return copyOf(bytes.data(), std::size_t(bytes.size())); }

    SecureBytes(const SecureBytes&) = delete;
    SecureBytes& operator=(const SecureBytes&) = delete;
    SecureBytes(SecureBytes&& other) noexcept;
    SecureBytes& operator=(SecureBytes&& other) noexcept;
    ~SecureBytes();

    unsigned char* data() { return m_data; }
    const unsigned char* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    QByteArrayView view() const { return QByteArrayView(m_data, qsizetype(m_size)); }

    /// Overwrites the bytes with zeros, keeping the size.
    void wipe();
    /// Wipes and frees the bytes; the object is then empty.
    void clear();

    /// Constant-time comparison of two secrets of equal size (sodium_memcmp); false when sizes differ.
    bool equals(const SecureBytes& other) const;

private:
    unsigned char* m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace veil::keychain
