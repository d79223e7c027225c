# Issue #20, call quality: per-leg loss, jitter, RTT and an estimated MOS (callquality.h).
target_sources(switchboard_monitor PRIVATE
    callquality.cpp
    callquality.h
    callqualityinputs.cpp
    callqualityjson.cpp
    channelstorequality.cpp
    servermonitorquality.cpp
)
