# Issue #20, alerts in the window: the Alerts tab against the simulated switch through a real
# Event Socket (rows, title, acknowledge, silence, go to, export, the rule editor, the journal),
# and the delivery decisions (tray, sound) with a test tray.
switchboard_add_test(tst_alertspanel SOURCES ui/alerts/tst_alertspanel.cpp LIBRARIES Switchboard::Ui Switchboard::Sim)
switchboard_add_test(tst_alertdelivery SOURCES ui/alerts/tst_alertdelivery.cpp LIBRARIES Switchboard::Ui)
