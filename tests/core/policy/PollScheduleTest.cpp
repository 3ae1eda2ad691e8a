#include "policy/PollSchedule.h"
#include "support/CatchQt.h"

#include <limits>
#include <memory>
#include <vector>

using veil::policy::PollSchedule;
using namespace std::chrono_literals;

namespace {

/// A random source that returns the given values in turn, then repeats the last.
PollSchedule::Random sequence(std::vector<double> values)
{
    auto index = std::make_shared<size_t>(0);
    return [values = std::move(values), index] {
        const double value = values[std::min(*index, values.size() - 1)];
        ++*index;
        return value;
    };
}

const QDateTime kNow(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC);

PollSchedule::Clock fixedClock()
{
    return [] {
        return kNow;
    };
}

} // namespace

TEST_CASE("successes draw uniformly between the bundle's polling bounds", "[policy][poll]")
{
    PollSchedule schedule(sequence({0.0, 0.5, 0.999999}), fixedClock());
    schedule.setBounds(600s, 1200s);
    CHECK(schedule.succeeded() == 600s);
    CHECK(schedule.succeeded() == 900s);
    CHECK(schedule.succeeded() == 1200s);
    CHECK(schedule.nextPollAt() == kNow.addSecs(1200));
    CHECK(schedule.consecutiveFailures() == 0);
}

TEST_CASE("polling bounds are clamped to 5 minutes .. 24 hours, and max is at least min", "[policy][poll]")
{
    PollSchedule schedule(sequence({0.0}), fixedClock());
    schedule.setBounds(10s, 30s);
    CHECK(schedule.minDelay() == 300s);
    CHECK(schedule.maxDelay() == 300s);
    schedule.setBounds(48h, 72h);
    CHECK(schedule.minDelay() == 24h);
    CHECK(schedule.maxDelay() == 24h);
    schedule.setBounds(3600s, 60s);
    CHECK(schedule.minDelay() == 3600s);
    CHECK(schedule.maxDelay() == 3600s);

    PollSchedule fresh(sequence({0.0}), fixedClock());
    CHECK(fresh.minDelay() == PollSchedule::kDefaultMin);
    CHECK(fresh.maxDelay() == PollSchedule::kDefaultMax);
    CHECK(fresh.minDelay() >= PollSchedule::kFloor);
    CHECK(fresh.maxDelay() <= PollSchedule::kCeiling);
}

TEST_CASE("failures back off exponentially with jitter, capped at the maximum, and success resets", "[policy][poll]")
{
    // Random 1.0-: the top of each jitter range; 0.0: the bottom (half of it).
    PollSchedule top(sequence({0.999999}), fixedClock());
    top.setBounds(300s, 6h);
    const std::chrono::seconds expectedTop[] = {300s, 600s, 1200s, 2400s, 4800s, 9600s, 19200s, 6h, 6h};
    for (const auto expected : expectedTop) {
        CHECK(top.failed() == expected);
    }
    CHECK(top.consecutiveFailures() == 9);
    CHECK(top.nextPollAt() == kNow.addSecs(6 * 3600));

    PollSchedule bottom(sequence({0.0}), fixedClock());
    bottom.setBounds(300s, 6h);
    CHECK(bottom.failed() == 300s); // half of 5 min, raised to the floor
    CHECK(bottom.failed() == 300s); // half of 10 min
    CHECK(bottom.failed() == 600s); // half of 20 min
    CHECK(bottom.failed() == 1200s);

    // Success resets the backoff: the next failure starts again at the base.
    CHECK(bottom.succeeded() == 300s);
    CHECK(bottom.consecutiveFailures() == 0);
    PollSchedule again(sequence({0.999999, 0.999999, 0.0, 0.999999}), fixedClock());
    again.setBounds(300s, 6h);
    CHECK(again.failed() == 300s);
    CHECK(again.failed() == 600s);
    CHECK(again.succeeded() == 300s);
    CHECK(again.failed() == 300s);
}

TEST_CASE("many failures never overflow and stay within the clamps", "[policy][poll]")
{
    PollSchedule schedule(sequence({0.999999}), fixedClock());
    schedule.setBounds(24h, 24h);
    std::chrono::seconds last{};
    for (int i = 0; i < 200; ++i) {
        last = schedule.failed();
        REQUIRE(last >= PollSchedule::kFloor);
        REQUIRE(last <= PollSchedule::kCeiling);
    }
    CHECK(last == 24h);
}

TEST_CASE("a random source out of range cannot stretch a delay past its bounds", "[policy][poll]")
{
    PollSchedule schedule(sequence({7.0, -3.0, std::numeric_limits<double>::quiet_NaN()}), fixedClock());
    schedule.setBounds(600s, 1200s);
    CHECK(schedule.succeeded() == 1200s);
    CHECK(schedule.succeeded() == 600s);
    CHECK(schedule.succeeded() == 600s);
}

TEST_CASE("the first poll after start comes within a minute", "[policy][poll]")
{
    PollSchedule early(sequence({0.0}), fixedClock());
    CHECK(early.initial() == 0s);
    PollSchedule late(sequence({0.999999}), fixedClock());
    CHECK(late.initial() == 59s);
    CHECK(late.nextPollAt() == kNow.addSecs(59));
}

TEST_CASE("without an injected source, delays still fall within the bounds", "[policy][poll]")
{
    PollSchedule schedule;
    schedule.setBounds(600s, 700s);
    for (int i = 0; i < 100; ++i) {
        const auto delay = schedule.succeeded();
        REQUIRE(delay >= 600s);
        REQUIRE(delay <= 700s);
    }
}
