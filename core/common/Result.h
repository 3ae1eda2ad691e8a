#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace veil {

/// What went wrong, as a code callers can branch on and one sentence a person can read.
/// Messages never contain secret values.
struct Error
{
    enum class Code {
        InvalidInput, ///< the caller's data is malformed (bad JSON, bad UTF-8, bad rule)
        NotFound, ///< the thing asked for does not exist
        Unavailable, ///< a service (keychain, network) cannot be reached
        Denied, ///< policy or the user refused
        Capacity, ///< a size or memory limit was reached
        Cancelled, ///< the caller aborted the work
        Timeout, ///< the other side did not answer in time
        Internal, ///< anything else
    };

    Code code = Code::Internal;
    QString message;
};

/// A value or an Error; no exceptions cross Veil's API.
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::move(value))
    {
    }
    Result(Error error)
        : m_state(std::move(error))
    {
    }

    static Result failure(Error::Code code, QString message) { return Result(Error{code, std::move(message)}); }

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_state); }
    const T& value() const& { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

/// Result of an operation that yields nothing but success or an Error.
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(Error error)
        : m_error(std::move(error))
    {
    }

    static Status failure(Error::Code code, QString message) { return Status(Error{code, std::move(message)}); }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace veil
