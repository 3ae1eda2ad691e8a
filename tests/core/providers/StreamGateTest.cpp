#include "providers/StreamGate.h"

#include "StreamTestSupport.h"

#include <catch2/catch.hpp>

using namespace veil::providers;
using Events = std::vector<StreamEvent>;

namespace {

Events passAll(StreamGate& gate, Events events)
{
    Events out;
    for (StreamEvent& event : events) {
        gate.pass(std::move(event), out);
    }
    return out;
}

Events end(StreamGate& gate)
{
    Events out;
    gate.end(out);
    return out;
}

const StreamError kTruncated{
    StreamError::Kind::Truncated, QStringLiteral("The reply ended before the provider finished it."), {}};

} // namespace

TEST_CASE("nothing passes after done", "[providers][gate]")
{
    StreamGate gate;
    CHECK(passAll(gate, {TextDelta{0, "a"}, StreamDone{}, TextDelta{0, "b"}, StreamDone{}})
          == Events{TextDelta{0, "a"}, StreamDone{}});
    CHECK(gate.closed());
    CHECK(end(gate).empty());
}

TEST_CASE("nothing passes after an error", "[providers][gate]")
{
    StreamGate gate;
    const StreamError error{StreamError::Kind::Provider, QStringLiteral("x"), {}};
    CHECK(passAll(gate, {error, Finished{}, StreamDone{}}) == Events{error});
    CHECK(end(gate).empty());
}

TEST_CASE("the end of the body after every choice finished is done", "[providers][gate]")
{
    StreamGate gate;
    passAll(gate,
            {TextDelta{0, "a"}, TextDelta{1, "b"}, Finished{1, FinishReason::Stop, "stop"},
             Finished{0, FinishReason::Stop, "stop"}, TokenUsage{1, 2}});
    CHECK_FALSE(gate.closed());
    CHECK(end(gate) == Events{StreamDone{}});
    CHECK(gate.closed());
}

TEST_CASE("the end of the body before a finish is a truncation", "[providers][gate]")
{
    SECTION("nothing at all")
    {
        StreamGate gate;
        CHECK(end(gate) == Events{kTruncated});
    }
    SECTION("text without a finish")
    {
        StreamGate gate;
        passAll(gate, {TextDelta{0, "a"}});
        CHECK(end(gate) == Events{kTruncated});
    }
    SECTION("one choice of two still open")
    {
        StreamGate gate;
        passAll(gate, {TextDelta{0, "a"}, ToolCallDelta{1, 0, "id", "f", ""}, Finished{0, FinishReason::Stop, "stop"}});
        CHECK(end(gate) == Events{kTruncated});
    }
}

TEST_CASE("a parser failure ends the stream with its message", "[providers][gate]")
{
    StreamGate gate;
    Events out;
    gate.failParser({veil::Error::Code::Capacity, QStringLiteral("Too big.")}, out);
    CHECK(out == Events{StreamError{StreamError::Kind::TooLarge, QStringLiteral("Too big."), {}}});
    CHECK(gate.closed());
}
