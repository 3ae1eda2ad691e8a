#include "keychain/SecureBytes.h"

#include <QtGlobal>

#include <sodium.h>

#include <algorithm>
#include <utility>

namespace veil::keychain {

namespace {

unsigned char* allocate(std::size_t size)
{
    if (size == 0) {
        return nullptr;
    }
    if (sodium_init() < 0) {
        qFatal("libsodium could not be initialised");
    }
    void* memory = sodium_malloc(size);
    if (!memory) {
        qFatal("out of memory for a secure buffer");
    }
    sodium_memzero(memory, size);
    return static_cast<unsigned char*>(memory);
}

} // namespace

SecureBytes::SecureBytes(std::size_t size)
    : m_data(allocate(size))
    , m_size(size)
{
}

SecureBytes SecureBytes::copyOf(const void* data, std::size_t size)
{
    SecureBytes bytes(size);
    if (size > 0) {
        std::copy_n(static_cast<const unsigned char*>(data), size, bytes.m_data);
    }
    return bytes;
}

SecureBytes::SecureBytes(SecureBytes&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
{
}

SecureBytes& SecureBytes::operator=(SecureBytes&& other) noexcept
{
    if (this != &other) {
        clear();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

SecureBytes::~SecureBytes()
{
    clear();
}

void SecureBytes::wipe()
{
    if (m_data) {
        sodium_memzero(m_data, m_size);
    }
}

void SecureBytes::clear()
{
    if (m_data) {
        sodium_memzero(m_data, m_size);
        sodium_free(m_data); // also wipes, and checks the guard canary
    }
    m_data = nullptr;
    m_size = 0;
}

bool SecureBytes::equals(const SecureBytes& other) const
{
    if (m_size != other.m_size) {
        return false;
    }
    return m_size == 0 || sodium_memcmp(m_data, other.m_data, m_size) == 0;
}

} // namespace veil::keychain
