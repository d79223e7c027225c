# Issue #20, the simulated switch's RTP statistics: RTCP events, mediaStats, rtp_audio_* variables.
target_sources(switchboard_sim PRIVATE
    simrtp.cpp simrtp.h
    simrtcp.cpp # the RTCP events
    simrtpstats.cpp # set_stats and mediaStats' audio object
    simjsonapi.cpp # api json
)
