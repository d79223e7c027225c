# Issue #20, the wallboard: its numbers against the simulated switch, and the board itself.
switchboard_add_test(tst_wallboardfigures SOURCES monitor/tst_wallboardfigures.cpp LIBRARIES Switchboard::Monitor Switchboard::Sim)
switchboard_add_test(tst_wallboard SOURCES ui/wallboard/tst_wallboard.cpp LIBRARIES Switchboard::Ui Switchboard::Sim)
