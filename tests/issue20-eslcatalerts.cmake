# Issue #20, eslcatalerts: `eslcat alerts` (and `eslcat calls` quality) against the simulator.
switchboard_add_test(tst_eslcatalerts SOURCES app/tst_eslcatalerts.cpp LIBRARIES Switchboard::Monitor Switchboard::Sim)
target_compile_definitions(tst_eslcatalerts PRIVATE ESLCAT_PATH="$<TARGET_FILE:eslcat>")
add_dependencies(tst_eslcatalerts eslcat)
