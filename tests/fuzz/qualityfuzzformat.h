#pragma once
// fuzz_quality's input format, shared by the target (fuzz_quality.cpp) and the seed maker
// (qualityseeds.cpp) so that a header added to one list is one the seeds fill in. The input is
// parts separated by kPartSeparator, each led by its kind byte; an RTCP or hangup part's lines
// are header values, the n-th line the value of the n-th name of its list (a shorter part leaves
// the rest out, an empty line is a header present with an empty value).

#include <iterator>

namespace QualityFuzz {

inline constexpr char kPartSeparator = '\x1e';

// The kind bytes.
inline constexpr char kSendReport = 's'; // SEND_RTCP_MESSAGE, lines in kRtcpHeaders' order
inline constexpr char kRecvReport = 'r'; // RECV_RTCP_MESSAGE, the same
inline constexpr char kMediaStats = 'm'; // the whole body of a mediaStats reply
inline constexpr char kHangup = 'h';     // CHANNEL_HANGUP_COMPLETE, lines in kHangupVariables'
inline constexpr char kClockRate = 'c';  // the channel's clock rate, as text

// Both kinds of report in one list: SEND's block is Source-, RECV's Source0-, Source1-...
// (grouped by block, by hand)
// clang-format off
inline constexpr const char *kRtcpHeaders[] = {
    "SSRC", "RTP-Rate", "Capture-Time", "Rtt0-Avg",
    "Source-SSRC", "Source-Fraction", "Source-Lost", "Source-Highest-Sequence-Number-Received",
    "Source-Jitter", "Source-LSR", "Source-DLSR",
    "Source0-SSRC", "Source0-Fraction", "Source0-Lost", "Source0-Highest-Sequence-Number-Received",
    "Source0-Jitter", "Source0-LSR", "Source0-DLSR",
    "Source1-SSRC", "Source1-Fraction", "Source1-Lost", "Source1-Jitter", "Source1-LSR",
};
inline constexpr auto kRtcpHeaderCount = std::size(kRtcpHeaders);

inline constexpr const char *kHangupVariables[] = {
    "variable_rtp_audio_in_mos", "variable_rtp_audio_in_packet_count",
    "variable_rtp_audio_in_media_packet_count", "variable_rtp_audio_in_skip_packet_count",
    "variable_rtp_audio_in_flush_packet_count", "variable_rtp_audio_in_dtmf_packet_count",
    "variable_rtp_audio_in_cng_packet_count", "variable_rtp_audio_in_jitter_min_variance",
    "variable_rtp_audio_in_jitter_max_variance", "variable_rtp_audio_in_flaw_total",
    "variable_rtp_audio_in_quality_percentage", "variable_rtp_audio_out_packet_count",
    "variable_rtp_use_codec_name", "variable_rtp_use_codec_rate",
};
// clang-format on
inline constexpr auto kHangupVariableCount = std::size(kHangupVariables);

} // namespace QualityFuzz
