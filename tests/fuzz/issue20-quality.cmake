# Issue #20, call quality: fuzz_quality feeds RTCP header values, mediaStats replies and hangup
# variables into one LegQuality (callquality*.cpp are in the instrumented monitor library).
add_executable(fuzz_quality fuzz_quality.cpp)
target_link_libraries(fuzz_quality PRIVATE switchboard_monitor_fuzz)
target_link_options(fuzz_quality PRIVATE -fsanitize=fuzzer)
set_target_properties(fuzz_quality PROPERTIES AUTOMOC OFF AUTOUIC OFF)
