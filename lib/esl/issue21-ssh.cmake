# Issue #21, the built-in SSH tunnel (sshtransport.cpp, already in the target): the shared SSH
# connections, their worker threads, the login and the pump.
target_sources(switchboard_esl PRIVATE
    sshtunnel.cpp sshtunnel.h
    sshtunnelworker.cpp sshtunnelworker.h
    sshtunnellogin.cpp sshtunnelsteps.h
    sshtunnelpump.cpp)
