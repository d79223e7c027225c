# Issue #21, watch-only: control actions removed for watch-only servers.
target_sources(switchboard_ui PRIVATE common/controlactions.cpp common/controlactions.h)
