#include "policy/PolicyBundle.h"
#include "policy/PolicyLint.h"

#include <catch2/catch.hpp>

using namespace veil::policy;

namespace {

// A recipient made with the real age-keygen (the shared example policy's export recipient).
constexpr const char* kRecipient = "age1g3hpthnz0rtyzf8cg9hxpze07n295hxgxzwfwcwfpyh57ychudjs0rlsqk";

/// A minimal bundle with `incident` (JSON text) and `exportSection` put in.
QByteArray bundleWith(const QByteArray& incident, const QByteArray& exportSection = R"({"allow": true})")
{
    return R"({"schema": "veil-policy", "schema_version": "1.0", "org_id": "example-org", "bundle_version": 7,
      "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2099-01-01T00:00:00Z", "min_app_version": "0.1.0",
      "export": )"
        + exportSection + R"(, "incident": )" + incident + "}";
}

QByteArray incidentWith(const QByteArray& fields)
{
    return R"({"id": "INC-2026-0042", "since": "2026-01-10", "upload_url": "https://dav.example.com/incidents/",
      "recipients": [")"
        + QByteArray(kRecipient) + "\"]" + fields + "}";
}

} // namespace

TEST_CASE("a bundle without an incident, or with null, has none", "[policy][bundle][incident]")
{
    auto none = PolicyBundle::parse(bundleWith("null"));
    REQUIRE(none);
    CHECK_FALSE(none.value().incident);
}

TEST_CASE("an incident section is parsed: days are UTC and until is inclusive", "[policy][bundle][incident]")
{
    auto parsed = PolicyBundle::parse(bundleWith(incidentWith(R"(, "until": "2026-01-15", "automatic": true)")));
    INFO((parsed ? QString() : parsed.error().message).toStdString());
    REQUIRE(parsed);
    REQUIRE(parsed.value().incident);
    const IncidentRequest& incident = *parsed.value().incident;
    CHECK(incident.id == QStringLiteral("INC-2026-0042"));
    CHECK(incident.since == QDateTime(QDate(2026, 1, 10), QTime(0, 0), Qt::UTC));
    CHECK(incident.until == QDateTime(QDate(2026, 1, 16), QTime(0, 0), Qt::UTC));
    CHECK(incident.uploadUrl == QUrl(QStringLiteral("https://dav.example.com/incidents/")));
    CHECK(incident.recipients == QStringList{QString::fromLatin1(kRecipient)});
    CHECK(incident.automatic);

    auto times = PolicyBundle::parse(
        bundleWith(R"({"id": "x", "since": "2026-01-10T09:30:00+01:00", "until": "2026-01-10T12:00:00Z",
        "upload_url": "https://s3.example.com/b/k?X-Amz-Signature=1"})",
                   QByteArray(R"({"allow": true, "recipients": [")") + kRecipient + "\"]}"));
    INFO((times ? QString() : times.error().message).toStdString());
    REQUIRE(times);
    CHECK(times.value().incident->since == QDateTime(QDate(2026, 1, 10), QTime(8, 30), Qt::UTC));
    CHECK_FALSE(times.value().incident->automatic); // the default
    CHECK(times.value().incident->recipients.isEmpty()); // the export section names one
}

TEST_CASE("bad incident fields are refused with an error that names the field", "[policy][bundle][incident]")
{
    struct Case
    {
        const char* incident;
        const char* field;
    };
    const Case cases[] = {
        {R"("INC-1")", "incident must be an object"},
        {R"({"since": "2026-01-10", "upload_url": "https://d.example.com/"})", "incident.id"},
        {R"({"id": "", "since": "2026-01-10", "upload_url": "https://d.example.com/"})", "incident.id"},
        {R"({"id": 42, "since": "2026-01-10", "upload_url": "https://d.example.com/"})", "incident.id"},
        {R"({"id": "a", "upload_url": "https://d.example.com/"})", "incident.since"},
        {R"({"id": "a", "since": "10/01/2026", "upload_url": "https://d.example.com/"})", "incident.since"},
        {R"({"id": "a", "since": "2026-01-10T09:00:00", "upload_url": "https://d.example.com/"})", "incident.since"},
        {R"({"id": "a", "since": "2026-01-10", "until": "2026-13-01", "upload_url": "https://d.example.com/"})",
         "incident.until"},
        {R"({"id": "a", "since": "2026-01-10", "until": "2026-01-09", "upload_url": "https://d.example.com/"})",
         "incident.until must be after"},
        {R"({"id": "a", "since": "2026-01-10"})", "incident.upload_url"},
        {R"({"id": "a", "since": "2026-01-10", "upload_url": "http://d.example.com/"})", "incident.upload_url"},
        {R"({"id": "a", "since": "2026-01-10", "upload_url": "https://u:p@d.example.com/"})", "incident.upload_url"},
        {R"({"id": "a", "since": "2026-01-10", "upload_url": "https://d.example.com/", "recipients": ["age1nope"]})",
         "incident.recipients[0]"},
        {R"({"id": "a", "since": "2026-01-10", "upload_url": "https://d.example.com/", "recipients": "age1x"})",
         "incident.recipients"},
        {R"({"id": "a", "since": "2026-01-10", "upload_url": "https://d.example.com/", "automatic": "yes"})",
         "incident.automatic"},
        {R"({"id": "a", "since": "2026-01-10", "upload_url": "https://d.example.com/", "automatc": true})",
         "unknown field \"automatc\""},
    };
    for (const Case& c : cases) {
        INFO(c.incident);
        // An export recipient, so that only the field under test is wrong.
        auto parsed = PolicyBundle::parse(
            bundleWith(c.incident, QByteArray(R"({"allow": true, "recipients": [")") + kRecipient + "\"]}"));
        REQUIRE_FALSE(parsed);
        INFO(parsed.error().message.toStdString());
        CHECK(parsed.error().message.contains(QLatin1String(c.field)));
    }

    // No recipient anywhere: an incident export is always encrypted.
    auto unencrypted = PolicyBundle::parse(
        bundleWith(R"({"id": "a", "since": "2026-01-10", "upload_url": "https://d.example.com/"})"));
    REQUIRE_FALSE(unencrypted);
    CHECK(unencrypted.error().message.contains(QLatin1String("at least one age recipient")));
}

TEST_CASE("bad export fields are refused with an error that names the field", "[policy][bundle][export]")
{
    for (const auto& [section, field] :
         {std::pair{R"({"allow": "yes"})", "export.allow"},
          std::pair{R"({"allow": true, "formats": ["pdf"]})", "export.formats[0]"},
          std::pair{R"({"allow": true, "formats": "csv"})", "export.formats"},
          std::pair{R"({"allow": true, "recipients": ["ssh-ed25519 AAAA"]})", "export.recipients[0]"},
          std::pair{R"({"allow_unencrypted": 1})", "export.allow_unencrypted"}}) {
        INFO(section);
        auto parsed = PolicyBundle::parse(bundleWith("null", section));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().message.contains(QLatin1String(field)));
    }
}

TEST_CASE("lint lists every problem of the export and incident sections at once", "[policy][lint][incident]")
{
    const LintReport report = lintPolicy(bundleWith(
        R"({"id": "", "since": "yesterday", "upload_url": "http://d.example.com/", "recipients": ["age1nope"],
            "automatic": "yes"})",
        R"({"allow": true, "formats": ["pdf"]})"));
    CHECK_FALSE(report.ok());
    const QString all = report.errors.join(QLatin1Char('\n'));
    INFO(all.toStdString());
    for (const char* field : {"export.formats[0]", "incident.id", "incident.since", "incident.upload_url",
                              "incident.recipients[0]", "incident.automatic"}) {
        CHECK(all.contains(QLatin1String(field)));
    }

    const LintReport disallowed = lintPolicy(bundleWith(incidentWith(""), R"({"allow": false})"));
    CHECK(disallowed.ok());
    CHECK(disallowed.warnings.join(QLatin1Char('\n')).contains(QLatin1String("export.allow is not true")));
}

namespace {

QByteArray bundleWithRetention(const QByteArray& retention)
{
    QByteArray json = bundleWith("null");
    json.replace("\"export\":", QByteArray("\"retention\": " + retention + ", \"export\":"));
    return json;
}

} // namespace

TEST_CASE("a retention section is parsed strictly, absent fields taking their defaults", "[policy][bundle][retention]")
{
    auto none = PolicyBundle::parse(bundleWith("null"));
    REQUIRE(none);
    CHECK(none.value().retention == RetentionPolicy{});
    CHECK(none.value().retention.storeHistory);
    CHECK_FALSE(none.value().retention.storeOriginals);

    auto full = PolicyBundle::parse(
        bundleWithRetention(R"({"store_history": false, "store_originals": true, "history_days": 30, "log_days": 7})"));
    INFO((full ? QString() : full.error().message).toStdString());
    REQUIRE(full);
    CHECK_FALSE(full.value().retention.storeHistory);
    CHECK(full.value().retention.storeOriginals);
    CHECK(full.value().retention.historyDays == 30);
    CHECK(full.value().retention.logDays == 7);

    auto nulls = PolicyBundle::parse(bundleWithRetention(R"({"history_days": null, "store_history": null})"));
    REQUIRE(nulls);
    CHECK(nulls.value().retention == RetentionPolicy{});
    CHECK(PolicyBundle::parse(bundleWithRetention("null")));
}

TEST_CASE("bad retention fields are refused with an error that names the field", "[policy][bundle][retention]")
{
    const std::pair<QByteArray, QString> cases[] = {
        {R"({"store_history": "no"})", QStringLiteral("retention.store_history must be true or false")},
        {R"({"store_originals": 1})", QStringLiteral("retention.store_originals must be true or false")},
        {R"({"history_days": 0})", QStringLiteral("retention.history_days must be a whole number")},
        {R"({"history_days": 1.5})", QStringLiteral("retention.history_days must be a whole number")},
        {R"({"history_days": "30"})", QStringLiteral("retention.history_days must be a whole number")},
        {R"({"log_days": -7})", QStringLiteral("retention.log_days must be a whole number")},
        {R"({"log_days": 36501})", QStringLiteral("retention.log_days must be a whole number")},
        {R"({"keep_originals": true})", QStringLiteral("retention.keep_originals is not a known field")},
        {R"([1])", QStringLiteral("retention must be an object")},
    };
    for (const auto& [section, expected] : cases) {
        INFO(section.toStdString());
        auto parsed = PolicyBundle::parse(bundleWithRetention(section));
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().message.contains(expected));
    }
    // Lint lists every problem of the section at once.
    const LintReport report = lintPolicy(bundleWithRetention(R"({"store_history": 1, "log_days": 0})"));
    CHECK(report.errors.size() == 2);
}
