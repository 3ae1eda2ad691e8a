// Fuzzes the age v1 header reader and writer. Input layout: byte 0 picks the check, the rest feeds it.
//   0: the rest is read as a header; no crash, and a header that reads back writes back to the same bytes.
//   1: the rest makes stanzas (one per line: words become the type and arguments, the line is the body);
//      writing them then reading gives back the same stanzas, MAC and length.
//   2: the rest derives one to four X25519 identities; AgeEncryptor's header for their recipients reads back
//      with one stanza per recipient, in order, each opened by its own identity only, all to the same file key,
//      and the MAC checks out under that key.
#include "export/AgeEncryptor.h"
#include "export/AgeHeader.h"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>

using namespace veil::exports;

namespace {

using Key = std::array<uint8_t, 32>;

void require(bool condition)
{
    if (!condition) {
        std::abort();
    }
}

QByteArrayView view(const Key& key)
{
    return QByteArrayView(reinterpret_cast<const char*>(key.data()), qsizetype(key.size()));
}

void readArbitrary(QByteArrayView bytes)
{
    qsizetype size = -1;
    const auto header = AgeHeader::parse(bytes, &size);
    if (header) {
        require(size > 0 && size <= bytes.size() && header->encode() == bytes.first(size));
    }
}

void roundTripStanzas(QByteArrayView bytes)
{
    AgeHeader header;
    for (const QByteArray& line : bytes.toByteArray().split('\n')) {
        AgeStanza stanza;
        for (QByteArray word : line.split(' ')) {
            for (char& c : word) {
                c = char(0x21 + uint8_t(c) % 94); // printable ASCII, no space
            }
            if (!word.isEmpty()) {
                (stanza.type.isEmpty() ? stanza.type : stanza.arguments.emplace_back()) = word;
            }
        }
        if (stanza.type.isEmpty()) {
            stanza.type = "X25519";
        }
        stanza.body = line;
        header.stanzas.append(stanza);
    }
    header.mac = QByteArray(32, '\0');
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        header.mac[i % 32] = char(header.mac[i % 32] ^ bytes[i]);
    }
    const QByteArray written = header.encode() + "payload";
    qsizetype size = -1;
    const auto read = AgeHeader::parse(written, &size);
    require(read && read.value() == header && size == written.size() - 7);
}

void roundTripEncryptor(QByteArrayView bytes)
{
    if (sodium_init() < 0) {
        std::abort();
    }
    const int count = bytes.isEmpty() ? 1 : 1 + uint8_t(bytes[0]) % 4;
    std::vector<Key> identities(static_cast<size_t>(count));
    QList<AgeRecipient> recipients;
    for (int i = 0; i < count; ++i) {
        const uint8_t index = uint8_t(i);
        crypto_generichash_state state;
        crypto_generichash_init(&state, nullptr, 0, 32);
        crypto_generichash_update(&state, reinterpret_cast<const uint8_t*>(bytes.data()), size_t(bytes.size()));
        crypto_generichash_update(&state, &index, 1);
        crypto_generichash_final(&state, identities[size_t(i)].data(), 32);
        AgeRecipient recipient;
        require(crypto_scalarmult_base(recipient.publicKey.data(), identities[size_t(i)].data()) == 0);
        recipients.append(recipient);
    }
    auto encryptor = AgeEncryptor::create(recipients);
    require(bool(encryptor));
    const QByteArray written = encryptor->header();
    qsizetype size = -1;
    const auto header = AgeHeader::parse(written, &size);
    require(header && size == written.size() - 16 && header->encode() == written.first(size)
            && header->stanzas.size() == count);

    // Opens stanza `s` with identity `i`; empty when it does not open.
    const auto open = [&](qsizetype s, int i) -> QByteArray {
        const AgeStanza& stanza = header->stanzas[s];
        require(stanza.type == "X25519" && stanza.arguments.size() == 1 && stanza.body.size() == 32);
        const auto decoded = QByteArray::fromBase64Encoding(
            stanza.arguments.front(), QByteArray::AbortOnBase64DecodingErrors | QByteArray::OmitTrailingEquals);
        require(decoded && decoded.decoded.size() == 32);
        const QByteArray& share = decoded.decoded;
        Key shared{};
        Key wrapKey{};
        require(crypto_scalarmult(shared.data(), identities[size_t(i)].data(),
                                  reinterpret_cast<const uint8_t*>(share.constData()))
                == 0);
        QByteArray salt = share;
        salt.append(view(recipients[i].publicKey));
        require(bool(hkdfSha256(wrapKey, view(shared), salt, "age-encryption.org/v1/X25519")));
        static const std::array<uint8_t, crypto_aead_chacha20poly1305_ietf_NPUBBYTES> zeroNonce{};
        QByteArray fileKey(16, '\0');
        unsigned long long fileKeySize = 0;
        if (crypto_aead_chacha20poly1305_ietf_decrypt(reinterpret_cast<uint8_t*>(fileKey.data()), &fileKeySize, nullptr,
                                                      reinterpret_cast<const uint8_t*>(stanza.body.constData()),
                                                      size_t(stanza.body.size()), nullptr, 0, zeroNonce.data(),
                                                      wrapKey.data())
            != 0) {
            return {};
        }
        require(fileKeySize == 16);
        return fileKey;
    };
    QByteArray fileKey;
    for (int i = 0; i < count; ++i) {
        const QByteArray opened = open(i, i);
        require(!opened.isEmpty() && (fileKey.isEmpty() || opened == fileKey));
        fileKey = opened;
        if (count > 1) {
            require(open((i + 1) % count, i).isEmpty());
        }
    }
    Key macKey{};
    require(bool(hkdfSha256(macKey, fileKey, {}, "header")));
    const QByteArray macInput = AgeHeader::macInput(header->stanzas);
    Key mac{};
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, macKey.data(), macKey.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const uint8_t*>(macInput.constData()),
                                  size_t(macInput.size()));
    crypto_auth_hmacsha256_final(&state, mac.data());
    require(view(mac) == header->mac);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    const QByteArrayView rest(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    switch (data[0] % 3) {
    case 0:
        readArbitrary(rest);
        break;
    case 1:
        roundTripStanzas(rest);
        break;
    default:
        roundTripEncryptor(rest);
        break;
    }
    return 0;
}
