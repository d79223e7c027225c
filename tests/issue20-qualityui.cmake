# Issue #20, call quality in the window: the Quality column and the details' Quality section,
# against the simulated switch through a real Event Socket.
switchboard_add_test(tst_qualitycolumn SOURCES ui/calls/tst_qualitycolumn.cpp LIBRARIES Switchboard::Ui Switchboard::Sim)
switchboard_add_test(tst_qualitydetails SOURCES ui/window/tst_qualitydetails.cpp LIBRARIES Switchboard::Ui Switchboard::Sim)
