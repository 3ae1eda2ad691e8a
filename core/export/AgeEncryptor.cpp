#include "export/AgeEncryptor.h"

#include "export/AgeHeader.h"

#include <sodium.h>

#include <QIODevice>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <utility>

namespace veil::exports {
namespace {

constexpr qsizetype kChunkSize = 64 * 1024;
constexpr size_t kTagSize = crypto_aead_chacha20poly1305_ietf_ABYTES;
constexpr size_t kFileKeySize = 16;
constexpr size_t kNonceSize = 16;
constexpr char kBech32Alphabet[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

const unsigned char* bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char*>(view.data());
}

QByteArrayView view(std::span<const uint8_t> data)
{
    return QByteArrayView(reinterpret_cast<const char*>(data.data()), qsizetype(data.size()));
}

Error invalid(const QString& message)
{
    return Error{Error::Code::InvalidInput, message};
}

Error sodiumFailure()
{
    return Error{Error::Code::Internal, QStringLiteral("The cryptography library could not be initialised.")};
}

void hmacSha256(std::span<uint8_t, crypto_auth_hmacsha256_BYTES> out, QByteArrayView key,
                std::initializer_list<QByteArrayView> message)
{
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, bytes(key), size_t(key.size()));
    for (QByteArrayView part : message) {
        crypto_auth_hmacsha256_update(&state, bytes(part), static_cast<unsigned long long>(part.size()));
    }
    crypto_auth_hmacsha256_final(&state, out.data());
    sodium_memzero(&state, sizeof state);
}

// --- Bech32 (BIP 173) ---

uint32_t polymod(QByteArrayView hrp, const QByteArray& values)
{
    static constexpr uint32_t kGenerator[] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    uint32_t chk = 1;
    auto step = [&](uint8_t value) {
        const uint32_t top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (int i = 0; i < 5; ++i) {
            if ((top >> i) & 1) {
                chk ^= kGenerator[i];
            }
        }
    };
    for (char c : hrp) {
        step(uint8_t(uint8_t(c) >> 5));
    }
    step(0);
    for (char c : hrp) {
        step(uint8_t(uint8_t(c) & 31));
    }
    for (char v : values) {
        step(uint8_t(v));
    }
    return chk;
}

/// Regroups bits; with `pad` false, refuses leftover bits that are too many or not zero.
bool convertBits(const QByteArray& in, int fromBits, int toBits, bool pad, QByteArray& out)
{
    uint32_t acc = 0;
    int bits = 0;
    const uint32_t maxValue = (1u << toBits) - 1;
    for (char c : in) {
        const uint32_t value = uint8_t(c);
        if ((value >> fromBits) != 0) {
            return false;
        }
        acc = (acc << fromBits) | value;
        bits += fromBits;
        while (bits >= toBits) {
            bits -= toBits;
            out.append(char((acc >> bits) & maxValue));
        }
    }
    if (pad) {
        if (bits > 0) {
            out.append(char((acc << (toBits - bits)) & maxValue));
        }
    } else if (bits >= fromBits || ((acc << (toBits - bits)) & maxValue) != 0) {
        return false;
    }
    return true;
}

} // namespace

Status hkdfSha256(std::span<uint8_t> out, QByteArrayView ikm, QByteArrayView salt, QByteArrayView info)
{
    constexpr size_t kHash = crypto_auth_hmacsha256_BYTES;
    if (out.size() > 255 * kHash) {
        return Status::failure(Error::Code::InvalidInput,
                               QStringLiteral("HKDF-SHA-256 cannot produce more than 8160 bytes."));
    }
    static const std::array<uint8_t, kHash> zeroSalt{};
    std::array<uint8_t, kHash> prk{};
    hmacSha256(prk, salt.isEmpty() ? view(zeroSalt) : salt, {ikm});
    std::array<uint8_t, kHash> block{};
    size_t done = 0;
    for (uint8_t counter = 1; done < out.size(); ++counter) {
        const char counterByte = char(counter);
        const QByteArrayView previous = counter == 1 ? QByteArrayView() : view(block);
        hmacSha256(block, view(prk), {previous, info, QByteArrayView(&counterByte, 1)});
        const size_t take = std::min(kHash, out.size() - done);
        std::copy_n(block.begin(), take, out.begin() + ptrdiff_t(done));
        done += take;
    }
    sodium_memzero(prk.data(), prk.size());
    sodium_memzero(block.data(), block.size());
    return {};
}

Result<Bech32> decodeBech32(QByteArrayView text)
{
    bool lower = false;
    bool upper = false;
    for (char c : text) {
        if (uchar(c) < 33 || uchar(c) > 126) {
            return invalid(QStringLiteral("The Bech32 string contains a space or a non-ASCII character."));
        }
        lower = lower || (c >= 'a' && c <= 'z');
        upper = upper || (c >= 'A' && c <= 'Z');
    }
    if (lower && upper) {
        return invalid(QStringLiteral("The Bech32 string mixes upper and lower case."));
    }
    const QByteArray folded = text.toByteArray().toLower();
    const qsizetype separator = folded.lastIndexOf('1');
    if (separator < 1 || folded.size() - separator - 1 < 6) {
        return invalid(QStringLiteral("The Bech32 string has no prefix or is too short."));
    }
    const QByteArrayView hrp = QByteArrayView(folded).first(separator);
    QByteArray values;
    for (char c : QByteArrayView(folded).sliced(separator + 1)) {
        const char* found = std::char_traits<char>::find(kBech32Alphabet, 32, c);
        if (found == nullptr) {
            return invalid(QStringLiteral("The Bech32 string contains a character outside its alphabet."));
        }
        values.append(char(found - kBech32Alphabet));
    }
    if (polymod(hrp, values) != 1) {
        return invalid(QStringLiteral("The Bech32 checksum does not match: the string was mistyped or truncated."));
    }
    values.chop(6);
    Bech32 decoded;
    decoded.hrp = hrp.toByteArray();
    if (!convertBits(values, 5, 8, false, decoded.data)) {
        return invalid(QStringLiteral("The Bech32 data has invalid padding."));
    }
    return decoded;
}

QByteArray encodeBech32(QByteArrayView hrp, QByteArrayView data)
{
    QByteArray values;
    convertBits(data.toByteArray(), 8, 5, true, values);
    QByteArray withChecksum = values;
    withChecksum.append(6, '\0');
    const uint32_t checksum = polymod(hrp, withChecksum) ^ 1;
    for (int i = 0; i < 6; ++i) {
        values.append(char((checksum >> (5 * (5 - i))) & 31));
    }
    QByteArray out = hrp.toByteArray();
    out.append('1');
    for (char v : values) {
        out.append(kBech32Alphabet[uint8_t(v)]);
    }
    return out;
}

Result<AgeRecipient> AgeRecipient::parse(QByteArrayView text)
{
    const QByteArrayView trimmed = text.trimmed();
    if (trimmed.startsWith("AGE-SECRET-KEY-")) {
        return invalid(QStringLiteral("This is an age identity (a secret key), not a recipient; give its public key "
                                      "(age-keygen -y prints it)."));
    }
    if (std::any_of(trimmed.begin(), trimmed.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
        return invalid(QStringLiteral("An age recipient must be written in lower case (\"age1...\")."));
    }
    auto decoded = decodeBech32(trimmed);
    if (!decoded) {
        return invalid(QStringLiteral("The age recipient is malformed: %1").arg(decoded.error().message));
    }
    if (decoded->hrp != "age") {
        return invalid(QStringLiteral("The recipient is not an age X25519 recipient: it starts with \"%1\" instead "
                                      "of \"age1\".")
                           .arg(QString::fromLatin1(decoded->hrp)));
    }
    if (decoded->data.size() != 32) {
        return invalid(
            QStringLiteral("The age recipient holds %1 bytes instead of a 32-byte key.").arg(decoded->data.size()));
    }
    AgeRecipient recipient;
    std::copy_n(bytes(decoded->data), 32, recipient.publicKey.begin());
    return recipient;
}

QString AgeRecipient::toString() const
{
    return QString::fromLatin1(encodeBech32("age", view(publicKey)));
}

// --- AgeEncryptor ---

namespace {

/// One "-> X25519" stanza wrapping `fileKey` for `recipient`.
Result<AgeStanza> makeStanza(std::span<const uint8_t> fileKey, const AgeRecipient& recipient)
{
    std::array<uint8_t, crypto_scalarmult_SCALARBYTES> ephemeral{};
    std::array<uint8_t, crypto_scalarmult_BYTES> share{};
    std::array<uint8_t, crypto_scalarmult_BYTES> shared{};
    std::array<uint8_t, 32> wrapKey{};
    auto cleanup = [&] {
        sodium_memzero(ephemeral.data(), ephemeral.size());
        sodium_memzero(shared.data(), shared.size());
        sodium_memzero(wrapKey.data(), wrapKey.size());
    };
    randombytes_buf(ephemeral.data(), ephemeral.size());
    if (crypto_scalarmult_base(share.data(), ephemeral.data()) != 0
        || crypto_scalarmult(shared.data(), ephemeral.data(), recipient.publicKey.data()) != 0
        || sodium_is_zero(shared.data(), shared.size())) {
        cleanup();
        return Error{Error::Code::InvalidInput,
                     QStringLiteral("The age recipient %1 is not a usable X25519 key (it gives an all-zero "
                                    "shared secret).")
                         .arg(recipient.toString())};
    }
    QByteArray salt = view(share).toByteArray();
    salt.append(view(recipient.publicKey));
    if (Status derived = hkdfSha256(wrapKey, view(shared), salt, "age-encryption.org/v1/X25519"); !derived) {
        cleanup();
        return derived.error();
    }
    static const std::array<uint8_t, crypto_aead_chacha20poly1305_ietf_NPUBBYTES> zeroNonce{};
    std::array<uint8_t, kFileKeySize + kTagSize> body{};
    unsigned long long bodySize = 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(body.data(), &bodySize, fileKey.data(), fileKey.size(), nullptr, 0,
                                              nullptr, zeroNonce.data(), wrapKey.data());
    cleanup();
    return AgeStanza{
        "X25519", {view(share).toByteArray().toBase64(QByteArray::OmitTrailingEquals)}, view(body).toByteArray()};
}

} // namespace

Result<AgeEncryptor> AgeEncryptor::create(const QList<AgeRecipient>& recipients)
{
    if (sodium_init() < 0) {
        return sodiumFailure();
    }
    if (recipients.isEmpty()) {
        return invalid(QStringLiteral("An age file needs at least one recipient."));
    }
    std::array<uint8_t, kFileKeySize> fileKey{};
    randombytes_buf(fileKey.data(), fileKey.size());

    AgeEncryptor encryptor;
    QByteArray& header = encryptor.m_header;
    QList<AgeStanza> stanzas;
    for (const AgeRecipient& recipient : recipients) {
        auto stanza = makeStanza(fileKey, recipient);
        if (!stanza) {
            sodium_memzero(fileKey.data(), fileKey.size());
            return stanza.error();
        }
        stanzas.append(std::move(stanza.value()));
    }
    header = AgeHeader::macInput(stanzas);
    std::array<uint8_t, 32> macKey{};
    std::array<uint8_t, crypto_auth_hmacsha256_BYTES> mac{};
    Status derived = hkdfSha256(macKey, view(fileKey), {}, "header");
    hmacSha256(mac, view(macKey), {header});
    sodium_memzero(macKey.data(), macKey.size());
    header.append(' ');
    header.append(view(mac).toByteArray().toBase64(QByteArray::OmitTrailingEquals));
    header.append('\n');

    std::array<uint8_t, kNonceSize> nonce{};
    randombytes_buf(nonce.data(), nonce.size());
    header.append(view(nonce));
    if (derived) {
        derived = hkdfSha256(encryptor.m_payloadKey, view(fileKey), view(nonce), "payload");
    }
    sodium_memzero(fileKey.data(), fileKey.size());
    if (!derived) {
        return derived.error();
    }
    encryptor.m_buffer.reserve(kChunkSize);
    return encryptor;
}

AgeEncryptor::AgeEncryptor(AgeEncryptor&& other) noexcept
    : m_payloadKey(other.m_payloadKey)
    , m_header(std::move(other.m_header))
    , m_buffer(std::move(other.m_buffer))
    , m_counter(other.m_counter)
    , m_headerSent(other.m_headerSent)
    , m_finished(other.m_finished)
{
    other.wipe();
}

AgeEncryptor& AgeEncryptor::operator=(AgeEncryptor&& other) noexcept
{
    if (this != &other) {
        wipe();
        m_payloadKey = other.m_payloadKey;
        m_header = std::move(other.m_header);
        m_buffer = std::move(other.m_buffer);
        m_counter = other.m_counter;
        m_headerSent = other.m_headerSent;
        m_finished = other.m_finished;
        other.wipe();
    }
    return *this;
}

AgeEncryptor::~AgeEncryptor()
{
    wipe();
}

void AgeEncryptor::wipe()
{
    sodium_memzero(m_payloadKey.data(), m_payloadKey.size());
    if (!m_buffer.isEmpty()) {
        sodium_memzero(m_buffer.data(), size_t(m_buffer.size()));
    }
    m_buffer.clear();
    m_finished = true;
}

QByteArray AgeEncryptor::takeHeader()
{
    if (m_headerSent) {
        return {};
    }
    m_headerSent = true;
    return m_header;
}

QByteArray AgeEncryptor::sealChunk(bool last)
{
    std::array<uint8_t, crypto_aead_chacha20poly1305_ietf_NPUBBYTES> nonce{};
    uint64_t counter = m_counter++;
    for (int i = 10; i >= 3; --i) {
        nonce[size_t(i)] = uint8_t(counter & 0xff);
        counter >>= 8;
    }
    nonce[11] = last ? 1 : 0;
    QByteArray sealed(m_buffer.size() + qsizetype(kTagSize), Qt::Uninitialized);
    unsigned long long sealedSize = 0;
    crypto_aead_chacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(sealed.data()), &sealedSize,
                                              bytes(m_buffer), static_cast<unsigned long long>(m_buffer.size()),
                                              nullptr, 0, nullptr, nonce.data(), m_payloadKey.data());
    if (!m_buffer.isEmpty()) {
        sodium_memzero(m_buffer.data(), size_t(m_buffer.size()));
    }
    m_buffer.resize(0);
    return sealed;
}

Result<QByteArray> AgeEncryptor::write(QByteArrayView plaintext)
{
    if (m_finished) {
        return Error{Error::Code::Internal, QStringLiteral("The age file was already finished.")};
    }
    QByteArray out = takeHeader();
    qsizetype position = 0;
    while (position < plaintext.size()) {
        // A full chunk is sealed only once more data follows, so the final chunk is never empty.
        if (m_buffer.size() == kChunkSize) {
            if (m_counter == UINT64_MAX) {
                return Error{Error::Code::Capacity, QStringLiteral("The age file is too large.")};
            }
            out.append(sealChunk(false));
        }
        const qsizetype take = std::min(kChunkSize - m_buffer.size(), plaintext.size() - position);
        m_buffer.append(plaintext.sliced(position, take));
        position += take;
    }
    return out;
}

Result<QByteArray> AgeEncryptor::finish()
{
    if (m_finished) {
        return Error{Error::Code::Internal, QStringLiteral("The age file was already finished.")};
    }
    QByteArray out = takeHeader();
    out.append(sealChunk(true));
    wipe();
    return out;
}

Result<QByteArray> encryptToAge(QByteArrayView plaintext, const QList<AgeRecipient>& recipients)
{
    auto encryptor = AgeEncryptor::create(recipients);
    if (!encryptor) {
        return encryptor.error();
    }
    auto body = encryptor->write(plaintext);
    if (!body) {
        return body.error();
    }
    auto rest = encryptor->finish();
    if (!rest) {
        return rest.error();
    }
    body->append(rest.value());
    return body;
}

Status encryptToAge(QIODevice& input, QIODevice& output, const QList<AgeRecipient>& recipients)
{
    auto encryptor = AgeEncryptor::create(recipients);
    if (!encryptor) {
        return encryptor.error();
    }
    QByteArray block(kChunkSize, Qt::Uninitialized);
    auto put = [&](const QByteArray& bytesOut) {
        return output.write(bytesOut) == bytesOut.size();
    };
    Status status;
    for (;;) {
        const qint64 read = input.read(block.data(), block.size());
        if (read < 0) {
            status
                = Status::failure(Error::Code::Unavailable, QStringLiteral("The data to encrypt could not be read."));
            break;
        }
        if (read == 0 && input.atEnd()) {
            break;
        }
        if (read == 0 && !input.waitForReadyRead(-1)) {
            break;
        }
        auto sealed = encryptor->write(QByteArrayView(block.constData(), read));
        if (!sealed) {
            status = sealed.error();
            break;
        }
        if (!put(sealed.value())) {
            status
                = Status::failure(Error::Code::Unavailable, QStringLiteral("The encrypted file could not be written."));
            break;
        }
    }
    sodium_memzero(block.data(), size_t(block.size()));
    if (!status) {
        return status;
    }
    auto rest = encryptor->finish();
    if (!rest) {
        return rest.error();
    }
    if (!put(rest.value())) {
        return Status::failure(Error::Code::Unavailable, QStringLiteral("The encrypted file could not be written."));
    }
    return {};
}

} // namespace veil::exports
