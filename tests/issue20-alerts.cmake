# Issue #20, alerts: the rule engine's bookkeeping, the rules file, and every built-in rule on
# the real captures and the simulator.
switchboard_add_test(tst_alertengine SOURCES monitor/tst_alertengine.cpp LIBRARIES Switchboard::Monitor)
switchboard_add_test(tst_alertrulesfile SOURCES monitor/tst_alertrulesfile.cpp LIBRARIES Switchboard::Monitor)
switchboard_add_test(tst_alertrules SOURCES monitor/tst_alertrules.cpp monitor/sofiacapture.h monitor/callcentercapture.h LIBRARIES Switchboard::Monitor)
switchboard_add_test(tst_alertsim SOURCES monitor/tst_alertsim.cpp LIBRARIES Switchboard::Monitor Switchboard::Sim)
