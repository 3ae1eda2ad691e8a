// Secrets in disguise: each case hides a made-up value of a built-in catalogue format (same values as
// BuiltinCatalogueTest) the way people paste them, and checks that redaction still takes all of it out.

#include "common/EngineSetup.h"
#include "redaction/DecodedView.h"
#include "redaction/PlaceholderVault.h"
#include "redaction/TextNormalizer.h"

#include <QByteArray>

#include <catch2/catch.hpp>

using namespace veil::redaction;

namespace {

const std::string kAwsKey = "AKIAZ3MQWERTYUIOPASD";
const std::string kGithubToken = "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R";
const std::string kSlackToken = "xoxb-2941822345-2941822345678-Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2";
const std::string kJwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaW"
                         "F0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const std::string kEmail = "jane.doe@acme-corp.io";
const std::string kCard = "4111 1111 1111 1111";
const std::string kIban = "DE89 3704 0044 0532 0130 00";
const std::string kPassword = "Zq8Lr3Vt9Wx2mP0q";

std::shared_ptr<const RedactionEngine> builtinEngine()
{
    static std::shared_ptr<const RedactionEngine> engine = [] {
        auto made = veil::app::makeRedactionEngine({}, /*checkExamples=*/false);
        INFO((made ? QString() : made.error().message).toStdString());
        REQUIRE(made);
        return made.value();
    }();
    return engine;
}

std::string utf8(char32_t cp)
{
    const QByteArray bytes = QString::fromUcs4(&cp, 1).toUtf8();
    return std::string(bytes.constData(), size_t(bytes.size()));
}

std::string base64(std::string_view bytes, bool url = false)
{
    const auto options
        = url ? QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals : QByteArray::Base64Encoding;
    return QByteArray(bytes.data(), qsizetype(bytes.size())).toBase64(options).toStdString();
}

/// Every byte as %XX.
std::string percentEncodeAll(std::string_view bytes)
{
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out += '%';
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

/// `what` after every `step` bytes of `text`, but not at its end.
std::string interleave(std::string_view text, size_t step, const std::string& what)
{
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (i > 0 && i % step == 0) {
            out += what;
        }
        out += text[i];
    }
    return out;
}

/// Printable ASCII as fullwidth forms (U+FF01..U+FF5E); spaces stay.
std::string fullwidth(std::string_view ascii)
{
    std::string out;
    for (char c : ascii) {
        out += c > ' ' && c < 0x7F ? utf8(U'\uFF01' + char32_t(c - '!')) : std::string(1, c);
    }
    return out;
}

/// Letters and digits as mathematical monospace (U+1D670.., U+1D7F6..).
std::string mathMonospace(std::string_view ascii)
{
    std::string out;
    for (char c : ascii) {
        if (c >= 'A' && c <= 'Z') {
            out += utf8(U'\U0001D670' + char32_t(c - 'A'));
        } else if (c >= 'a' && c <= 'z') {
            out += utf8(U'\U0001D68A' + char32_t(c - 'a'));
        } else if (c >= '0' && c <= '9') {
            out += utf8(U'\U0001D7F6' + char32_t(c - '0'));
        } else {
            out += c;
        }
    }
    return out;
}

/// True when `text` still holds `secret` as it is, behind invisible or look-alike characters, or in one of the
/// decoded views (percent, base64, split literals) that the engine reads.
bool stillHolds(const std::string& text, const std::string& secret)
{
    const NormalizedText normalized(text);
    if (normalized.text().find(secret) != std::string_view::npos) {
        return true;
    }
    std::vector<DecodedView> views;
    DecodedView::collect(normalized.text(), views);
    return std::any_of(views.begin(), views.end(),
                       [&](const DecodedView& view) { return view.text.find(secret) != std::string::npos; });
}

/// Redacts `text`, in which `disguised` is a disguised form of `secret`, and checks that one finding covers all
/// of `disguised` with a placeholder of `type` (any type when empty), and that nothing in the redacted text
/// still decodes to `secret`.
Redaction checkRedacted(const std::string& text, const std::string& disguised, const std::string& secret,
                        const std::string& type)
{
    INFO("text: " << text);
    const size_t at = text.find(disguised);
    REQUIRE(at != std::string::npos);
    REQUIRE(stillHolds(text, secret)); // the disguise is one the checks below can see through

    InMemoryVault vault;
    const Redaction r = builtinEngine()->redact(text, vault);
    INFO("redacted: " << r.redacted);
    const auto covering = std::find_if(r.findings.begin(), r.findings.end(), [&](const RedactedFinding& f) {
        return f.finding.start <= at && f.finding.end >= at + disguised.size();
    });
    REQUIRE(covering != r.findings.end());
    if (!type.empty()) {
        CHECK(covering->placeholder.rfind("[" + type + "_", 0) == 0);
    }
    CHECK(r.redacted.find(disguised) == std::string::npos);
    CHECK_FALSE(stillHolds(r.redacted, secret));
    return r;
}

/// A made-up RSA private key body: base64 of fixed bytes in 64-character lines.
std::vector<std::string> pemBodyLines()
{
    std::string der;
    for (int i = 0; i < 300; ++i) {
        der += static_cast<char>((i * 151 + 29) % 256);
    }
    const std::string body = base64(der);
    std::vector<std::string> lines;
    for (size_t i = 0; i < body.size(); i += 64) {
        lines.push_back(body.substr(i, 64));
    }
    return lines;
}

/// The PEM block with `newline` after each line and `indent` before each line but the first.
std::string pemBlock(const std::string& newline, const std::string& indent)
{
    std::string block = "-----BEGIN RSA PRIVATE KEY-----" + newline;
    for (const std::string& line : pemBodyLines()) {
        block += indent + line + newline;
    }
    return block + indent + "-----END RSA PRIVATE KEY-----";
}

} // namespace

TEST_CASE("zero-width and other invisible characters inside a secret are seen through", "[redaction][evasion]")
{
    auto invisible = GENERATE(as<char32_t>{}, U'\u200B', U'\u200C', U'\u200D', U'\u2060', U'\uFEFF', U'\u00AD');
    auto [before, secret, after, type] = GENERATE_REF(table<std::string, std::string, std::string, std::string>({
        {"aws_access_key_id = ", kAwsKey, "", "AWS_KEY"},
        {"export GITHUB_TOKEN=", kGithubToken, "\n", "GITHUB_TOKEN"},
        {"SLACK=", kSlackToken, "", "SLACK_TOKEN"},
        {"the session is ", kJwt, " for now", "JWT"},
        {"Contact ", kEmail, " for access", "EMAIL"},
        {"card ", kCard, " exp 12/29", "CARD"},
        {"IBAN ", kIban, " please", "IBAN"},
        {"DATABASE_URL=postgres://app:", "Zq8Lr3Vt9Wx2", "@db.internal:5432/app", "PASSWORD"},
    }));
    const std::string disguised = interleave(secret, 4, utf8(invisible));
    checkRedacted(before + disguised + after, disguised, secret, type);
}

TEST_CASE("fullwidth forms of a secret or its keyword are folded", "[redaction][evasion]")
{
    auto [text, disguised, secret, type] = GENERATE(table<std::string, std::string, std::string, std::string>({
        {"export GITHUB_TOKEN=" + fullwidth(kGithubToken), fullwidth(kGithubToken), kGithubToken, "GITHUB_TOKEN"},
        {"key " + fullwidth(kAwsKey) + " in prod", fullwidth(kAwsKey), kAwsKey, "AWS_KEY"},
        {"mail " + fullwidth(kEmail) + " today", fullwidth(kEmail), kEmail, "EMAIL"},
        {"IBAN " + fullwidth(kIban), fullwidth(kIban), kIban, "IBAN"},
        {fullwidth("password") + " = \"" + kPassword + "\"", kPassword, "password = \"" + kPassword, "PASSWORD"},
    }));
    checkRedacted(text, disguised, secret, type);
}

TEST_CASE("Cyrillic, Greek and mathematical look-alikes of ASCII letters are folded", "[redaction][evasion]")
{
    // Cyrillic а р е о, Greek ο, mathematical bold and monospace in place of the ASCII letters.
    const std::string cyrillicA = utf8(U'\u0430');
    const std::string cyrillicEr = utf8(U'\u0440');
    const std::string cyrillicIe = utf8(U'\u0435');
    const std::string greekOmicron = utf8(U'\u03BF');
    const std::string cyrillicAkia = utf8(U'\u0410') + utf8(U'\u041A') + utf8(U'\u0406') + utf8(U'\u0410');
    const std::string githubLookAlike
        = "gh" + cyrillicEr + "_1a2B3c4D5" + cyrillicIe + "6F7g8H9i0J1k2L3m4N5" + utf8(U'\u043E') + "6P7q8R";
    std::string boldPassword;
    for (char c : std::string("password")) {
        boldPassword += utf8(U'\U0001D41A' + char32_t(c - 'a'));
    }
    auto [text, disguised, secret, type] = GENERATE_REF(table<std::string, std::string, std::string, std::string>({
        {"p" + cyrillicA + "ssword = \"" + kPassword + "\"", kPassword, "password = \"" + kPassword, "PASSWORD"},
        {"passw" + greekOmicron + "rd = \"" + kPassword + "\"", kPassword, "password = \"" + kPassword, "PASSWORD"},
        {boldPassword + " = \"" + kPassword + "\"", kPassword, "password = \"" + kPassword, "PASSWORD"},
        {"token: " + githubLookAlike, githubLookAlike, kGithubToken, "GITHUB_TOKEN"},
        {"key " + cyrillicAkia + kAwsKey.substr(4), cyrillicAkia + kAwsKey.substr(4), kAwsKey, "AWS_KEY"},
        {"export GITHUB_TOKEN=" + mathMonospace(kGithubToken), mathMonospace(kGithubToken), kGithubToken,
         "GITHUB_TOKEN"},
    }));
    checkRedacted(text, disguised, secret, type);
}

TEST_CASE("a PEM private key is found whole when wrapped, indented, with CRLF or JSON escapes", "[redaction][evasion]")
{
    const std::string secondLine = pemBodyLines()[1];
    auto [text, disguised] = GENERATE_REF(table<std::string, std::string>({
        // A YAML block scalar, indented.
        {"tls:\n  key: |\n    " + pemBlock("\n", "    ") + "\n  cert: none\n", pemBlock("\n", "    ")},
        // Windows line ends.
        {pemBlock("\r\n", "") + "\r\n", pemBlock("\r\n", "")},
        // Indented with CRLF, as pasted from a Windows YAML file.
        {"key: |\r\n  " + pemBlock("\r\n", "  ") + "\r\n", pemBlock("\r\n", "  ")},
        // A JSON string with \n escapes (a cloud service account file).
        {"{\"type\": \"service_account\", \"private_key\": \"" + pemBlock("\\n", "") + "\\n\"}", pemBlock("\\n", "")},
    }));
    const Redaction r = checkRedacted(text, disguised, secondLine, "PRIVATE_KEY");
    CHECK(r.blocked);
}

TEST_CASE("a secret split into string literals over lines is joined", "[redaction][evasion]")
{
    std::string pemInJs = "const key =\n    \"-----BEGIN RSA PRIVATE KEY-----\\n\" +\n";
    for (const std::string& line : pemBodyLines()) {
        pemInJs += "    \"" + line + "\\n\" +\n";
    }
    pemInJs += "    \"-----END RSA PRIVATE KEY-----\\n\";\n";
    const std::string pemDisguised
        = pemInJs.substr(pemInJs.find("-----BEGIN"), pemInJs.find("KEY-----\\n\";") + 8 - pemInJs.find("-----BEGIN"));

    auto [text, disguised, secret, type] = GENERATE_REF(table<std::string, std::string, std::string, std::string>({
        // JavaScript, Java, C#, Go: + at the end of the line.
        {"const token = \"ghp_1a2B3c4D5e6F7g8H9i0J\" +\n    \"1k2L3m4N5o6P7q8R\";",
         "ghp_1a2B3c4D5e6F7g8H9i0J\" +\n    \"1k2L3m4N5o6P7q8R", kGithubToken, "GITHUB_TOKEN"},
        // Java style: + at the start of the next line.
        {"String key = \"AKIAZ3MQWE\"\r\n        + \"RTYUIOPASD\";", "AKIAZ3MQWE\"\r\n        + \"RTYUIOPASD", kAwsKey,
         "AWS_KEY"},
        // Python: adjacent literals in parentheses.
        {"TOKEN = (\"ghp_1a2B3c4D5e6F7g8H9i0J\"\n         \"1k2L3m4N5o6P7q8R\")",
         "ghp_1a2B3c4D5e6F7g8H9i0J\"\n         \"1k2L3m4N5o6P7q8R", kGithubToken, "GITHUB_TOKEN"},
        // C and C++: adjacent literals.
        {"const char* slack = \"xoxb-2941822345-2941822345678-\"\n    \"Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2\";",
         "xoxb-2941822345-2941822345678-\"\n    \"Zq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2", kSlackToken, "SLACK_TOKEN"},
        // PHP: . at the end of the line.
        {"$jwt = '" + kJwt.substr(0, 37) + "' .\n    '" + kJwt.substr(37) + "';",
         kJwt.substr(0, 37) + "' .\n    '" + kJwt.substr(37), kJwt, "JWT"},
        // Python: an explicit line continuation between adjacent literals.
        {"url = \"postgres://app:Zq8Lr3V\" \\\n      \"t9Wx2@db.internal:5432/app\"", "Zq8Lr3V\" \\\n      \"t9Wx2",
         "app:Zq8Lr3Vt9Wx2@", "PASSWORD"},
        // A PEM key built line by line.
        {pemInJs, pemDisguised, pemBodyLines()[1] + "\\n" + pemBodyLines()[2], "PRIVATE_KEY"},
    }));
    checkRedacted(text, disguised, secret, type);
}

TEST_CASE("a secret split by a backslash line continuation is joined", "[redaction][evasion]")
{
    auto [text, disguised, secret, type] = GENERATE(table<std::string, std::string, std::string, std::string>({
        // Shell: backslash-newline inside a word disappears.
        {"export GITHUB_TOKEN=ghp_1a2B3c4D5e6F7g8H9i0J\\\n1k2L3m4N5o6P7q8R\n",
         "ghp_1a2B3c4D5e6F7g8H9i0J\\\n1k2L3m4N5o6P7q8R", kGithubToken, "GITHUB_TOKEN"},
        {"aws configure set aws_access_key_id AKIAZ3MQWERT\\\r\nYUIOPASD", "AKIAZ3MQWERT\\\r\nYUIOPASD", kAwsKey,
         "AWS_KEY"},
        // YAML double-quoted scalar: an escaped line break drops the next line's indentation.
        {"slack:\n  token: \"xoxb-2941822345-2941822345678-Zq8Lr3Vt9W\\\n    x2Zq8Lr3Vt9Wx2\"\n",
         "xoxb-2941822345-2941822345678-Zq8Lr3Vt9W\\\n    x2Zq8Lr3Vt9Wx2", kSlackToken, "SLACK_TOKEN"},
    }));
    checkRedacted(text, disguised, secret, type);
}

TEST_CASE("percent-encoded secrets are decoded and replaced byte for byte", "[redaction][evasion]")
{
    const std::string encodedToken = percentEncodeAll(kGithubToken);
    auto [text, disguised, secret, type] = GENERATE_REF(table<std::string, std::string, std::string, std::string>({
        // A whole token percent-encoded in a query.
        {"GET /api/v1/user?access_token=" + encodedToken + "&page=2 HTTP/1.1", encodedToken, kGithubToken,
         "GITHUB_TOKEN"},
        // Credentials inside an encoded redirect target.
        {"https://app.example.com/login?next=https%3A%2F%2Fapp%3AZq8%21Lr3%24Vt9Wx2%40db.internal%2Fapp",
         "Zq8%21Lr3%24Vt9Wx2", "app:Zq8!Lr3$Vt9Wx2@", "PASSWORD"},
        {"https://news.example.com/unsubscribe?email=jane.doe%40acme-corp.io&list=weekly", "jane.doe%40acme-corp.io",
         kEmail, "EMAIL"},
        // A form body.
        {"curl -d 'token=xoxb%2D2941822345%2D2941822345678%2DZq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2&channel=C024BE91L' "
         "https://slack.com/api/chat.postMessage",
         "xoxb%2D2941822345%2D2941822345678%2DZq8Lr3Vt9Wx2Zq8Lr3Vt9Wx2", kSlackToken, "SLACK_TOKEN"},
        {"pay?card=4111%201111%201111%201111&exp=12%2F29", "4111%201111%201111%201111", kCard, "CARD"},
    }));
    const Redaction r = checkRedacted(text, disguised, secret, type);
    // The mapping is exact: the finding is the encoded value, not the whole query.
    const size_t at = text.find(disguised);
    const bool exact = std::any_of(r.findings.begin(), r.findings.end(), [&](const RedactedFinding& f) {
        return f.finding.start == at && f.finding.end == at + disguised.size();
    });
    CHECK(exact);
}

TEST_CASE("base64-wrapped secrets are decoded and the whole encoded run is replaced", "[redaction][evasion]")
{
    const std::string dotenv = base64("AWS_ACCESS_KEY_ID=" + kAwsKey + "\nAWS_REGION=eu-central-1\n");
    const std::string helmToken = base64(kGithubToken);
    const std::string dockerAuth = base64("octocat:" + kGithubToken);
    const std::string basicAuth = base64("deploy:" + kPassword);
    const std::string state = base64("redirect=/home&session=" + kJwt, /*url=*/true);
    // `base64` output wrapped at 76 columns, in a YAML block scalar.
    const std::string config
        = base64("# chat bot\nSLACK_BOT_TOKEN=" + kSlackToken + "\nCHANNEL=#deploys\nRETRIES=3\nDEBUG=false\n");
    std::string wrapped;
    for (size_t i = 0; i < config.size(); i += 76) {
        wrapped += (i > 0 ? "\n    " : "") + config.substr(i, 76);
    }

    auto [text, disguised, secret, type] = GENERATE_REF(table<std::string, std::string, std::string, std::string>({
        // A .env file pasted as base64.
        {"echo '" + dotenv + "' | base64 -d > .env", dotenv, kAwsKey, "AWS_KEY"},
        // A Helm values file: not a Secret manifest, so only decoding finds it.
        {"github:\n  token: " + helmToken + "\n  org: acme\n", helmToken, kGithubToken, "GITHUB_TOKEN"},
        {"{\"auths\": {\"ghcr.io\": {\"auth\": \"" + dockerAuth + "\"}}}", dockerAuth, kGithubToken, "GITHUB_TOKEN"},
        {"curl -H \"Authorization: Basic " + basicAuth + "\" https://ci.example.com/api", basicAuth, kPassword, ""},
        {"https://app.example.com/callback?state=" + state + "&code=42", state, kJwt, "JWT"},
        {"data:\n  bot.env: |\n    " + wrapped + "\n", wrapped, kSlackToken, "SLACK_TOKEN"},
    }));
    const Redaction r = checkRedacted(text, disguised, secret, type);
    const size_t at = text.find(disguised);
    const bool whole = std::any_of(r.findings.begin(), r.findings.end(), [&](const RedactedFinding& f) {
        return f.finding.start == at && f.finding.end == at + disguised.size();
    });
    CHECK(whole);
}

TEST_CASE("a Kubernetes Secret's base64 data values are replaced", "[redaction][evasion]")
{
    // A bare password has no keyword: the kubernetes-secret-yaml rule finds it by its place in the manifest.
    const std::string dbPassword = kPassword + "T5k";
    const std::string password = base64(dbPassword);
    const std::string token = base64(kGithubToken);
    const std::string manifest = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n"
                                 "  DB_PASSWORD: "
        + password + "\n  GITHUB_TOKEN: " + token + "\n";
    checkRedacted(manifest, password, dbPassword, "K8S_SECRET");
    checkRedacted(manifest, token, kGithubToken, "");
}

TEST_CASE("decoding goes one level deep", "[redaction][evasion]")
{
    // A token base64-encoded twice is not looked for (no recursion), but once is.
    const std::string once = base64("GITHUB_TOKEN=" + kGithubToken);
    CHECK_FALSE(builtinEngine()->scan("blob " + once).findings.empty());
    CHECK(builtinEngine()->scan("blob " + base64(once)).findings.empty());
}

TEST_CASE("encoded, split and foreign-script text without secrets stays untouched", "[redaction][evasion]")
{
    auto text = GENERATE(
        as<std::string>{},
        // base64 of binary data and of harmless text
        "\"integrity\": "
        "\"sha512-z4PhNX7vuL3xVChQ1m2AB9Yg/5pcnEb+8cN+1y5sGw3a1Cm1dNmZMsVMnKM6R2p/9Zq8Lr3Vt9Wx2Zq8Lr3V==\"",
        "image: registry.example.com/app@sha256:3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550fdab836ed",
        "readme: VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gVmVyc2lvbiAyLjEuMA==",
        "src/main/java/com/example/inventory/service/InventoryServiceImplementation.java",
        // percent-encoding without secrets
        "https://www.example.com/search?q=hello%20world%21&lang=en%2DUS&page=2",
        // split literals and continued lines without secrets
        "const greeting = \"Hello, \" +\n    \"world! Version 1.2.3\";",
        "curl -X POST \\\n  -H 'Accept: application/json' \\\n  https://api.example.com/v1/items",
        "#define CHECK(x) \\\n    do { assert(x); } while (0)",
        // Cyrillic and Greek prose (some letters fold to ASCII in the matching view)
        "Пароль хранится в сейфе, спросите у администратора. Сервер: основной, порт 5432.",
        "Ο κωδικός πρόσβασης βρίσκεται στο αρχείο ρυθμίσεων του διακομιστή.");
    INFO(text);
    const ScanResult r = builtinEngine()->scan(text);
    for (const Finding& f : r.findings) {
        FAIL_CHECK(f.rule->id << " found \"" << text.substr(f.start, f.end - f.start) << "\"");
    }
}
