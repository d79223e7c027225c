# Issue #20, the wallboard: its numbers, computed from the hub's stores without widgets.
target_sources(switchboard_monitor PRIVATE wallboardfigures.cpp wallboardfigures.h)
