#include "policy/PollSchedule.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace veil::policy {

PollSchedule::PollSchedule(Random random, Clock clock)
    : m_random(random ? std::move(random) : Random([] { return QRandomGenerator::global()->generateDouble(); }))
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentDateTimeUtc(); }))
{
}

PollSchedule::Seconds PollSchedule::clamp(Seconds delay)
{
    return std::clamp(delay, kFloor, kCeiling);
}

void PollSchedule::setBounds(Seconds minDelay, Seconds maxDelay)
{
    m_min = clamp(minDelay);
    m_max = std::max(m_min, clamp(maxDelay));
}

double PollSchedule::random()
{
    // A source that strays out of [0, 1) must not stretch a delay past its bounds.
    const double r = m_random();
    return std::isfinite(r) ? std::clamp(r, 0.0, std::nextafter(1.0, 0.0)) : 0.0;
}

PollSchedule::Seconds PollSchedule::schedule(Seconds delay)
{
    m_next = m_clock().addSecs(delay.count());
    return delay;
}

PollSchedule::Seconds PollSchedule::succeeded()
{
    m_failures = 0;
    const auto span = double((m_max - m_min).count());
    return schedule(m_min + Seconds(qint64(std::floor(random() * (span + 1)))));
}

PollSchedule::Seconds PollSchedule::failed()
{
    m_failures = std::min(m_failures + 1, 64);
    // base * 2^(failures - 1), computed without overflow: the cap is reached long before 2^63.
    Seconds ceiling = kBackoffBase;
    for (int i = 1; i < m_failures && ceiling < m_max; ++i) {
        ceiling *= 2;
    }
    ceiling = std::min(ceiling, m_max);
    const auto half = double(ceiling.count()) / 2;
    const Seconds jittered(qint64(std::floor(half + random() * (half + 1))));
    return schedule(clamp(std::min(jittered, ceiling)));
}

PollSchedule::Seconds PollSchedule::initial()
{
    return schedule(Seconds(qint64(std::floor(random() * 60))));
}

} // namespace veil::policy
