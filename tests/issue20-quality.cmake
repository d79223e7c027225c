# Issue #20, call quality (lib/monitor/callquality.h): the figures on the real capture, the
# E-model, hostile values, snapshots and `eslcat calls`' JSON; ServerMonitor::refreshQuality.
switchboard_add_test(tst_callquality SOURCES monitor/tst_callquality.cpp LIBRARIES Switchboard::Monitor)
switchboard_add_test(tst_qualitymonitor SOURCES monitor/tst_qualitymonitor.cpp LIBRARIES Switchboard::Monitor)
