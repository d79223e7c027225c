# tst_package_depends: the Debian package's dependencies, read from the CPack configuration the
# build generated. Korean and Chinese caller names show as boxes without a CJK font, so the
# package must pull one in; and the Qt libraries the program links must be there.
#   cmake -DCPACK_CONFIG=<build>/CPackConfig.cmake -P PackageDependsTest.cmake
include("${CPACK_CONFIG}")
set(depends "${CPACK_DEBIAN_PACKAGE_DEPENDS}")
foreach(required "fonts-noto-cjk" "libqt6widgets6" "libqt6charts6" "libqt6keychain1"
                 "libqt6sql6-sqlite")
    string(FIND "${depends}" "${required}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "the package does not depend on ${required}: ${depends}")
    endif()
endforeach()
message(STATUS "package depends: ${depends}")
