# Issue #20, call quality in the window: the calls view's Quality column, the channel details'
# Quality section and chart, and the polling of mediaStats for the channel shown.
target_sources(switchboard_ui PRIVATE
    calls/qualitypresentation.cpp calls/qualitypresentation.h
    calls/callsmodelquality.cpp
    calls/callssortproxy.cpp calls/callssortproxy.h
    calls/callsheaderstate.cpp calls/callsheaderstate.h
    window/qualitychart.cpp window/qualitychart.h
    window/qualityfacts.cpp window/qualityfacts.h)
