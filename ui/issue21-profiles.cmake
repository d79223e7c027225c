# Issue #21, profiles: the editor's "Reach the switch" section and the trust dialog.
target_sources(switchboard_ui PRIVATE
    servers/reachfields.cpp servers/reachfields.h
    servers/trustdialog.cpp servers/trustdialog.h
    servers/profilesdialogexchange.cpp
    servers/profileeditorsafety.cpp)
