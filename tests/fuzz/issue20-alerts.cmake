# Issue #20, alerts: fuzz_alerts feeds rules files and events to the alert engine. The engine
# reads a server's channel store, which the instrumented monitor library leaves out (no other
# target reaches it): its sources are compiled into this target, with their moc.
add_executable(fuzz_alerts fuzz_alerts.cpp
    "${PROJECT_SOURCE_DIR}/lib/monitor/channel.cpp" "${PROJECT_SOURCE_DIR}/lib/monitor/channel.h"
    "${PROJECT_SOURCE_DIR}/lib/monitor/channelstore.cpp"
    "${PROJECT_SOURCE_DIR}/lib/monitor/channelstore.h"
    "${PROJECT_SOURCE_DIR}/lib/monitor/channelstorecalls.cpp")
target_link_libraries(fuzz_alerts PRIVATE switchboard_monitor_fuzz)
target_link_options(fuzz_alerts PRIVATE -fsanitize=fuzzer)
set_target_properties(fuzz_alerts PROPERTIES AUTOMOC ON AUTOUIC OFF)
