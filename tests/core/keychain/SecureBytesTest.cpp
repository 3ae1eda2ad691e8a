#include "keychain/SecureBytes.h"
#include "support/CatchQt.h"

#include <algorithm>
#include <type_traits>

using veil::keychain::SecureBytes;

static_assert(!std::is_copy_constructible_v<SecureBytes> && !std::is_copy_assignable_v<SecureBytes>);
static_assert(std::is_nothrow_move_constructible_v<SecureBytes> && std::is_nothrow_move_assignable_v<SecureBytes>);

TEST_CASE("SecureBytes copies, compares and starts zeroed", "[keychain][securebytes]")
{
    const SecureBytes zeros(16);
    REQUIRE(zeros.size() == 16);
    CHECK(std::all_of(zeros.data(), zeros.data() + zeros.size(), [](unsigned char c) { return c == 0; }));

    const SecureBytes a = SecureBytes::copyOf(QByteArrayView("sk-test-123"));
    CHECK(a.view() == QByteArrayView("sk-test-123"));
    CHECK(a.equals(SecureBytes::copyOf(QByteArrayView("sk-test-123"))));
    CHECK_FALSE(a.equals(SecureBytes::copyOf(QByteArrayView("sk-test-124"))));
    CHECK_FALSE(a.equals(SecureBytes::copyOf(QByteArrayView("sk-test"))));

    const SecureBytes empty = SecureBytes::copyOf(QByteArrayView());
    CHECK(empty.isEmpty());
    CHECK(empty.data() == nullptr);
    CHECK(empty.equals(SecureBytes()));
}

TEST_CASE("SecureBytes moves hand over the buffer and leave the source empty", "[keychain][securebytes]")
{
    SecureBytes source = SecureBytes::copyOf(QByteArrayView("secret"));
    const unsigned char* buffer = source.data();

    SecureBytes moved(std::move(source));
    CHECK(moved.data() == buffer);
    CHECK(moved.view() == QByteArrayView("secret"));
    CHECK(source.isEmpty()); // NOLINT(bugprone-use-after-move): the moved-from state is the contract
    CHECK(source.data() == nullptr);

    SecureBytes target = SecureBytes::copyOf(QByteArrayView("old"));
    target = std::move(moved);
    CHECK(target.data() == buffer);
    CHECK(target.view() == QByteArrayView("secret"));
    CHECK(moved.isEmpty()); // NOLINT(bugprone-use-after-move)
}

TEST_CASE("SecureBytes wipe zeroes in place and clear frees", "[keychain][securebytes]")
{
    SecureBytes bytes = SecureBytes::copyOf(QByteArrayView("\x01\x02\x03\xff", 4));
    const unsigned char* buffer = bytes.data();
    bytes.wipe();
    REQUIRE(bytes.size() == 4);
    CHECK(bytes.data() == buffer);
    CHECK(std::all_of(bytes.data(), bytes.data() + bytes.size(), [](unsigned char c) { return c == 0; }));

    bytes.clear();
    CHECK(bytes.isEmpty());
    CHECK(bytes.data() == nullptr);
    bytes.clear(); // twice is harmless
    CHECK(bytes.isEmpty());
}
