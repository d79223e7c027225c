# Issue #21, TLS: the public-key pin helper beside the TLS transport (tlstransport.cpp).
target_sources(switchboard_esl PRIVATE tlspin.cpp tlspin.h)
target_sources(switchboard_esl PRIVATE tlsfiles.cpp tlsfiles.h)
