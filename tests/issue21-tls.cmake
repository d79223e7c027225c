# Issue #21, TLS: the TLS transport through Debian's stunnel4 in front of the simulated switch,
# in the library and in eslcat. stunnel and the test certificates (openssl CLI) are a small
# support library of their own.
add_library(switchboard_stunnel STATIC
    support/stunnel.cpp support/stunnel.h
    support/tlscertificates.cpp support/tlscertificates.h)
target_link_libraries(switchboard_stunnel PUBLIC switchboard_testsupport)
switchboard_add_test(tst_tlstransport SOURCES esl/tst_tlstransport.cpp esl/tlsrig.h
    LIBRARIES switchboard_stunnel Switchboard::Sim)
switchboard_add_test(tst_eslcattls SOURCES app/tst_eslcattls.cpp
    LIBRARIES switchboard_stunnel Switchboard::Sim)
target_compile_definitions(tst_eslcattls PRIVATE ESLCAT_PATH="$<TARGET_FILE:eslcat>")
add_dependencies(tst_eslcattls eslcat)
switchboard_add_test(tst_tlspin SOURCES esl/tst_tlspin.cpp LIBRARIES switchboard_stunnel)
switchboard_add_test(tst_tlslink SOURCES esl/tst_tlslink.cpp esl/tlsrig.h
    LIBRARIES switchboard_stunnel Switchboard::Sim)
