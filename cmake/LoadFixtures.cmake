# The load captures (70 MB) are kept compressed in tests/fixtures/load.tar.xz; tests and
# benchmarks read them unpacked from <build>/fixtures. The stamp keeps a reconfigure from
# unpacking them again unless the archive changed (the unpacked files keep the archive's old
# timestamps, so they cannot serve as the stamp).
set(SWITCHBOARD_LOAD_FIXTURES "${CMAKE_BINARY_DIR}/fixtures")
set(_switchboard_load_archive "${PROJECT_SOURCE_DIR}/tests/fixtures/load.tar.xz")
set(_switchboard_load_stamp "${SWITCHBOARD_LOAD_FIXTURES}/load.tar.xz.stamp")
set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${_switchboard_load_archive}")
if("${_switchboard_load_archive}" IS_NEWER_THAN "${_switchboard_load_stamp}")
    file(ARCHIVE_EXTRACT INPUT "${_switchboard_load_archive}" DESTINATION "${SWITCHBOARD_LOAD_FIXTURES}")
    file(TOUCH "${_switchboard_load_stamp}")
endif()
