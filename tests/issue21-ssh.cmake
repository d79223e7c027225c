# Issue #21, the built-in SSH tunnel: a real OpenSSH sshd of the tests' own (support/sshd.*) in
# front of the simulated switch, for the transport and for eslcat --ssh.
add_library(switchboard_sshd STATIC support/sshd.cpp support/sshd.h)
target_link_libraries(switchboard_sshd PUBLIC switchboard_testsupport)
switchboard_add_test(tst_sshtransport SOURCES esl/tst_sshtransport.cpp
    LIBRARIES switchboard_sshd Switchboard::Sim)
switchboard_add_test(tst_eslcatssh SOURCES app/tst_eslcatssh.cpp
    LIBRARIES switchboard_sshd Switchboard::Sim)
target_compile_definitions(tst_eslcatssh PRIVATE ESLCAT_PATH="$<TARGET_FILE:eslcat>")
add_dependencies(tst_eslcatssh eslcat)
switchboard_add_test(tst_sshtunnelbytes SOURCES esl/tst_sshtunnelbytes.cpp
    LIBRARIES switchboard_sshd)
