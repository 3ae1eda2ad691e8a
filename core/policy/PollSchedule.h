#pragma once

#include <QDateTime>

#include <chrono>
#include <functional>

namespace veil::policy {

/// When to ask the policy server next: the pure scheduling behind the GUI's live refresh (no timers, no I/O).
///
/// - After a success (a new bundle activated, 304, or the same bundle again) the next poll comes after a delay
///   drawn uniformly from the active bundle's `polling` bounds {min_delay_seconds, max_delay_seconds}, as OPA's
///   bundle service does; without a bundle, from kDefaultMin .. kDefaultMax. Both bounds are clamped to
///   kFloor (5 min) .. kCeiling (24 h), and max to at least min.
/// - After a failure (the server could not be used, or the bundle was refused) the delay grows exponentially:
///   kBackoffBase * 2^(failures - 1), capped at the poll maximum (so errors never make Veil poll more slowly
///   than success would), with "full jitter" between half of that and all of it, and never below kFloor. The
///   next success resets it.
///
/// The random source and the clock are injected, so tests decide both. Not thread-safe; one per poller.
class PollSchedule
{
public:
    using Seconds = std::chrono::seconds;
    /// Returns a uniformly distributed number in [0, 1).
    using Random = std::function<double()>;
    using Clock = std::function<QDateTime()>;

    static constexpr Seconds kFloor{5 * 60};
    static constexpr Seconds kCeiling{24 * 60 * 60};
    static constexpr Seconds kDefaultMin{15 * 60};
    static constexpr Seconds kDefaultMax{30 * 60};
    static constexpr Seconds kBackoffBase{5 * 60};

    /// Defaults: a cryptographically seeded generator (QRandomGenerator::global()) and the UTC wall clock.
    explicit PollSchedule(Random random = {}, Clock clock = {});

    /// The bounds successes draw from: the bundle's (already clamped when parsed), clamped again here; none
    /// given: the defaults.
    void setBounds(Seconds minDelay, Seconds maxDelay);
    void useDefaultBounds() { setBounds(kDefaultMin, kDefaultMax); }
    Seconds minDelay() const { return m_min; }
    Seconds maxDelay() const { return m_max; }

    /// Records a successful poll; returns the delay until the next one.
    Seconds succeeded();
    /// Records a failed poll (fetch failure or refused bundle); returns the delay until the next one.
    Seconds failed();
    /// The delay before the first poll after start: a small random part of the minimum, so that many machines
    /// started together (a login storm) do not all ask at once, but a fresh start still checks soon.
    Seconds initial();

    /// Failures since the last success.
    int consecutiveFailures() const { return m_failures; }
    /// When the next poll is due, by the injected clock (invalid before the first delay was handed out).
    const QDateTime& nextPollAt() const { return m_next; }

    static Seconds clamp(Seconds delay);

private:
    Seconds schedule(Seconds delay);
    double random();

    Random m_random;
    Clock m_clock;
    Seconds m_min = kDefaultMin;
    Seconds m_max = kDefaultMax;
    int m_failures = 0;
    QDateTime m_next;
};

} // namespace veil::policy
