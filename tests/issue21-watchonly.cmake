# Issue #21, watch-only connections: the library's allow-list, the system-wide setting, the
# monitor and the window without control actions, permission refusals under userauth.
switchboard_add_test(tst_watchonly SOURCES esl/tst_watchonly.cpp LIBRARIES Switchboard::Sim)
switchboard_add_test(tst_watchonlysetting SOURCES console/tst_watchonlysetting.cpp LIBRARIES Switchboard::Console)
switchboard_add_test(tst_watchonlymonitor SOURCES monitor/tst_watchonlymonitor.cpp LIBRARIES Switchboard::Monitor Switchboard::Sim)
switchboard_add_test(tst_watchonlybroker SOURCES console/tst_watchonlybroker.cpp LIBRARIES Switchboard::Console)
switchboard_add_test(tst_permissionrefusal SOURCES console/tst_permissionrefusal.cpp LIBRARIES Switchboard::Console Switchboard::Sim)
switchboard_add_test(tst_eslcat_watchonly SOURCES app/tst_eslcat_watchonly.cpp LIBRARIES Switchboard::Sim)
target_compile_definitions(tst_eslcat_watchonly PRIVATE ESLCAT_PATH="$<TARGET_FILE:eslcat>")
add_dependencies(tst_eslcat_watchonly eslcat)
switchboard_add_test(tst_watchonlywindow SOURCES ui/window/tst_watchonlywindow.cpp LIBRARIES Switchboard::Ui Switchboard::Sim)
switchboard_add_test(tst_watchonlycontrol SOURCES console/tst_watchonlycontrol.cpp LIBRARIES Switchboard::Console Switchboard::Sim)
