#include "export/AgeHeader.h"
#include "export/AgeEncryptor.h"
#include "support/CatchQt.h"

#include <sodium.h>

using namespace veil::exports;

namespace {

/// A header written by age 1.1.1 (`age -r`), followed by the first payload bytes.
const QByteArray kAgeHeader = "age-encryption.org/v1\n"
                              "-> X25519 T6vChLDhpJwL+lGLVmZPCPDar0KdBiILX00yHVj0SjU\n"
                              "r4bT4flzyBZbCqvkhSj1EoaFe2yM0+eoZ/863giY8uw\n"
                              "--- pmtgl0w7UcnH4Bf7UQxyl1lrl6ZVYv5FX+Gy86N6UFs\n";

AgeRecipient randomRecipient()
{
    REQUIRE(sodium_init() >= 0);
    std::array<uint8_t, 32> secret{};
    randombytes_buf(secret.data(), secret.size());
    AgeRecipient recipient;
    REQUIRE(crypto_scalarmult_base(recipient.publicKey.data(), secret.data()) == 0);
    return recipient;
}

} // namespace

TEST_CASE("AgeHeader reads a header written by age and writes it back byte for byte", "[export][age]")
{
    qsizetype size = 0;
    const QByteArray file = kAgeHeader + "\x01\x02payload";
    auto header = AgeHeader::parse(file, &size);
    REQUIRE(header);
    CHECK(size == kAgeHeader.size());
    REQUIRE(header->stanzas.size() == 1);
    CHECK(header->stanzas[0].type == "X25519");
    CHECK(header->stanzas[0].arguments == QList<QByteArray>{"T6vChLDhpJwL+lGLVmZPCPDar0KdBiILX00yHVj0SjU"});
    CHECK(header->stanzas[0].body.size() == 32);
    CHECK(header->mac.size() == 32);
    CHECK(header->encode() == kAgeHeader);
}

TEST_CASE("AgeHeader reads back the stanzas AgeEncryptor writes, one per recipient", "[export][age]")
{
    auto encryptor = AgeEncryptor::create({randomRecipient(), randomRecipient(), randomRecipient()});
    REQUIRE(encryptor);
    const QByteArray written = encryptor->header();
    qsizetype size = 0;
    auto header = AgeHeader::parse(written, &size);
    REQUIRE(header);
    CHECK(size == written.size() - 16); // the payload nonce follows
    REQUIRE(header->stanzas.size() == 3);
    for (const AgeStanza& stanza : header->stanzas) {
        CHECK(stanza.type == "X25519");
        REQUIRE(stanza.arguments.size() == 1);
        CHECK(stanza.arguments[0].size() == 43);
        CHECK(stanza.body.size() == 32);
    }
    CHECK(header->encode() == written.first(size));
}

TEST_CASE("AgeHeader round-trips other stanza types, empty bodies and bodies of whole 64-column lines", "[export][age]")
{
    AgeHeader header;
    header.stanzas = {{"grease-x", {"+a", "Zx"}, {}}, {"long", {}, QByteArray(48, 'v')}, {"X25519", {"s"}, "k"}};
    header.mac = QByteArray(32, 'm');
    const QByteArray text = header.encode();
    CHECK(text.contains("\n-> grease-x +a Zx\n\n-> long\n"));
    CHECK(text.contains(QByteArray(QByteArray("dnZ2").repeated(16)
                                   + "\n\n-> X25519 s\n"))); // 48 bytes: one full line, then an empty one
    auto read = AgeHeader::parse(text);
    REQUIRE(read);
    CHECK(read.value() == header);
}

TEST_CASE("AgeHeader refuses what age refuses", "[export][age]")
{
    const auto refused = [](const QByteArray& text) {
        return !AgeHeader::parse(text);
    };
    CHECK(refused(""));
    CHECK(refused("age-encryption.org/v2\n"));
    CHECK(refused(QByteArray(kAgeHeader).replace('\n', "\r\n")));
    CHECK(refused(kAgeHeader.left(kAgeHeader.size() - 1))); // no LF after the MAC
    CHECK(refused("age-encryption.org/v1\n--- pmtgl0w7UcnH4Bf7UQxyl1lrl6ZVYv5FX+Gy86N6UFs\n")); // no stanza
    CHECK(refused(QByteArray(kAgeHeader).replace("8uw\n", "8uw=\n"))); // padding
    CHECK(refused(QByteArray(kAgeHeader).replace("8uw\n", "8ux\n"))); // non-zero unused bits
    CHECK(refused(QByteArray(kAgeHeader).replace("--- pmtgl0w7", "---pmtgl0w7")));
    CHECK(refused(QByteArray(kAgeHeader).replace("UFs\n", "U\n"))); // a MAC that is not 32 bytes
    CHECK(refused(QByteArray(kAgeHeader).replace("-> X25519 ", "-> X25519  "))); // an empty argument
    CHECK(refused("age-encryption.org/v1\n-> X\n" + QByteArray(64, 'A') + "\n--- x\n")); // no short last line
}
