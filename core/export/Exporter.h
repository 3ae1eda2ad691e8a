#pragma once

#include "common/Job.h"
#include "export/AgeEncryptor.h"
#include "export/Manifest.h"

#include <QFuture>
#include <QList>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

namespace veil::history {
class Database;
}

namespace veil::redaction {
class RedactionEngine;
}

namespace veil::exports {

/// The incident export (DESIGN.md, Audit and export), as a Job (see common/Job.h).
///
/// Reads the messages created in [since, until) (optionally of one workspace or one provider) from the history
/// database, in one read snapshot, one at a time through a cursor. Content is redacted by construction: only
/// the text as sent and received is read (placeholders; never the vault or stored originals), and it is
/// re-scanned with the current rules: anything they find now is replaced too (`[TYPE_NEW_N]`, numbered per
/// conversation) and counted. A text too complex to re-scan completely is withheld.
///
/// Writes one POSIX tar file with messages.jsonl, messages.csv, report.html (the formats asked for) and
/// manifest.json (counts, range, filters, policy version, the audit chain's head and the SHA-256 of every
/// other file), encrypted in the age v1 format to `recipients` when there are any. Whether an export may be
/// made, and whether unencrypted, is the caller's question to PolicyEnforcer::checkExport().
///
/// The tar format needs every file's size before its data, and the report opens with totals, so the rows are
/// read more than once: a first pass re-scans and counts (and keeps in memory only the few texts the re-scan
/// changed), a second sizes the report, then each file is written. Every file's hash is checked against the
/// first passes while it is written.
///
/// The work runs on a worker thread (QtConcurrent); progress() and finished() arrive on the job's thread. The
/// output is written to a temporary file (mode 0600) in the target folder and renamed to `outPath` only at the
/// end; failure or abort() removes it, so no partial export is ever left under the target name. Then the
/// export is recorded in the audit log (export_made: counts, hashes, number of recipients; never content).
///
/// The job owns the database connection; it is used only by the worker until the work ends, then by the job's
/// thread. The engine must be immutable (it is). Destroying a running job cancels the work and waits for the
/// worker, which stops within one record or one 64 KiB block.
class Exporter : public Job
{
    Q_OBJECT

public:
    enum class Phase { Scanning, Writing };

    struct Options
    {
        QString outPath; ///< must not exist yet; its folder must
        int64_t since = 0; ///< ms since the epoch, inclusive
        int64_t until = 0; ///< exclusive
        QString workspace; ///< empty: every workspace (and none)
        QString provider; ///< empty: every provider
        QStringList formats{QStringLiteral("jsonl"), QStringLiteral("csv"), QStringLiteral("html")};
        QList<AgeRecipient> recipients; ///< empty: a plain tar file
        int64_t policyVersion = 0; ///< the policy whose rules re-scan the texts now (records keep their own)
        QString policyMode;
        QString appVersion;
        QString device;
        QString incidentId; ///< the policy's incident this export answers, for the audit log; may be empty
        std::function<int64_t()> clock; ///< ms since the epoch; empty: the system clock
    };

    struct Summary
    {
        QString path;
        int64_t records = 0;
        int64_t conversations = 0;
        int64_t newFindings = 0;
        qint64 bytes = 0; ///< of the output file
        QByteArray sha256; ///< of the output file, hex
        QByteArray manifestSha256; ///< hex
        QList<ManifestFile> files; ///< as listed in the manifest
    };

    Exporter(std::unique_ptr<history::Database> db, std::shared_ptr<const redaction::RedactionEngine> engine,
             Options options, QObject* parent = nullptr);
    ~Exporter() override;

    /// Valid after a successful finish.
    const Summary& summary() const { return m_summary; }

    /// Hands the database back after a successful finish (to record what follows, such as an upload); null
    /// before that, after a failure, or when taken already. Waits only for the worker thread to return from its
    /// last statement.
    std::unique_ptr<history::Database> takeDatabase();

    /// The formats an export knows, in the order they are written.
    static QStringList knownFormats();

Q_SIGNALS:
    /// Records done of `total` in the current phase; at most a few times a second, and at each phase's end.
    void progress(veil::exports::Exporter::Phase phase, qint64 done, qint64 total);

protected:
    void run() override;
    void cancel() override;

public:
    struct Outcome; ///< internal: what the worker hands back

private:
    void onWorkerDone(std::shared_ptr<Outcome> outcome);

    std::unique_ptr<history::Database> m_db;
    std::shared_ptr<const redaction::RedactionEngine> m_engine;
    Options m_options;
    Summary m_summary;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<Outcome> m_pending; ///< the worker's result until onWorkerDone() takes it
    QFuture<void> m_worker;
};

} // namespace veil::exports
