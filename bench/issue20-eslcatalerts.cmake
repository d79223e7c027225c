# Issue #20, eslcatalerts: the alert rule engine at 30,000 events/s with 50 rules, and call
# quality derivation for 10,000 legs reporting RTCP every 4 s.
add_executable(bench_alerts bench_alerts.cpp benchsupport.h)
target_link_libraries(bench_alerts PRIVATE Switchboard::Monitor)
target_compile_definitions(bench_alerts PRIVATE
    SWITCHBOARD_LOAD_CAPTURE="${SWITCHBOARD_LOAD_FIXTURES}/load.esl"
    SWITCHBOARD_REAL2_FIXTURES="${PROJECT_SOURCE_DIR}/tests/fixtures/real2"
    SWITCHBOARD_BUILD_TYPE="$<CONFIG>")

add_executable(bench_quality bench_quality.cpp benchsupport.h)
target_link_libraries(bench_quality PRIVATE Switchboard::Monitor)
target_compile_definitions(bench_quality PRIVATE
    SWITCHBOARD_QUALITY_CAPTURE="${PROJECT_SOURCE_DIR}/tests/fixtures/real2/sip-call-quality.esl"
    SWITCHBOARD_BUILD_TYPE="$<CONFIG>")
