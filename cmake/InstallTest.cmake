# tst_install: the ESL library must be usable without the rest of the tree. Run by CTest as
#   cmake -DBUILD_DIR=... -DEXAMPLES_DIR=... -DWORK_DIR=... -DGENERATOR=... -DCXX_COMPILER=...
#         -DBUILD_TYPE=... [-DPREFIX_PATH=a|b] -DFORBIDDEN=<source dir> -P InstallTest.cmake
# it installs only the library component of BUILD_DIR into a scratch prefix, checks the layout,
# then configures examples/ as a standalone project that finds it with find_package and builds
# it with warnings as errors. Any failing step fails the test.
foreach(var BUILD_DIR EXAMPLES_DIR WORK_DIR GENERATOR CXX_COMPILER FORBIDDEN)
    if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
        message(FATAL_ERROR "InstallTest.cmake needs -D${var}=...")
    endif()
endforeach()

function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${what} failed (${rc}):\n${out}")
    endif()
    message(STATUS "${what}: ok")
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

# 1. Only the library's component: no eslcat, nothing else from the tree.
set(config)
if(BUILD_TYPE)
    set(config --config "${BUILD_TYPE}")
endif()
run("install the library" "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}"
    --component SwitchboardEsl ${config})

# 2. The layout the package promises, and nothing that points back into the tree.
foreach(file include/switchboard/esl/session.h include/switchboard/esl/outboundserver.h
             include/switchboard/esl/wire/event.h include/switchboard/esl/wire/parser.h)
    if(NOT EXISTS "${prefix}/${file}")
        message(FATAL_ERROR "not installed: ${file}")
    endif()
endforeach()
# Static, or shared in a tree built with SWITCHBOARD_SHARED_LIBS (the sanitizer build).
file(GLOB_RECURSE libraries "${prefix}/*/libswitchboard_esl.a" "${prefix}/*/libswitchboard_esl.so")
file(GLOB_RECURSE configs "${prefix}/*/SwitchboardEslConfig.cmake")
if(NOT libraries OR NOT configs)
    message(FATAL_ERROR "the library or the package config is missing under ${prefix}")
endif()
file(GLOB_RECURSE installed RELATIVE "${prefix}" "${prefix}/*")
foreach(file IN LISTS installed)
    if(NOT file MATCHES "^(include/switchboard/esl/|lib[^/]*/)")
        message(FATAL_ERROR "installed outside the library's places: ${file}")
    endif()
endforeach()
file(GLOB_RECURSE cmake_files "${prefix}/*.cmake")
foreach(file IN LISTS cmake_files)
    file(READ "${file}" text)
    string(FIND "${text}" "${FORBIDDEN}" at)
    if(NOT at EQUAL -1)
        message(FATAL_ERROR "${file} refers to the source tree (${FORBIDDEN})")
    endif()
endforeach()

# 3. The examples as their own project, against the installed package only.
string(REPLACE "|" ";" prefix_path "${prefix};${PREFIX_PATH}")
set(build "${WORK_DIR}/examples")
run("configure examples/ standalone" "${CMAKE_COMMAND}" -S "${EXAMPLES_DIR}" -B "${build}"
    -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
    "-DCMAKE_PREFIX_PATH=${prefix_path}" -DCMAKE_COMPILE_WARNING_AS_ERROR=ON)
file(STRINGS "${build}/CMakeCache.txt" found REGEX "^SwitchboardEsl_DIR:")
if(NOT found MATCHES "=${prefix}/")
    message(FATAL_ERROR "find_package found another SwitchboardEsl: ${found}")
endif()
run("build examples/ standalone" "${CMAKE_COMMAND}" --build "${build}")
foreach(program outbound_ivr event_printer)
    if(NOT EXISTS "${build}/${program}")
        message(FATAL_ERROR "${program} was not built")
    endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
