# Issue #21, profiles: how a profile reaches its switch (TLS, SSH) and the honest warnings.
target_sources(switchboard_console PRIVATE
    profiletransport.cpp profiletransport.h
    profileexchange.cpp profileexchange.h
    securitywarnings.cpp securitywarnings.h
    profilesecrets.cpp
    trustquestion.cpp trustquestion.h
    serverconnectionstrust.cpp)
