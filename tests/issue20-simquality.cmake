# Issue #20, the simulated switch's RTP statistics (lib/sim/simrtp.*), held against the
# sip-call-quality capture.
switchboard_add_test(tst_simquality SOURCES sim/tst_simquality.cpp sim/tst_simquality_stats.cpp
    sim/simqualitytest.h sim/simclient.cpp sim/simclient.h LIBRARIES Switchboard::Sim)
