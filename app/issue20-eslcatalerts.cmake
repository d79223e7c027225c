# Issue #20, eslcatalerts: `eslcat alerts` (the window's alert engine as JSON lines).
target_sources(eslcat PRIVATE eslcat/alerts.cpp eslcat/alerts.h eslcat/alertsrun.cpp)
