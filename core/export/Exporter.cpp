#include "export/Exporter.h"
#include "common/Logging.h"

#include "audit/AuditLog.h"
#include "export/HtmlReport.h"
#include "export/RecordFormatter.h"
#include "export/TarWriter.h"
#include "history/Database.h"
#include "history/HistoryStore.h"
#include "redaction/PlaceholderVault.h"
#include "redaction/RedactionEngine.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>
#include <QtConcurrent/QtConcurrentRun>

#include <sodium.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <unordered_map>

namespace veil::exports {

struct Exporter::Outcome
{
    Status status;
    QString tempPath; ///< the finished output under its temporary name; removed unless it is renamed
    Summary summary;
    QStringList formats;
    int64_t recipients = 0;
};

namespace {

constexpr qsizetype kSinkBuffer = 256 * 1024;
constexpr int kProgressIntervalMs = 200;
const char* const kWithheld = "[WITHHELD: too complex to re-scan completely]";

enum class Kind { Jsonl, Csv, Html };

QString fileName(Kind kind)
{
    switch (kind) {
    case Kind::Jsonl:
        return QStringLiteral("messages.jsonl");
    case Kind::Csv:
        return QStringLiteral("messages.csv");
    case Kind::Html:
        return QStringLiteral("report.html");
    }
    return {};
}

std::optional<Kind> kindOf(const QString& format)
{
    if (format == QLatin1String("jsonl")) {
        return Kind::Jsonl;
    }
    if (format == QLatin1String("csv")) {
        return Kind::Csv;
    }
    if (format == QLatin1String("html")) {
        return Kind::Html;
    }
    return std::nullopt;
}

Error cancelled()
{
    return Error{Error::Code::Cancelled, QStringLiteral("The export was cancelled.")};
}

/// Placeholders for what the re-scan finds: `[TYPE_NEW_N]`, the same value the same placeholder within one
/// conversation. Values are wiped when the vault is cleared or destroyed; valueFor() never reveals them.
class RescanVault final : public redaction::PlaceholderVault
{
public:
    RescanVault() = default;
    RescanVault(const RescanVault&) = delete;
    RescanVault& operator=(const RescanVault&) = delete;
    ~RescanVault() override { clear(); }

    std::string placeholderFor(std::string_view type, std::string_view value) override
    {
        const std::string name = type.empty() ? std::string("REDACTED") : std::string(type);
        std::string key = name + '\0' + std::string(value);
        if (const auto it = m_byValue.find(key); it != m_byValue.end()) {
            sodium_memzero(key.data(), key.size());
            return it->second;
        }
        std::string placeholder = "[" + name + "_NEW_" + std::to_string(++m_counters[name]) + "]";
        m_byValue.emplace(std::move(key), placeholder);
        return placeholder;
    }

    std::optional<std::string> valueFor(std::string_view) const override { return std::nullopt; }

    void clear()
    {
        for (auto& entry : m_byValue) {
            sodium_memzero(const_cast<char*>(entry.first.data()), entry.first.size());
        }
        m_byValue.clear();
        m_counters.clear();
    }

private:
    std::unordered_map<std::string, std::string> m_byValue; ///< type NUL value -> placeholder
    std::map<std::string, uint32_t> m_counters;
};

/// A failed write of the output file (`error` is errno), as one sentence: a full disk (or quota) says so.
Status writeError(const QFile& file, int error)
{
    if (error == ENOSPC || error == EDQUOT) {
        return Status::failure(Error::Code::Capacity,
                               QStringLiteral("The disk is full: the export cannot be written to %1.")
                                   .arg(QFileInfo(file.fileName()).absolutePath()));
    }
    return Status::failure(
        Error::Code::Unavailable,
        QStringLiteral("The export cannot be written: %1.").arg(QString::fromLocal8Bit(std::strerror(error))));
}

/// The bytes of the output file: plaintext tar, through the age encryptor when there are recipients, buffered,
/// hashed as written.
class Sink
{
public:
    Sink(QFile& file, std::optional<AgeEncryptor> age)
        : m_file(file)
        , m_age(std::move(age))
    {
        m_buffer.reserve(kSinkBuffer);
    }

    Status write(QByteArrayView bytes)
    {
        m_buffer.append(bytes);
        return m_buffer.size() >= kSinkBuffer ? flush() : Status();
    }

    Status finish()
    {
        if (Status flushed = flush(); !flushed) {
            return flushed;
        }
        if (m_age) {
            auto last = m_age->finish();
            if (!last) {
                return last.error();
            }
            return put(last.value());
        }
        return {};
    }

    qint64 bytes() const { return m_bytes; }
    QByteArray sha256() { return m_hash.hex(); }

private:
    Status flush()
    {
        if (m_buffer.isEmpty()) {
            return {};
        }
        Status done;
        if (m_age) {
            auto sealed = m_age->write(m_buffer);
            done = sealed ? put(sealed.value()) : Status(sealed.error());
        } else {
            done = put(m_buffer);
        }
        sodium_memzero(m_buffer.data(), size_t(m_buffer.size()));
        m_buffer.clear();
        return done;
    }

    Status put(const QByteArray& bytes)
    {
        if (bytes.isEmpty()) {
            return {};
        }
        // Straight to the descriptor (QFile's buffer would hide the error's cause).
        qsizetype written = 0;
        while (written < bytes.size()) {
            const ssize_t n = ::write(m_file.handle(), bytes.constData() + written, size_t(bytes.size() - written));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                return writeError(m_file, n < 0 ? errno : ENOSPC);
            }
            written += n;
        }
        m_hash.add(bytes);
        m_bytes += bytes.size();
        return {};
    }

    QFile& m_file;
    std::optional<AgeEncryptor> m_age;
    QByteArray m_buffer;
    Sha256 m_hash;
    qint64 m_bytes = 0;
};

/// The export itself, on the worker thread.
class Worker
{
public:
    using Progress = std::function<void(Exporter::Phase, qint64, qint64)>;

    Worker(history::Database& db, const redaction::RedactionEngine& engine, const Exporter::Options& options,
           int64_t now, const std::atomic<bool>& cancel, Progress progress)
        : m_db(db)
        , m_store(db)
        , m_engine(engine)
        , m_options(options)
        , m_now(now)
        , m_cancel(cancel)
        , m_progress(std::move(progress))
    {
    }

    void run(Exporter::Outcome& outcome);

private:
    struct Rescanned
    {
        std::string text;
        std::vector<RecordFinding> newFindings;
    };
    struct Sized
    {
        qint64 bytes = 0;
        QByteArray sha256;
    };

    Status prepare();
    Status exportInSnapshot(QFile& file, Exporter::Outcome& outcome);
    /// Every record of the query, in order; `rescan` only in the first pass.
    Status forEachRecord(bool rescan, Exporter::Phase phase, const std::function<Status(const ExportRecord&)>& each);
    ExportRecord recordOf(const history::ExportedMessage& message, bool rescan);
    /// The bytes one file's formatter produces (begin, records, end), to `out`.
    Status produce(Kind kind, bool rescan, Exporter::Phase phase, const std::function<Status(QByteArrayView)>& out);

    history::Database& m_db;
    history::HistoryStore m_store;
    const redaction::RedactionEngine& m_engine;
    const Exporter::Options& m_options;
    int64_t m_now;
    const std::atomic<bool>& m_cancel;
    Progress m_progress;

    std::vector<Kind> m_kinds;
    history::MessageQuery m_query;
    int64_t m_total = 0;
    ReportSummary m_summary;
    ReportHeading m_heading;
    RescanVault m_vault;
    int64_t m_vaultConversation = -1;
    std::unordered_map<int64_t, Rescanned> m_changed; ///< message id -> text after the re-scan, when it changed
    std::map<Kind, Sized> m_sized;
};

Status Worker::prepare()
{
    for (const QString& format : Exporter::knownFormats()) {
        if (m_options.formats.contains(format)) {
            m_kinds.push_back(*kindOf(format));
        }
    }
    for (const QString& format : m_options.formats) {
        if (!kindOf(format)) {
            return Status::failure(Error::Code::InvalidInput,
                                   QStringLiteral("Unknown export format \"%1\"; use jsonl, csv or html.").arg(format));
        }
    }
    if (m_kinds.empty()) {
        return Status::failure(Error::Code::InvalidInput, QStringLiteral("Name at least one export format."));
    }
    if (m_options.until <= m_options.since) {
        return Status::failure(Error::Code::InvalidInput, QStringLiteral("The export range ends before it begins."));
    }
    m_query.since = m_options.since;
    m_query.until = m_options.until;
    if (!m_options.provider.isEmpty()) {
        m_query.provider = m_options.provider;
    }
    if (!m_options.workspace.isEmpty()) {
        auto id = m_store.workspaceIdByName(m_options.workspace);
        if (!id) {
            return id.error();
        }
        if (!id.value()) {
            return Status::failure(Error::Code::NotFound,
                                   QStringLiteral("There is no workspace named \"%1\".").arg(m_options.workspace));
        }
        m_query.workspaceId = *id.value();
    }
    m_heading = ReportHeading{m_options.appVersion, m_options.device,   m_options.since,        m_options.until, m_now,
                              m_options.workspace,  m_options.provider, m_options.policyVersion};
    return {};
}

ExportRecord Worker::recordOf(const history::ExportedMessage& message, bool rescan)
{
    ExportRecord record;
    record.conversationId = message.conversationId;
    record.messageId = message.id;
    record.createdAt = message.createdAt;
    record.updatedAt = message.updatedAt;
    record.role = QString::fromLatin1(history::toString(message.role));
    record.state = QString::fromLatin1(history::toString(message.state));
    record.provider = message.provider;
    record.model = message.model;
    record.policyVersion = message.policyVersion;
    record.rescanPolicyVersion = m_options.policyVersion;
    for (const history::FindingCount& finding : message.findings) {
        record.findings.push_back(RecordFinding{finding.rule, finding.type, finding.count});
    }
    if (!rescan) {
        if (const auto it = m_changed.find(message.id); it != m_changed.end()) {
            record.text = it->second.text;
            record.newFindings = it->second.newFindings;
        } else {
            record.text = std::string(message.text);
        }
        return record;
    }
    if (message.conversationId != m_vaultConversation) {
        m_vault.clear();
        m_vaultConversation = message.conversationId;
    }
    redaction::Redaction redaction = m_engine.redact(message.text, m_vault);
    if (redaction.capacityExceeded) {
        // Fail closed: what could not be scanned completely is not exported.
        Rescanned withheld{kWithheld, {RecordFinding{"rescan-capacity", "WITHHELD", 1}}};
        m_changed[message.id] = withheld;
        record.text = withheld.text;
        record.newFindings = withheld.newFindings;
    } else if (!redaction.findings.empty()) {
        std::map<std::pair<std::string, std::string>, int64_t> counts;
        for (const redaction::RedactedFinding& found : redaction.findings) {
            const auto* rule = found.finding.rule;
            ++counts[{rule ? rule->id : std::string(), rule ? rule->placeholderType : std::string()}];
        }
        Rescanned changed;
        changed.text = redaction.redacted;
        for (const auto& [key, count] : counts) {
            changed.newFindings.push_back(RecordFinding{key.first, key.second, count});
        }
        record.text = changed.text;
        record.newFindings = changed.newFindings;
        m_changed[message.id] = std::move(changed);
    } else {
        record.text = std::string(message.text);
    }
    sodium_memzero(redaction.redacted.data(), redaction.redacted.size());
    return record;
}

Status Worker::forEachRecord(bool rescan, Exporter::Phase phase, const std::function<Status(const ExportRecord&)>& each)
{
    QElapsedTimer sinceReport;
    sinceReport.start();
    qint64 done = 0;
    Status failed;
    Status read = m_store.forEachMessage(m_query, [&](const history::ExportedMessage& message) {
        if (m_cancel.load(std::memory_order_relaxed)) {
            failed = cancelled();
            return false;
        }
        if (Status handled = each(recordOf(message, rescan)); !handled) {
            failed = handled;
            return false;
        }
        ++done;
        if (sinceReport.elapsed() >= kProgressIntervalMs) {
            m_progress(phase, done, m_total);
            sinceReport.restart();
        }
        return true;
    });
    if (!read) {
        return read;
    }
    if (!failed) {
        return failed;
    }
    if (done != m_total) {
        return Status::failure(Error::Code::Internal,
                               QStringLiteral("The history changed while it was being exported; export again."));
    }
    m_progress(phase, done, m_total);
    return {};
}

Status Worker::produce(Kind kind, bool rescan, Exporter::Phase phase, const std::function<Status(QByteArrayView)>& out)
{
    HtmlReport report;
    Status begun;
    switch (kind) {
    case Kind::Jsonl:
        break;
    case Kind::Csv:
        begun = out(format::csvHeader());
        break;
    case Kind::Html:
        begun = out(report.begin(m_heading, m_summary));
        break;
    }
    if (!begun) {
        return begun;
    }
    Status each = forEachRecord(rescan, phase, [&](const ExportRecord& record) -> Status {
        switch (kind) {
        case Kind::Jsonl:
            return out(format::jsonlLine(record));
        case Kind::Csv:
            return out(format::csvRow(record));
        case Kind::Html:
            return out(report.record(record));
        }
        return {};
    });
    if (!each) {
        return each;
    }
    return kind == Kind::Html ? out(report.end()) : Status();
}

Status Worker::exportInSnapshot(QFile& file, Exporter::Outcome& outcome)
{
    auto total = m_store.countMessages(m_query);
    if (!total) {
        return total.error();
    }
    m_total = total.value();
    audit::AuditLog audit(m_db);
    auto head = audit.head();
    if (!head) {
        return head.error();
    }

    // Pass 1: re-scan every text, count, and size the files that do not depend on the totals.
    std::map<Kind, Sha256> hashes;
    for (Kind kind : m_kinds) {
        if (kind != Kind::Html) {
            hashes[kind];
            m_sized[kind];
            if (kind == Kind::Csv) {
                hashes[kind].add(format::csvHeader());
                m_sized[kind].bytes += format::csvHeader().size();
            }
        }
    }
    Status scanned = forEachRecord(true, Exporter::Phase::Scanning, [&](const ExportRecord& record) -> Status {
        m_summary.add(record);
        for (auto& [kind, hash] : hashes) {
            const QByteArray piece = kind == Kind::Jsonl ? format::jsonlLine(record) : format::csvRow(record);
            hash.add(piece);
            m_sized[kind].bytes += piece.size();
        }
        return {};
    });
    if (!scanned) {
        return scanned;
    }
    for (auto& [kind, hash] : hashes) {
        m_sized[kind].sha256 = hash.hex();
    }
    m_vault.clear();

    // Pass 2: the report, which opens with the totals.
    if (std::find(m_kinds.begin(), m_kinds.end(), Kind::Html) != m_kinds.end()) {
        Sha256 hash;
        Sized& sized = m_sized[Kind::Html];
        Status done = produce(Kind::Html, false, Exporter::Phase::Scanning, [&](QByteArrayView piece) {
            hash.add(piece);
            sized.bytes += piece.size();
            return Status();
        });
        if (!done) {
            return done;
        }
        sized.sha256 = hash.hex();
    }

    Manifest manifest;
    manifest.appVersion = m_options.appVersion;
    manifest.device = m_options.device;
    manifest.createdAt = m_now;
    manifest.since = m_options.since;
    manifest.until = m_options.until;
    manifest.workspace = m_options.workspace;
    manifest.provider = m_options.provider;
    manifest.policyVersion = m_options.policyVersion;
    manifest.policyMode = m_options.policyMode;
    manifest.records = m_summary.records;
    manifest.conversations = m_summary.conversations;
    manifest.newFindings = m_summary.newFindings;
    manifest.recipients = m_options.recipients.size();
    manifest.auditSeq = head->seq;
    manifest.auditHash = head->hash.toHex();
    for (Kind kind : m_kinds) {
        manifest.formats << (kind == Kind::Jsonl     ? QStringLiteral("jsonl")
                                 : kind == Kind::Csv ? QStringLiteral("csv")
                                                     : QStringLiteral("html"));
        manifest.files.append(ManifestFile{fileName(kind), m_sized[kind].bytes, m_sized[kind].sha256});
    }
    const QByteArray manifestJson = manifest.toJson();

    // Then the archive: each file, its hash checked against the passes above, then the manifest.
    std::optional<AgeEncryptor> age;
    if (!m_options.recipients.isEmpty()) {
        auto encryptor = AgeEncryptor::create(m_options.recipients);
        if (!encryptor) {
            return encryptor.error();
        }
        age.emplace(std::move(encryptor.value()));
    }
    Sink sink(file, std::move(age));
    const qint64 mtime = m_now / 1000;
    for (Kind kind : m_kinds) {
        const Sized& sized = m_sized[kind];
        auto header = TarWriter::header(fileName(kind), sized.bytes, mtime);
        if (!header) {
            return header.error();
        }
        if (Status put = sink.write(header.value()); !put) {
            return put;
        }
        Sha256 hash;
        qint64 bytes = 0;
        Status written = produce(kind, false, Exporter::Phase::Writing, [&](QByteArrayView piece) {
            hash.add(piece);
            bytes += piece.size();
            return m_cancel.load(std::memory_order_relaxed) ? Status(cancelled()) : sink.write(piece);
        });
        if (!written) {
            return written;
        }
        if (bytes != sized.bytes || hash.hex() != sized.sha256) {
            return Status::failure(Error::Code::Internal,
                                   QStringLiteral("The history changed while it was being exported; export again."));
        }
        if (Status put = sink.write(TarWriter::padding(bytes)); !put) {
            return put;
        }
    }
    auto header = TarWriter::header(QStringLiteral("manifest.json"), manifestJson.size(), mtime);
    if (!header) {
        return header.error();
    }
    for (const QByteArray& piece :
         {header.value(), manifestJson, TarWriter::padding(manifestJson.size()), TarWriter::trailer()}) {
        if (Status put = sink.write(piece); !put) {
            return put;
        }
    }
    if (Status finished = sink.finish(); !finished) {
        return finished;
    }

    Exporter::Summary& summary = outcome.summary;
    summary.records = m_summary.records;
    summary.conversations = m_summary.conversations;
    summary.newFindings = m_summary.newFindings;
    summary.bytes = sink.bytes();
    summary.sha256 = sink.sha256();
    summary.manifestSha256 = Sha256::hexOf(manifestJson);
    summary.files = manifest.files;
    summary.files.append(ManifestFile{QStringLiteral("manifest.json"), manifestJson.size(), summary.manifestSha256});
    outcome.formats = manifest.formats;
    outcome.recipients = manifest.recipients;
    return {};
}

void Worker::run(Exporter::Outcome& outcome)
{
    if (Status prepared = prepare(); !prepared) {
        outcome.status = prepared;
        return;
    }
    const QFileInfo target(m_options.outPath);
    if (!target.absoluteDir().exists()) {
        outcome.status = Status::failure(Error::Code::NotFound,
                                         QStringLiteral("The folder %1 does not exist.").arg(target.absolutePath()));
        return;
    }
    if (target.exists() || target.isSymLink()) {
        outcome.status
            = Status::failure(Error::Code::InvalidInput,
                              QStringLiteral("%1 exists already; choose another name.").arg(target.absoluteFilePath()));
        return;
    }
    // A temporary file beside the target (QTemporaryFile: mode 0600), removed unless the export completes.
    QTemporaryFile file(target.absoluteDir().filePath(QStringLiteral(".%1.XXXXXX.part").arg(target.fileName())));
    if (!file.open()) {
        outcome.status
            = Status::failure(Error::Code::Unavailable,
                              QStringLiteral("Cannot write in %1: %2.").arg(target.absolutePath(), file.errorString()));
        return;
    }
    Status done = m_store.readSnapshot([&] { return exportInSnapshot(file, outcome); });
    if (done && ::fsync(file.handle()) != 0) {
        done = writeError(file, errno);
    }
    if (!done) {
        outcome.status = done;
        return;
    }
    file.close();
    file.setAutoRemove(false);
    outcome.tempPath = file.fileName();
}

} // namespace

Exporter::Exporter(std::unique_ptr<history::Database> db, std::shared_ptr<const redaction::RedactionEngine> engine,
                   Options options, QObject* parent)
    : Job(parent)
    , m_db(std::move(db))
    , m_engine(std::move(engine))
    , m_options(std::move(options))
    , m_cancel(std::make_shared<std::atomic<bool>>(false))
{
}

Exporter::~Exporter()
{
    m_cancel->store(true);
    m_worker.waitForFinished();
    if (m_pending && !m_pending->tempPath.isEmpty()) {
        QFile::remove(m_pending->tempPath);
    }
}

QStringList Exporter::knownFormats()
{
    return {QStringLiteral("jsonl"), QStringLiteral("csv"), QStringLiteral("html")};
}

void Exporter::run()
{
    if (!m_db || !m_engine) {
        fail(Error{Error::Code::InvalidInput, QStringLiteral("The export has no history database to read.")});
        return;
    }
    const int64_t now = m_options.clock ? m_options.clock() : QDateTime::currentMSecsSinceEpoch();
    auto outcome = std::make_shared<Outcome>();
    m_pending = outcome;
    history::Database* db = m_db.get();
    const redaction::RedactionEngine* engine = m_engine.get();
    const Options* options = &m_options;
    std::shared_ptr<std::atomic<bool>> cancelFlag = m_cancel;
    // The worker touches only the database, the engine, the options and the outcome; this object outlives it
    // (the destructor waits), and results come back through queued calls.
    m_worker = QtConcurrent::run([this, db, engine, options, cancelFlag, outcome, now] {
        Worker worker(*db, *engine, *options, now, *cancelFlag, [this](Phase phase, qint64 done, qint64 total) {
            QMetaObject::invokeMethod(
                this, [this, phase, done, total] { Q_EMIT progress(phase, done, total); }, Qt::QueuedConnection);
        });
        worker.run(*outcome);
        QMetaObject::invokeMethod(
            this, [this, outcome] { onWorkerDone(outcome); }, Qt::QueuedConnection);
    });
}

std::unique_ptr<history::Database> Exporter::takeDatabase()
{
    if (!isFinished() || !ok()) {
        return nullptr;
    }
    // The worker handed its outcome back as its last act; its thread may still be returning from it.
    m_worker.waitForFinished();
    return std::move(m_db);
}

void Exporter::cancel()
{
    m_cancel->store(true);
}

void Exporter::onWorkerDone(std::shared_ptr<Outcome> outcome)
{
    qCDebug(lcExport) << "export worker done, ok" << outcome->status.ok();
    m_pending.reset();
    const QString temp = outcome->tempPath;
    if (isFinished() || !outcome->status) {
        if (!temp.isEmpty()) {
            QFile::remove(temp);
        }
        if (!outcome->status) {
            fail(outcome->status.error());
        }
        return;
    }
    const QFileInfo target(m_options.outPath);
    if (target.exists() || target.isSymLink()) {
        QFile::remove(temp);
        fail(Error{Error::Code::InvalidInput,
                   QStringLiteral("%1 appeared while the export was written; nothing was replaced.")
                       .arg(target.absoluteFilePath())});
        return;
    }
    if (::rename(QFile::encodeName(temp).constData(), QFile::encodeName(target.absoluteFilePath()).constData()) != 0) {
        QFile::remove(temp);
        fail(Error{Error::Code::Unavailable,
                   QStringLiteral("The export cannot be moved to %1.").arg(target.absoluteFilePath())});
        return;
    }
    if (const int dir = ::open(QFile::encodeName(target.absolutePath()).constData(), O_RDONLY | O_DIRECTORY);
        dir >= 0) {
        (void)::fsync(dir);
        ::close(dir);
    }

    // Every export is in the audit log: counts and hashes, never content. An export that cannot be recorded is
    // not kept.
    audit::AuditLog audit(*m_db);
    audit::ExportMade entry;
    entry.since = m_options.since;
    entry.until = m_options.until;
    entry.messages = outcome->summary.records;
    entry.formats = outcome->formats;
    entry.encrypted = outcome->recipients > 0;
    entry.manifestSha256 = QString::fromLatin1(outcome->summary.manifestSha256);
    entry.fileSha256 = QString::fromLatin1(outcome->summary.sha256);
    entry.recipients = outcome->recipients;
    entry.newFindings = outcome->summary.newFindings;
    entry.incidentId = m_options.incidentId;
    if (Status recorded = audit.exportMade(entry); !recorded) {
        QFile::remove(target.absoluteFilePath());
        fail(Error{recorded.error().code,
                   QStringLiteral("The export was not kept: it cannot be recorded in the audit log (%1)")
                       .arg(recorded.error().message)});
        return;
    }
    m_summary = outcome->summary;
    m_summary.path = target.absoluteFilePath();
    succeed();
}

} // namespace veil::exports
