# Issue #20, call quality in the window: the calls view's Quality column.
target_sources(switchboard_ui PRIVATE
    calls/qualitypresentation.cpp calls/qualitypresentation.h
    calls/callsmodelquality.cpp
    calls/callssortproxy.cpp calls/callssortproxy.h
    calls/callsheaderstate.cpp calls/callsheaderstate.h)
