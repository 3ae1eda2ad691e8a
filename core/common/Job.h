#pragma once

#include "common/Result.h"

#include <QObject>

#include <optional>

namespace veil {

/// Asynchronous work (KJob's contract): configure, connect to finished(), call start().
///
/// - start() never completes synchronously: the work begins from the event loop.
/// - finished() is emitted exactly once, after success, failure or abort().
/// - abort() cancels; the job then finishes with an Error of code Cancelled.
/// - A job is used from the thread it lives in. Delete it with deleteLater() from the finished() slot.
class Job : public QObject
{
    Q_OBJECT

public:
    explicit Job(QObject* parent = nullptr);
    ~Job() override;

    void start();
    void abort();

    bool isRunning() const { return m_state == State::Running; }
    bool isFinished() const { return m_state == State::Finished; }
    bool ok() const { return !m_error.has_value(); }
    bool wasAborted() const { return m_aborted; }
    /// The error when !ok(); its message is one sentence that never contains a secret.
    const Error& error() const { return *m_error; }

Q_SIGNALS:
    void finished(veil::Job* job);

protected:
    /// Begins the work; called from the event loop once after start().
    virtual void run() = 0;
    /// Stops the work in progress (close replies, cancel callbacks). finished() follows from abort() itself.
    virtual void cancel() { }

    /// Ends the job successfully, or with `error`. Later calls are ignored.
    void succeed();
    void fail(Error error);

private:
    enum class State { Idle, Running, Finished };
    void emitFinished();

    State m_state = State::Idle;
    bool m_aborted = false;
    std::optional<Error> m_error;
};

} // namespace veil
