# Issue #20, the wallboard: a full-screen board of big numbers for a wall display.
target_sources(switchboard_ui PRIVATE
    wallboard/wallboardwindow.cpp wallboard/wallboardwindow.h
    wallboard/wallboardtile.cpp wallboard/wallboardtile.h
    wallboard/wallboardlayout.cpp wallboard/wallboardlayout.h)
