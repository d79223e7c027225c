# Issue #20, alerts: the rule engine (rules, evaluation, de-duplication, notices, journal, export).
target_sources(switchboard_monitor PRIVATE
    alert.h
    alertengine.cpp alertengine.h
    alertexport.cpp alertexport.h
    alertjournal.cpp alertjournal.h
    alertqualityrule.cpp
    alertrecordrules.cpp
    alertrules.cpp alertrules.h alertrulesjson.cpp
    alertstaterules.cpp
    alertwatch.cpp
    alertwindow.h)
