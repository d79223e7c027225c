# Issue #21, profiles: TLS/SSH in profiles, trust, the honest warnings, the editor.
switchboard_add_test(tst_profiletransport SOURCES console/tst_profiletransport.cpp LIBRARIES Switchboard::Console)
switchboard_add_test(tst_securitywarnings SOURCES console/tst_securitywarnings.cpp LIBRARIES Switchboard::Console)
switchboard_add_test(tst_servertrust SOURCES console/tst_servertrust.cpp LIBRARIES Switchboard::Console Switchboard::Sim)
switchboard_add_test(tst_reachfields SOURCES ui/servers/tst_reachfields.cpp LIBRARIES Switchboard::Ui)
switchboard_add_test(tst_servertrustssh SOURCES console/tst_servertrustssh.cpp LIBRARIES switchboard_sshd Switchboard::Console Switchboard::Sim)
switchboard_add_test(tst_servertrusttls SOURCES console/tst_servertrusttls.cpp LIBRARIES switchboard_stunnel Switchboard::Console Switchboard::Sim)
